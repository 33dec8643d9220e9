"""Volunteers and competence development in the national year: in proportion to the scale, every
rule of the two capabilities kept, reproducible."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from lokalsundhed.accounts.models import Membership
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm
from lokalsundhed.demo.national_people import People
from lokalsundhed.organisations.models import Estate
from lokalsundhed.training import selectors as training
from lokalsundhed.training.models import FRONT_LINE_ROLES, Enrolment, Posting, TrainingSession
from lokalsundhed.volunteers.models import (
    CERTIFICATE_VALID,
    Assignment,
    CivilSocietyOrganisation,
    Safeguarding,
    Shift,
    Volunteer,
)
from lokalsundhed.volunteers.reminders import REMINDER_WINDOW

pytestmark = pytest.mark.django_db

SCALE = 0.004


def _generate(seed: int = 7) -> str:
    out = StringIO()
    call_command("generate_national", "--scale", str(SCALE), "--seed", str(seed), stdout=out, stderr=StringIO())
    return out.getvalue()


def _roles_with(perm: Perm) -> list[str]:
    return [str(role) for role, perms in ROLE_PERMISSIONS.items() if perm in perms]


def test_the_figures_scale_with_the_factor():
    assert People.at_scale(1) == People(associations=500, volunteers=20_000, shifts=100_000,
                                        training_sessions=2_000, enrolments=30_000)
    assert People.at_scale(SCALE) == People(2, 80, 400, 8, 120)
    assert People.at_scale(0.00001) == People(1, 1, 1, 1, 1)


def test_it_gives_volunteers_a_year_of_shifts_in_proportion_and_by_the_rules():
    out = _generate()
    now, today = timezone.now(), timezone.localdate()
    assert CivilSocietyOrganisation.objects.count() == 2
    assert Volunteer.objects.count() == 80
    assert 300 < Shift.objects.count() <= 400
    assert set(Volunteer.objects.values_list("status", flat=True)) == set(Volunteer.Status)
    assert set(Volunteer.objects.values_list("kind", flat=True)) == set(Volunteer.Kind)
    # Those who stopped did so in the past, which retention counts from; the others have not.
    stopped = Volunteer.objects.filter(status=Volunteer.Status.INACTIVE)
    assert not stopped.filter(Q(stopped_at__isnull=True) | Q(stopped_at__gt=now)).exists()
    assert not Volunteer.objects.exclude(status=Volunteer.Status.INACTIVE).filter(stopped_at__isnull=False).exists()
    # An association volunteer comes from an association in the municipality of their estate.
    assert not Volunteer.objects.filter(kind=Volunteer.Kind.NGO).exclude(
        civil_society__municipality_id=F("estate__municipality_id")).exists()
    assert not Volunteer.objects.filter(estate__isnull=False).exclude(
        estate__housing_organisation_id=F("housing_organisation_id")).exists()
    # Approved volunteers with an e-mail address log in with it (by one-time code: no password).
    logins = Volunteer.objects.filter(user__isnull=False)
    assert logins.exists() and not logins.filter(status=Volunteer.Status.APPLIED).exists()
    assert not logins.exclude(user__email=F("email")).exists()
    assert not any(v.user.has_usable_password() for v in logins.select_related("user"))

    # Assignments: made by a coordinator of the volunteer's housing organisation, on its activities.
    assignments = Assignment.objects.select_related("offer__estate", "volunteer")
    assert assignments.filter(ended_at__isnull=False).exists()
    assert not assignments.filter(ended_at__isnull=True, volunteer__status=Volunteer.Status.INACTIVE).exists()
    coordinators = set(Membership.objects.filter(role__in=_roles_with(Perm.MANAGE_VOLUNTEERS)).values_list(
        "user_id", "organisation_id"))
    partners = {(p.offer_id, o) for p in assignments.filter(offer__partnership__isnull=False)
                for o in p.offer.partnership.housing_organisations.values_list("pk", flat=True)}
    for assignment in assignments:
        housing_id = assignment.volunteer.housing_organisation_id
        assert assignment.offer.estate is None or assignment.offer.estate.housing_organisation_id == housing_id
        assert assignment.offer.estate is not None or (assignment.offer_id, housing_id) in partners
        assert (assignment.created_by_id, housing_id) in coordinators
        assert assignment.created_at >= assignment.volunteer.created_at
    # Safeguarded activities: every volunteer on them had a valid certificate when they joined.
    assert Safeguarding.objects.exists()
    on_safeguarded = assignments.filter(offer__safeguarding__isnull=False)
    assert not on_safeguarded.filter(Q(volunteer__criminal_record_checked_on__isnull=True)
                                     | Q(volunteer__criminal_record_checked_on__gt=F("created_at__date"))).exists()
    assert not on_safeguarded.filter(volunteer__criminal_record_checked_on__lt=today - CERTIFICATE_VALID).exists()

    # Shifts: at a session of their own activity, held by someone on its team at the time.
    shifts = Shift.objects.select_related("session")
    assert not shifts.exclude(offer_id=F("session__offer_id")).exists()
    teams: dict[tuple[int, int], list[Assignment]] = {}
    for assignment in assignments:
        teams.setdefault((assignment.volunteer_id, assignment.offer_id), []).append(assignment)
    for shift in shifts.filter(volunteer__isnull=False):
        starts = shift.session.starts_at
        assert any(a.created_at <= starts and (a.ended_at is None or a.ended_at > starts)
                   for a in teams[(shift.volunteer_id, shift.offer_id)])
    # Hours only on past shifts that somebody held, logged by a coordinator; swaps only coming.
    assert shifts.filter(minutes__isnull=False).exists()
    assert not shifts.filter(minutes__isnull=False, session__starts_at__gt=now).exists()
    assert not shifts.filter(Q(minutes__lt=1) | Q(minutes__gt=720)).exists()
    assert not shifts.filter(minutes__isnull=False).exclude(logged_by__memberships__role__in=_roles_with(
        Perm.MANAGE_VOLUNTEERS)).exists()
    assert not shifts.filter(swap_offered_at__isnull=False).filter(
        Q(session__starts_at__lte=now) | Q(volunteer__isnull=True) | Q(swap_offered_at__gt=now)).exists()
    assert shifts.filter(session__starts_at__gt=now, volunteer__isnull=False).exists()
    assert shifts.filter(volunteer__isnull=True).exists()  # open: nobody held it, or somebody may take it

    # Certificates running out soon: the coordinators' reminder has work, once per volunteer.
    cutoff = today + REMINDER_WINDOW - CERTIFICATE_VALID
    due = Volunteer.objects.filter(status=Volunteer.Status.ACTIVE, criminal_record_checked_on__lte=cutoff,
                                   criminal_record_checked_on__gte=today - CERTIFICATE_VALID)
    assert due.filter(certificate_reminded_on__isnull=True).exists()
    assert not Volunteer.objects.filter(criminal_record_checked_on__gt=today).exists()
    assert not Volunteer.objects.filter(criminal_record_checked_on__lt=F("created_at__date")).exists()
    assert "80  volunteers" in out and "volunteer shifts" in out


def test_it_trains_the_front_line_staff_in_proportion_and_by_the_rules():
    out = _generate()
    now, today = timezone.now(), timezone.localdate()
    sessions = TrainingSession.objects.all()
    assert sessions.count() == 8
    enrolments = Enrolment.objects.select_related("session__module")
    # Up to 120 (30,000 × 0.004); no one takes a module twice unless a refresher is due, and the 18
    # caretakers and social workers of this tiny country can take only so many (95 % at scale 0.1).
    assert 50 < enrolments.count() <= 120
    assert sessions.filter(starts_at__gt=now).exists() and sessions.filter(starts_at__lte=now).exists()
    assert not sessions.filter(Q(starts_at__lt=now - timedelta(days=366))
                               | Q(starts_at__gt=now + timedelta(days=93))).exists()
    assert not sessions.filter(ends_at__lte=F("starts_at")).exists()
    # Planned by a manager of the host; places never overbooked.
    managers = set(Membership.objects.filter(role__in=_roles_with(Perm.MANAGE_TRAINING)).values_list(
        "user_id", "organisation_id"))
    assert all((s.created_by_id, s.host_id) in managers for s in sessions)
    assert not sessions.annotate(n=Count("enrolments", filter=~Q(enrolments__state=Enrolment.State.CANCELLED))).filter(
        n__gt=F("capacity")).exists()
    # Caretakers and social workers, for their own organisation, in the host's municipality.
    members = set(Membership.objects.filter(role__in=FRONT_LINE_ROLES).values_list("user_id", "organisation_id"))
    for enrolment in enrolments.select_related("session__host", "organisation"):
        assert (enrolment.user_id, enrolment.organisation_id) in members
        assert enrolment.session.host.municipality_id == enrolment.organisation.municipality_id
        assert enrolment.enrolled_by_id == enrolment.user_id or (enrolment.enrolled_by_id,
                                                                 enrolment.organisation_id) in managers
        assert enrolment.enrolled_at < enrolment.session.starts_at and enrolment.enrolled_at <= now
        assert enrolment.session.cancelled_at is None or enrolment.enrolled_at < enrolment.session.cancelled_at
    # Attendance only on sessions held; completion dated on the session's day, valid for its refresh.
    assert set(enrolments.values_list("state", flat=True)) == set(Enrolment.State)
    assert not enrolments.filter(session__starts_at__gt=now).exclude(
        state__in=[Enrolment.State.ENROLLED, Enrolment.State.CANCELLED]).exists()
    assert not enrolments.filter(session__starts_at__gt=now, recorded_by__isnull=False).exists()
    assert not enrolments.filter(session__cancelled_at__isnull=False).exclude(state=Enrolment.State.CANCELLED).exists()
    for enrolment in enrolments.filter(state=Enrolment.State.COMPLETED):
        assert enrolment.completed_on == timezone.localtime(enrolment.session.starts_at).date()
        assert (enrolment.recorded_by_id, enrolment.organisation_id) in managers
        months = enrolment.session.module.refresh_months
        assert (enrolment.valid_until is None) == (months is None)
    # Certificates running out soon, so that the refresher reminder has work.
    assert training.refreshers_due(today, training.REMINDER_WINDOW).exists()
    # Every estate has its caretaker posted there, so coverage counts per estate.
    assert Posting.objects.values("estate").distinct().count() == Estate.objects.count()
    assert training.coverage_by_estate(list(Posting.objects.values_list("estate_id", flat=True)), today)
    assert "training enrolments" in out


def test_the_same_seed_gives_the_same_people():
    def snapshot(seed: int) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, int]], list[tuple[str, str]]]:
        with transaction.atomic():
            _generate(seed=seed)
            volunteers = list(Volunteer.objects.order_by("pk").values_list("first_name", "last_name", "kind", "status"))
            shifts = list(Shift.objects.order_by("pk").values_list("role", "minutes"))
            enrolments = list(Enrolment.objects.order_by("pk").values_list("session__module__code", "state"))
            transaction.set_rollback(True)
        return volunteers, shifts, enrolments

    assert snapshot(3) == snapshot(3)
    assert snapshot(3) != snapshot(4)
