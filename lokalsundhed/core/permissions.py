"""The permission catalogue: which role may do what. The one place that says it.

Documented for people in docs/permissions.md; a test keeps the two in step.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CARETAKER = "caretaker", _("Caretaker")
    SOCIAL_WORKER = "social_worker", _("Housing social worker")
    INTAKE = "intake", _("Municipal intake")
    UNIT_WORKER = "unit_worker", _("Municipal unit worker")
    PROFESSIONAL = "professional", _("Health professional / facilitator")
    ANALYST = "analyst", _("Partnership lead / analyst")
    ADMIN = "admin", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


class Perm(StrEnum):
    VIEW_ORGANISATION = "view_organisation"  # estates, facilities, partnerships of own organisations
    VIEW_DWELLINGS = "view_dwellings"  # addresses of homes (personal data when tied to a resident)
    VIEW_RESIDENT_DATA = "view_resident_data"  # observations, referrals, sign-ups about residents
    VIEW_AGGREGATES = "view_aggregates"  # dashboards and reports with anonymous figures only
    MANAGE_ORGANISATION = "manage_organisation"  # estates, facilities, partnerships
    MANAGE_MEMBERS = "manage_members"  # people, roles, lock-outs
    VIEW_AUDIT_LOG = "view_audit_log"  # who read what, when and why
    REPORT_OBSERVATION = "report_observation"  # file observations and follow one's own referrals
    WORK_REFERRALS = "work_referrals"  # the receiving units' queue: claim, take over, close, return
    MANAGE_ROUTING = "manage_routing"  # receiving units, routing rules, deadlines (municipal administrators)
    EXPORT_SUBJECT_DATA = "export_subject_data"  # a data subject's access request
    MANAGE_DIRECTORY = "manage_directory"  # the help guide's services and guidance cards (municipal administrators)
    RUN_OFFERS = "run_offers"  # offers, their participants, sign-up on a resident's behalf, attendance
    WORK_ERRANDS = "work_errands"  # practical help: request on a resident's behalf, take, complete
    MANAGE_GOALS = "manage_goals"  # a partnership's theme of the year and its shared goals
    MANAGE_TRAINING = "manage_training"  # plan training sessions, enrol one's people, record attendance
    MANAGE_VOLUNTEERS = "manage_volunteers"  # volunteers, their assignments, shifts and hours
    WORK_STEPS = "work_steps"  # small steps into work: companies, opportunities, residents' interest and follow-up
    BOOK_ROOMS = "book_rooms"  # book rooms of one's estates, single or weekly, and cancel one's organisation's bookings


_ALL_STAFF = {Perm.VIEW_ORGANISATION}

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.CARETAKER: frozenset(
        _ALL_STAFF
        | {Perm.VIEW_DWELLINGS, Perm.VIEW_RESIDENT_DATA, Perm.REPORT_OBSERVATION, Perm.WORK_ERRANDS, Perm.BOOK_ROOMS}
    ),
    Role.SOCIAL_WORKER: frozenset(
        _ALL_STAFF
        | {
            Perm.VIEW_DWELLINGS,
            Perm.VIEW_RESIDENT_DATA,
            Perm.REPORT_OBSERVATION,
            Perm.RUN_OFFERS,
            Perm.WORK_ERRANDS,
            Perm.MANAGE_VOLUNTEERS,
            Perm.WORK_STEPS,
            Perm.BOOK_ROOMS,
        }
    ),
    Role.INTAKE: frozenset(_ALL_STAFF | {Perm.VIEW_DWELLINGS, Perm.VIEW_RESIDENT_DATA, Perm.WORK_REFERRALS}),
    Role.UNIT_WORKER: frozenset(_ALL_STAFF | {Perm.VIEW_DWELLINGS, Perm.VIEW_RESIDENT_DATA, Perm.WORK_REFERRALS}),
    Role.PROFESSIONAL: frozenset(_ALL_STAFF | {Perm.VIEW_RESIDENT_DATA, Perm.RUN_OFFERS, Perm.BOOK_ROOMS}),
    Role.ANALYST: frozenset(_ALL_STAFF | {Perm.VIEW_AGGREGATES, Perm.MANAGE_GOALS}),
    Role.ADMIN: frozenset(
        _ALL_STAFF
        | {
            Perm.VIEW_DWELLINGS,
            Perm.VIEW_AGGREGATES,
            Perm.MANAGE_ORGANISATION,
            Perm.MANAGE_MEMBERS,
            Perm.MANAGE_ROUTING,
            Perm.EXPORT_SUBJECT_DATA,
            Perm.MANAGE_DIRECTORY,
            Perm.MANAGE_GOALS,
            Perm.MANAGE_TRAINING,
            Perm.MANAGE_VOLUNTEERS,
            Perm.BOOK_ROOMS,
        }
    ),
    Role.AUDITOR: frozenset(_ALL_STAFF | {Perm.VIEW_AUDIT_LOG}),
}

# Holding any of these means reading personal data about residents or staff: two-factor required.
PERSONAL_DATA_PERMS = frozenset(
    {
        Perm.VIEW_DWELLINGS,
        Perm.VIEW_RESIDENT_DATA,
        Perm.MANAGE_MEMBERS,
        Perm.VIEW_AUDIT_LOG,
        Perm.REPORT_OBSERVATION,
        Perm.WORK_REFERRALS,
        Perm.EXPORT_SUBJECT_DATA,
        Perm.RUN_OFFERS,
        Perm.WORK_ERRANDS,
        Perm.MANAGE_TRAINING,
        Perm.MANAGE_VOLUNTEERS,
        Perm.WORK_STEPS,
    }
)


def role_requires_two_factor(role: str) -> bool:
    """True when the role can see personal data and so must log in with a second factor."""
    return bool(ROLE_PERMISSIONS[Role(role)] & PERSONAL_DATA_PERMS)
