"""Every write of competence development: sessions, enrolment (by the person or their
manager), attendance and completion. Each function takes `actor`, runs in one transaction and
writes the access log. One guard per step says when it is allowed."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.training.models import Enrolment, Module, TrainingSession

State = Enrolment.State


class NotAllowed(Exception):
    """The step cannot be taken now; the message says why (shown to the user)."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month where that day does not exist)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(module: Module, completed_on: date) -> date | None:
    return add_months(completed_on, module.refresh_months) if module.refresh_months else None


# --- Sessions ------------------------------------------------------------------------------


@transaction.atomic
def plan_session(module: Module, *, host: Organisation, starts_at: datetime, ends_at: datetime, place: str,
                 capacity: int, actor: User, request: HttpRequest | None = None) -> TrainingSession:
    """A manager plans a holding of a module for their organisation."""
    if not actor.has_role_perm(Perm.MANAGE_TRAINING, host.pk):
        raise NotAllowed(_("You can plan sessions for your own organisation only."))
    if ends_at <= starts_at:
        raise NotAllowed(_("The session must end after it starts."))
    if not module.is_active:
        raise NotAllowed(_("The module is no longer in the catalogue."))
    session = TrainingSession.objects.create(module=module, host=host, starts_at=starts_at, ends_at=ends_at,
                                             place=place.strip(), capacity=capacity, created_by=actor)
    record(actor=actor, action=Action.CREATE, obj=session, organisation_id=host.pk,
           purpose=gettext_noop("training session planned"), request=request)
    return session


# --- Enrolment -------------------------------------------------------------------------------


def can_enrol(session: TrainingSession, now: datetime) -> bool:
    """A session takes enrolments until it ends, unless it is cancelled."""
    return session.cancelled_at is None and session.ends_at > now


def _membership_in(user: User, organisation_id: int) -> bool:
    return Membership.objects.filter(user=user, organisation_id=organisation_id,
                                     organisation__is_active=True).exists()


@transaction.atomic
def enrol(session: TrainingSession, *, participant: User, organisation: Organisation, actor: User,
          request: HttpRequest | None = None) -> Enrolment:
    """Put `participant` on the session, for `organisation`. The participant enrols themselves
    (as a member of the organisation) or their manager does (manage_training there)."""
    now = timezone.now()
    if participant.pk == actor.pk:
        if not _membership_in(actor, organisation.pk):
            raise NotAllowed(_("You can enrol for your own organisation only."))
    elif not actor.has_role_perm(Perm.MANAGE_TRAINING, organisation.pk) or not _membership_in(
            participant, organisation.pk):
        raise NotAllowed(_("You can enrol the people of your own organisation only."))
    # Lock the session row so that two enrolments cannot both take the last place.
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if not can_enrol(locked, now):
        raise NotAllowed(_("This session is over or cancelled: choose another one."))
    live = locked.enrolments.exclude(state=State.CANCELLED)
    if live.filter(user=participant).exists():
        raise NotAllowed(_("Already enrolled on this session."))
    if live.count() >= locked.capacity:
        raise NotAllowed(_("The session is full: choose another one."))
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(session=locked, user=participant, organisation=organisation,
                                                 enrolled_by=actor)
    except IntegrityError:
        raise NotAllowed(_("Already enrolled on this session.")) from None
    record(actor=actor, action=Action.CREATE, obj=enrolment, organisation_id=organisation.pk,
           purpose=gettext_noop("enrolled on training") if participant.pk == actor.pk else gettext_noop("enrolled a colleague on training"),
           request=request)
    return enrolment


def can_cancel(enrolment: Enrolment, now: datetime) -> bool:
    """An enrolment can be cancelled before the session starts."""
    return enrolment.state == State.ENROLLED and enrolment.session.starts_at > now


@transaction.atomic
def cancel_enrolment(enrolment: Enrolment, *, actor: User, request: HttpRequest | None = None) -> Enrolment:
    now = timezone.now()
    if not can_cancel(enrolment, now):
        raise NotAllowed(_("Only an enrolment on a session that has not started can be cancelled."))
    Enrolment.objects.filter(pk=enrolment.pk, state=State.ENROLLED).update(state=State.CANCELLED)
    enrolment.refresh_from_db(fields=["state"])
    record(actor=actor, action=Action.CHANGE, obj=enrolment, organisation_id=enrolment.organisation_id,
           purpose=gettext_noop("training enrolment cancelled"), request=request)
    return enrolment


# --- Attendance and completion --------------------------------------------------------------


def can_record_attendance(enrolment: Enrolment, now: datetime) -> bool:
    """Attendance is recorded once the session has started, for enrolments not cancelled."""
    return enrolment.state != State.CANCELLED and enrolment.session.starts_at <= now


@transaction.atomic
def record_attendance(enrolment: Enrolment, *, attended: bool, actor: User,
                      request: HttpRequest | None = None) -> Enrolment:
    """Attended: the module is completed on the session's day, valid for its refresh interval.
    Not attended: marked absent (and no longer counts as trained)."""
    now = timezone.now()
    if not actor.has_role_perm(Perm.MANAGE_TRAINING, enrolment.organisation_id):
        raise NotAllowed(_("Only a manager of the participant's organisation records attendance."))
    if not can_record_attendance(enrolment, now):
        raise NotAllowed(_("Attendance can be recorded once the session has started."))
    if attended:
        completed_on = timezone.localtime(enrolment.session.starts_at).date()
        enrolment.state = State.COMPLETED
        enrolment.completed_on = completed_on
        enrolment.valid_until = valid_until(enrolment.session.module, completed_on)
    else:
        enrolment.state, enrolment.completed_on, enrolment.valid_until = State.ABSENT, None, None
    enrolment.recorded_by = actor
    enrolment.save(update_fields=["state", "completed_on", "valid_until", "recorded_by"])
    record(actor=actor, action=Action.CHANGE, obj=enrolment, organisation_id=enrolment.organisation_id,
           purpose=gettext_noop("training completed") if attended else gettext_noop("training not attended"), request=request)
    return enrolment
