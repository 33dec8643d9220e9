"""Every write about volunteers: sign-up (public, with consent), approval (with a login by
one-time code), the certificate date, assignments, shifts, swaps and hours. Each function takes
`actor` (None: a resident through the public page; a volunteer acts through their own user),
runs in one transaction and writes the access log. One guard per step says when it is allowed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import User
from lokalsundhed.accounts.services import find_user_by_email
from lokalsundhed.audit import labels
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core import outbox, throttle
from lokalsundhed.offers.models import Offer, Session
from lokalsundhed.organisations.models import Estate
from lokalsundhed.volunteers import selectors
from lokalsundhed.volunteers.models import Assignment, Safeguarding, Shift, Volunteer

MAX_MINUTES = 12 * 60


class NotAllowed(Exception):
    """The step cannot be taken now; the message says why (shown to the user)."""


def _log(obj, actor, purpose: str, organisation_id: int | None, request: HttpRequest | None = None,
         action: Action = Action.CHANGE) -> None:
    record(actor=actor, action=action, obj=obj, organisation_id=organisation_id, purpose=purpose,
           request=request, actor_label="" if actor else labels.RESIDENT)


# --- Sign-up and the volunteer's record -------------------------------------------------------


@dataclass(frozen=True)
class Application:
    estate: Estate
    first_name: str
    phone: str = ""
    email: str = ""
    languages: list[str] = field(default_factory=list)
    skills: str = ""
    availability: str = ""
    language: str = "da"  # of the page they signed up on: what we write to them in


@transaction.atomic
def apply(data: Application, *, request: HttpRequest | None = None) -> Volunteer:
    """A resident offers to volunteer on the public page. Consent is given by sending it."""
    if not data.phone and not data.email:
        raise NotAllowed(_("Write a phone number or an e-mail address, so that we can reach you."))
    volunteer = Volunteer.objects.create(
        housing_organisation_id=data.estate.housing_organisation_id, estate=data.estate,
        kind=Volunteer.Kind.RESIDENT, first_name=data.first_name.strip()[:60], phone=data.phone,
        email=data.email.strip().lower(), languages=data.languages, skills=data.skills.strip()[:300],
        availability=data.availability.strip()[:200], consent_given_at=timezone.now(),
        language=_resident_language(data.language),
    )
    _log(volunteer, None, gettext_noop("resident offered to volunteer"), volunteer.housing_organisation_id, request,
         Action.CREATE)
    return volunteer


def _resident_language(code: str) -> str:
    return code if code in settings.RESIDENT_LANGUAGES else settings.LANGUAGE_CODE


@transaction.atomic
def keep_language(volunteer: Volunteer, language: str) -> None:
    """The volunteer reads their pages in `language`: what we send them follows (no query when it is
    the one kept). Not logged: their own choice of language, like the page's."""
    language = _resident_language(language)
    if volunteer.language != language:
        Volunteer.objects.filter(pk=volunteer.pk).update(language=language)
        volunteer.language = language


@transaction.atomic
def approve(volunteer: Volunteer, *, actor: User, request: HttpRequest | None = None) -> Volunteer:
    """Make an applicant an active volunteer. With an e-mail address they get an account
    without a password: they log in with a one-time code sent to that address."""
    if volunteer.status == Volunteer.Status.ACTIVE:
        raise NotAllowed(_("The volunteer is already active."))
    volunteer.status = Volunteer.Status.ACTIVE
    volunteer.stopped_at = None
    if volunteer.email and volunteer.user_id is None:
        user = find_user_by_email(volunteer.email)  # case aside, as the login by code finds it
        if user is not None and (hasattr(user, "volunteer")
                                 or not selectors.volunteers_only_logins().filter(pk=user.pk).exists()):
            raise NotAllowed(_("This e-mail address already belongs to someone else's login."))
        if user is None:
            user = User.objects.create_user(volunteer.email, None, full_name=str(volunteer))
        volunteer.user = user
    elif volunteer.user_id is not None:  # back after a stop: their login opens again
        selectors.volunteer_login(volunteer).update(is_active=True)
    volunteer.save(update_fields=["status", "stopped_at", "user"])
    _log(volunteer, actor, gettext_noop("volunteer approved"), volunteer.housing_organisation_id, request)
    return volunteer


@transaction.atomic
def set_status(volunteer: Volunteer, status: str, *, actor: User, request: HttpRequest | None = None) -> Volunteer:
    """Approve (active), stop or set back to an applicant. Stopping takes the volunteer off their
    activities, gives their shifts to come back to the coordinators (open, for another to take),
    closes their login, and starts the time after which retention removes their name, contact and
    certificate (`housekeeping.py`); approving them again opens the same login."""
    if status == volunteer.status:
        return volunteer
    if status == Volunteer.Status.ACTIVE:
        return approve(volunteer, actor=actor, request=request)
    now = timezone.now()
    if volunteer.status == Volunteer.Status.ACTIVE:
        volunteer.stopped_at = now  # retention counts from the day they stopped being active
        # Their login (by one-time code) only showed their shifts: it closes, unless they are staff too.
        selectors.volunteer_login(volunteer).update(is_active=False)
        selectors.open_assignments(volunteer).update(ended_at=now)
        selectors.shifts_to_come(volunteer, now).update(volunteer=None, swap_offered_at=None)
    volunteer.status = Volunteer.Status(status)
    volunteer.save(update_fields=["status", "stopped_at"])
    purpose = (gettext_noop("volunteer stopped") if status == Volunteer.Status.INACTIVE
               else gettext_noop("volunteer set back to applicant"))
    _log(volunteer, actor, purpose, volunteer.housing_organisation_id, request)
    return volunteer


DETAILS = ("phone", "skills", "availability")


@transaction.atomic
def set_details(volunteer: Volunteer, *, phone: str, skills: str, availability: str, actor: User,
                request: HttpRequest | None = None) -> Volunteer:
    """What a coordinator keeps about how to reach the volunteer and what they offer. The access log
    names the fields that changed, never their values; saving nothing new writes nothing."""
    wanted = {"phone": phone, "skills": skills.strip()[:300], "availability": availability.strip()[:200]}
    changed = [name for name in DETAILS if getattr(volunteer, name) != wanted[name]]
    if not changed:
        return volunteer
    for name in changed:
        setattr(volunteer, name, wanted[name])
    volunteer.save(update_fields=changed)
    _log(volunteer, actor, gettext_noop("volunteer's details changed") + ": " + ", ".join(changed),
         volunteer.housing_organisation_id, request)
    return volunteer


@transaction.atomic
def set_certificate(volunteer: Volunteer, *, checked_on: date | None, actor: User,
                    request: HttpRequest | None = None) -> Volunteer:
    if checked_on is not None and checked_on > timezone.localdate():
        raise NotAllowed(_("The certificate date cannot be in the future."))
    volunteer.criminal_record_checked_on = checked_on
    volunteer.certificate_reminded_on = None
    volunteer.save(update_fields=["criminal_record_checked_on", "certificate_reminded_on"])
    _log(volunteer, actor, gettext_noop("criminal-record certificate date recorded"), volunteer.housing_organisation_id, request)
    return volunteer


# --- Assignments and shifts --------------------------------------------------------------------


def needs_certificate(offer: Offer) -> bool:
    return Safeguarding.objects.filter(offer=offer).exists()


@transaction.atomic
def set_safeguarding(offer: Offer, *, involves_vulnerable: bool, actor: User) -> None:
    """Mark (or unmark) an activity as involving children or vulnerable adults."""
    if involves_vulnerable:
        changed = Safeguarding.objects.get_or_create(offer=offer, defaults={"marked_by": actor})[1]
    else:
        changed = Safeguarding.objects.filter(offer=offer).delete()[0] > 0
    if changed:
        record(actor=actor, action=Action.CHANGE, obj=offer, purpose=gettext_noop("safeguarding of activity set"))


def can_serve(volunteer: Volunteer, offer: Offer, on: date) -> str | None:
    """Why the volunteer may not serve the activity, or None. Active, and with a valid
    criminal-record certificate where the activity involves children or vulnerable adults."""
    if volunteer.status != Volunteer.Status.ACTIVE:
        return _("Only an active volunteer can be given an activity.")
    if needs_certificate(offer) and not volunteer.has_valid_certificate(on):
        return _("This activity involves children or vulnerable adults: record a criminal-record certificate "
                 "(børneattest) from the last two years first.")
    return None


@transaction.atomic
def assign(volunteer: Volunteer, offer: Offer, *, role: str, actor: User,
           request: HttpRequest | None = None) -> Assignment:
    refusal = can_serve(volunteer, offer, timezone.localdate())
    if refusal:
        raise NotAllowed(refusal)
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(volunteer=volunteer, offer=offer, role=role.strip()[:100],
                                                   created_by=actor)
    except IntegrityError:
        raise NotAllowed(_("The volunteer is already on this activity.")) from None
    _log(assignment, actor, gettext_noop("volunteer assigned to activity"), volunteer.housing_organisation_id, request,
         Action.CREATE)
    return assignment


def _is_assigned(volunteer: Volunteer, offer_id: int) -> bool:
    return Assignment.objects.filter(volunteer=volunteer, offer_id=offer_id, ended_at__isnull=True).exists()


@transaction.atomic
def add_shift(session: Session, *, role: str, volunteer: Volunteer | None, actor: User,
              request: HttpRequest | None = None) -> Shift:
    """A turn at a session, given to an assigned volunteer or left open for one to take."""
    if volunteer is not None:
        if not _is_assigned(volunteer, session.offer_id):
            raise NotAllowed(_("Assign the volunteer to the activity first."))
        refusal = can_serve(volunteer, session.offer, timezone.localdate())
        if refusal:
            raise NotAllowed(refusal)
    shift = Shift.objects.create(session=session, offer_id=session.offer_id, role=role.strip()[:100],
                                 volunteer=volunteer)
    _log(shift, actor, gettext_noop("volunteer shift added"), volunteer.housing_organisation_id if volunteer else None, request,
         Action.CREATE)
    return shift


def _refuse_if_cancelled(shift: Shift) -> None:
    """A cancelled time has no shifts to take, offer or give hours to (its page shows none)."""
    if shift.session.cancelled_at is not None:
        raise NotAllowed(_("This time is cancelled."))


def can_offer_swap(shift: Shift, volunteer: Volunteer, now) -> bool:
    """The holder of a shift that has not started can offer it to the others."""
    return shift.volunteer_id == volunteer.pk and shift.swap_offered_at is None and shift.session.starts_at > now


@transaction.atomic
def offer_swap(shift: Shift, *, volunteer: Volunteer, request: HttpRequest | None = None) -> Shift:
    now = timezone.now()
    _refuse_if_cancelled(shift)
    if not can_offer_swap(shift, volunteer, now):
        raise NotAllowed(_("Only your own shifts that have not started can be offered."))
    Shift.objects.filter(pk=shift.pk, volunteer=volunteer).update(swap_offered_at=now)
    shift.refresh_from_db(fields=["swap_offered_at"])
    _log(shift, volunteer.user, gettext_noop("volunteer offered a shift for swap"), volunteer.housing_organisation_id, request)
    return shift


def can_take_back(shift: Shift, volunteer: Volunteer, now) -> bool:
    """The holder of an offered shift that has not started can take the offer back (they can come
    after all) until someone takes it."""
    return shift.volunteer_id == volunteer.pk and shift.swap_offered_at is not None and shift.session.starts_at > now


@transaction.atomic
def take_back_swap(shift: Shift, *, volunteer: Volunteer, request: HttpRequest | None = None) -> Shift:
    """Withdraw one's offer of a shift. A conditional UPDATE: if another volunteer took it a moment
    before, it is theirs and the offer is not taken back."""
    if not can_take_back(shift, volunteer, timezone.now()):
        raise NotAllowed(_("Only your own offered shifts that have not started can be taken back."))
    if not Shift.objects.filter(pk=shift.pk, volunteer=volunteer, swap_offered_at__isnull=False).update(
            swap_offered_at=None):
        raise NotAllowed(_("Someone else has already taken this shift."))
    shift.refresh_from_db(fields=["volunteer", "swap_offered_at"])
    _log(shift, volunteer.user, gettext_noop("volunteer took back a shift offered for swap"),
         volunteer.housing_organisation_id, request)
    return shift


@transaction.atomic
def take_shift(shift: Shift, *, volunteer: Volunteer, request: HttpRequest | None = None) -> Shift:
    """Take an open shift, or one offered for swap, of an activity one is assigned to. A
    conditional UPDATE claims it: when two volunteers tap at once, one wins."""
    now = timezone.now()
    _refuse_if_cancelled(shift)
    if shift.session.starts_at <= now:
        raise NotAllowed(_("This shift has already started."))
    if shift.volunteer_id == volunteer.pk:
        raise NotAllowed(_("This shift is already yours."))
    if not _is_assigned(volunteer, shift.offer_id):
        raise NotAllowed(_("You are not on this activity."))
    refusal = can_serve(volunteer, shift.offer, timezone.localdate())
    if refusal:
        raise NotAllowed(refusal)
    held_by = shift.volunteer_id
    if held_by is None:
        won = Shift.objects.filter(pk=shift.pk, volunteer__isnull=True).update(volunteer=volunteer)
    else:
        won = Shift.objects.filter(pk=shift.pk, volunteer_id=held_by, swap_offered_at__isnull=False).update(
            volunteer=volunteer, swap_offered_at=None)
    if not won:
        raise NotAllowed(_("Someone else has already taken this shift."))
    shift.refresh_from_db(fields=["volunteer", "swap_offered_at"])
    _log(shift, volunteer.user, gettext_noop("volunteer took a shift"), volunteer.housing_organisation_id, request)
    return shift


@transaction.atomic
def log_hours(shift: Shift, *, minutes: int, actor: User, request: HttpRequest | None = None) -> Shift:
    """The time a volunteer gave, once the shift's session has started."""
    if shift.volunteer_id is None:
        raise NotAllowed(_("Nobody held this shift."))
    _refuse_if_cancelled(shift)
    if shift.session.starts_at > timezone.now():
        raise NotAllowed(_("Hours are logged once the shift has started."))
    if not 1 <= minutes <= MAX_MINUTES:
        raise NotAllowed(_("Write the minutes given, between 1 and 720."))
    shift.minutes, shift.logged_by = minutes, actor
    shift.save(update_fields=["minutes", "logged_by"])
    _log(shift, actor, gettext_noop("volunteer hours logged"), None, request)
    return shift


@transaction.atomic
def send_shifts_by_sms(volunteer: Volunteer) -> None:
    """The volunteer's coming shifts to their own phone (activity and time only), sent by the
    worker through the outbox in the volunteer's language (volunteers/notifications.py). At most as
    many a day to one number as the residents' forms send (`core.throttle.count_message`): the number
    is whatever the applicant typed, so the button must not flood someone's phone nor run up the SMS
    bill."""
    if not volunteer.phone:
        raise NotAllowed(_("We have no mobile number for you. Ask your coordinator to add it."))
    refusal = throttle.count_message("phone", volunteer.phone)
    if refusal is not None:
        raise NotAllowed(refusal.message())
    record(actor=volunteer.user, action=Action.EXPORT, obj=volunteer, organisation_id=volunteer.housing_organisation_id,
           purpose=gettext_noop("volunteer's shifts sent by SMS"))
    outbox.add("volunteers.shifts", volunteer.pk, volunteer.language)
