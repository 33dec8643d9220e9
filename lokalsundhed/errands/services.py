"""Every write of practical help: the catalogue, a request, and the errand's state machine
(open → taken → done, or cancelled; a taken errand can be released). Each function takes
`actor` (None: a resident through the public page), runs in one transaction and writes the
access log. One guard function per transition says when it is allowed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import User
from lokalsundhed.audit import labels
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.errands.catalogue import DEFAULT_CATALOGUE, NOT_ALLOWED_NOTE
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.organisations.models import Dwelling, Estate, Organisation

State = Errand.State
MAX_MINUTES = 8 * 60


class TransitionNotAllowed(Exception):
    """The errand is not in a state where this step can be taken (shown to the user)."""


# --- The catalogue ---------------------------------------------------------------------------


def seed_catalogue(organisation: Organisation) -> int:
    """Give a housing organisation the standard catalogue; existing entries are left alone."""
    if organisation.kind != Organisation.Kind.HOUSING:
        return 0
    existing = set(ErrandType.objects.filter(housing_organisation=organisation).values_list("code", flat=True))
    with translation.override("en"):  # the English name is stored as English, whoever seeds
        new = [
            ErrandType(
                housing_organisation=organisation, code=code, name=name, name_en=str(name_en), allowed=allowed,
                note="" if allowed else NOT_ALLOWED_NOTE, order=order,
            )
            for order, (code, (name, name_en, allowed)) in enumerate(DEFAULT_CATALOGUE.items())
            if code not in existing
        ]
    ErrandType.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def set_errand_type(errand_type: ErrandType, *, allowed: bool, is_active: bool, actor: User) -> ErrandType:
    errand_type.allowed = allowed
    errand_type.is_active = is_active
    errand_type.save(update_fields=["allowed", "is_active"])
    record(actor=actor, action=Action.CHANGE, obj=errand_type, organisation_id=errand_type.housing_organisation_id,
           purpose=gettext_noop("errand catalogue changed"))
    return errand_type


@transaction.atomic
def name_errand_type(errand_type: ErrandType, *, name_en: str, names: dict[str, str], actor: User) -> ErrandType:
    """Give a task its names in the residents' languages (English, and the others by code)."""
    errand_type.name_en, errand_type.names = name_en, names
    errand_type.save(update_fields=["name_en", "names"])
    record(actor=actor, action=Action.CHANGE, obj=errand_type, organisation_id=errand_type.housing_organisation_id,
           purpose=gettext_noop("errand task named in residents' languages"))
    return errand_type


@transaction.atomic
def add_errand_type(organisation: Organisation, *, name: str, allowed: bool, note: str = "",
                    actor: User) -> ErrandType:
    from django.utils.text import slugify

    base = slugify(name)[:50] or "task"
    code, n = base, 1
    while ErrandType.objects.filter(housing_organisation=organisation, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    errand_type = ErrandType.objects.create(
        housing_organisation=organisation, code=code, name=name.strip(), allowed=allowed, note=note.strip(),
        order=100,
    )
    record(actor=actor, action=Action.CREATE, obj=errand_type, organisation_id=organisation.pk,
           purpose=gettext_noop("errand type added"))
    return errand_type


# --- Requests --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErrandRequest:
    estate: Estate
    errand_type: ErrandType
    resident_first_name: str
    phone: str = ""
    dwelling: Dwelling | None = None
    address: str = ""
    note: str = ""
    when: str = ""


@transaction.atomic
def request_errand(data: ErrandRequest, *, actor: User | None = None,
                   request: HttpRequest | None = None) -> Errand:
    """Ask for a task of the estate's catalogue. A task caretakers may not do is refused with
    the catalogue's note on where help is instead."""
    errand_type = data.errand_type
    if errand_type.housing_organisation_id != data.estate.housing_organisation_id or not errand_type.is_active:
        raise TransitionNotAllowed(_("Choose a task from the list."))
    if not errand_type.allowed:
        raise TransitionNotAllowed(
            _("Caretakers may not do this task.") + (f" {errand_type.note_label}" if errand_type.note else "")
        )
    if data.dwelling is not None and data.dwelling.estate_id != data.estate.pk:
        raise TransitionNotAllowed(_("Choose an address in the estate."))
    errand = Errand.objects.create(
        estate=data.estate,
        errand_type=errand_type,
        dwelling=data.dwelling,
        address=data.address.strip()[:200],
        resident_first_name=data.resident_first_name.strip()[:60],
        phone=data.phone.strip()[:20],
        note=data.note.strip()[:500],
        when=data.when.strip()[:100],
        requested_by=actor,
    )
    record(actor=actor, action=Action.CREATE, obj=errand, organisation_id=data.estate.housing_organisation_id,
           purpose=gettext_noop("errand requested on behalf of a resident") if actor else gettext_noop("resident requested an errand"),
           request=request, actor_label="" if actor else labels.RESIDENT)
    return errand


# --- The state machine -------------------------------------------------------------------------


def can_take(errand: Errand) -> bool:
    """An open errand can be taken by one caretaker of the estate."""
    return errand.state == State.OPEN


def can_complete(errand: Errand, actor: User) -> bool:
    """Only the caretaker who took it marks it done."""
    return errand.state == State.TAKEN and errand.taken_by_id == actor.pk


def can_release(errand: Errand, actor: User) -> bool:
    """The caretaker who took it can give it back to the open list."""
    return errand.state == State.TAKEN and errand.taken_by_id == actor.pk


def can_cancel(errand: Errand) -> bool:
    """An errand not yet done can be cancelled (the resident no longer needs it)."""
    return errand.state in (State.OPEN, State.TAKEN)


def can_restore(errand: Errand) -> bool:
    """A cancelled errand whose details are kept can be restored (cancelled by mistake)."""
    return errand.state == State.CANCELLED and errand.anonymised_at is None


def _log(errand: Errand, actor: User | None, purpose: str, request: HttpRequest | None) -> None:
    record(actor=actor, action=Action.CHANGE, obj=errand, organisation_id=errand.estate.housing_organisation_id,
           purpose=purpose, request=request, actor_label="" if actor else labels.RESIDENT)


@transaction.atomic
def take(errand: Errand, *, actor: User, request: HttpRequest | None = None) -> Errand:
    """Take the errand. A conditional UPDATE claims it: when two caretakers tap at once, one wins."""
    now = timezone.now()
    won = Errand.objects.filter(pk=errand.pk, state=State.OPEN).update(state=State.TAKEN, taken_by=actor, taken_at=now)
    if not won:
        raise TransitionNotAllowed(_("Someone else has already taken this errand."))
    errand.refresh_from_db(fields=["state", "taken_by", "taken_at"])
    _log(errand, actor, gettext_noop("errand taken"), request)
    return errand


@transaction.atomic
def complete(errand: Errand, *, actor: User, minutes: int, request: HttpRequest | None = None) -> Errand:
    if not 1 <= minutes <= MAX_MINUTES:
        raise TransitionNotAllowed(_("Write the minutes spent, between 1 and 480."))
    won = Errand.objects.filter(pk=errand.pk, state=State.TAKEN, taken_by=actor).update(
        state=State.DONE, done_at=timezone.now(), minutes=minutes
    )
    if not won:
        raise TransitionNotAllowed(_("Only the caretaker who took the errand can mark it done."))
    errand.refresh_from_db(fields=["state", "done_at", "minutes"])
    _log(errand, actor, gettext_noop("errand done"), request)
    return errand


@transaction.atomic
def release(errand: Errand, *, actor: User, request: HttpRequest | None = None) -> Errand:
    won = Errand.objects.filter(pk=errand.pk, state=State.TAKEN, taken_by=actor).update(
        state=State.OPEN, taken_by=None, taken_at=None
    )
    if not won:
        raise TransitionNotAllowed(_("Only the caretaker who took the errand can give it back."))
    errand.refresh_from_db(fields=["state", "taken_by", "taken_at"])
    _log(errand, actor, gettext_noop("errand released"), request)
    return errand


@transaction.atomic
def cancel(errand: Errand, *, actor: User | None = None, request: HttpRequest | None = None) -> Errand:
    won = Errand.objects.filter(pk=errand.pk, state__in=(State.OPEN, State.TAKEN)).update(
        state=State.CANCELLED, cancelled_at=timezone.now()
    )
    if not won:
        raise TransitionNotAllowed(_("A finished errand cannot be cancelled."))
    errand.refresh_from_db(fields=["state", "cancelled_at"])
    _log(errand, actor, gettext_noop("errand cancelled"), request)
    return errand


@transaction.atomic
def restore(errand: Errand, *, actor: User, request: HttpRequest | None = None) -> Errand:
    """Undo a cancellation: the errand is back with the caretaker who had taken it, or on the
    open list. A conditional UPDATE, so a restore and a second restore never both count."""
    current = Errand.objects.filter(pk=errand.pk).values("taken_by_id").first()
    state = State.TAKEN if current and current["taken_by_id"] else State.OPEN
    won = Errand.objects.filter(pk=errand.pk, state=State.CANCELLED, anonymised_at__isnull=True).update(
        state=state, cancelled_at=None
    )
    if not won:
        raise TransitionNotAllowed(_("Only a cancelled errand can be restored."))
    errand.refresh_from_db(fields=["state", "cancelled_at"])
    _log(errand, actor, gettext_noop("errand restored (taken)") if state == State.TAKEN
         else gettext_noop("errand restored (open)"), request)
    return errand
