"""Every write of small steps into work: the company registry, opportunities, a resident's
interest, its follow-up, and its bridge to the jobcenter. Each function runs in one transaction
and writes the access log; `actor` is the member of staff who acts, or None for a resident on the
public page.

The follow-up is an explicit state machine — interested → contacted → started → completed, or
stopped from any open state — with one guard function per transition; every move is recorded
(who, when) as an `InterestTransition`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.subject_access import normalise_phone
from lokalsundhed.core.validators import find_cpr_numbers
from lokalsundhed.organisations.models import Estate, Organisation
from lokalsundhed.referrals import services as referrals
from lokalsundhed.referrals.models import Consent, Observation, ReceivingUnit
from lokalsundhed.work.cvr import cvr_is_valid, normalise_cvr
from lokalsundhed.work.models import Company, Interest, InterestTransition, Opportunity

State = Interest.State


class WorkRefused(Exception):
    """The change cannot be made (shown in plain words). Raised inside the transaction, so
    nothing of the change is kept."""


# --- The company registry and opportunities --------------------------------------------------


@dataclass(frozen=True)
class CompanyInput:
    name: str
    cvr: str
    contact_name: str
    contact_phone: str = ""
    contact_email: str = ""
    is_active: bool = True


@transaction.atomic
def save_company(data: CompanyInput, *, housing_organisation: Organisation, actor: User,
                 company: Company | None = None, request: HttpRequest | None = None) -> Company:
    """Add a company to the housing organisation's registry, or change one. The CVR number must
    pass its modulus-11 check and be new in the registry."""
    cvr = normalise_cvr(data.cvr)
    if not cvr_is_valid(cvr):
        raise WorkRefused(_("%(cvr)s is not a valid CVR number: check the digits.") % {"cvr": data.cvr.strip()})
    same = Company.objects.filter(housing_organisation=housing_organisation, cvr=cvr)
    if company is not None:
        same = same.exclude(pk=company.pk)
    if same.exists():
        raise WorkRefused(_("A company with CVR number %(cvr)s is already in the registry.") % {"cvr": cvr})
    created = company is None
    company = company or Company(housing_organisation=housing_organisation, created_by=actor)
    company.name = data.name.strip()
    company.cvr = cvr
    company.contact_name = data.contact_name.strip()
    company.contact_phone = normalise_phone(data.contact_phone)
    company.contact_email = data.contact_email.strip()
    company.is_active = data.is_active
    company.save()
    record(actor=actor, action=Action.CREATE if created else Action.CHANGE, obj=company,
           organisation_id=housing_organisation.pk, purpose=gettext_noop("company added") if created else gettext_noop("company changed"),
           request=request)
    return company


@dataclass(frozen=True)
class OpportunityInput:
    estate: Estate
    kind: str
    title: str
    description: str = ""
    company: Company | None = None
    hours_per_week: int | None = None
    is_published: bool = True


@transaction.atomic
def save_opportunity(data: OpportunityInput, *, actor: User, opportunity: Opportunity | None = None,
                     request: HttpRequest | None = None) -> Opportunity:
    """Offer a step into work to the residents of an estate (by the housing organisation itself,
    or a company of its registry), or change one."""
    if data.company is not None and data.company.housing_organisation_id != data.estate.housing_organisation_id:
        raise WorkRefused(_("Choose a company from the estate's housing organisation's registry."))
    created = opportunity is None
    opportunity = opportunity or Opportunity(created_by=actor)
    opportunity.estate = data.estate
    opportunity.company = data.company
    opportunity.kind = data.kind
    opportunity.title = data.title.strip()
    opportunity.description = data.description.strip()
    opportunity.hours_per_week = data.hours_per_week
    opportunity.is_published = data.is_published
    opportunity.save()
    record(actor=actor, action=Action.CREATE if created else Action.CHANGE, obj=opportunity,
           organisation_id=data.estate.housing_organisation_id,
           purpose=gettext_noop("opportunity added") if created else gettext_noop("opportunity changed"), request=request)
    return opportunity


# --- A resident shows interest ---------------------------------------------------------------


@transaction.atomic
def show_interest(opportunity: Opportunity, *, first_name: str, phone: str, message: str = "", consent: bool,
                  actor: User | None = None, request: HttpRequest | None = None) -> Interest:
    """A resident would like to try the opportunity: first name, phone and their consent to be
    contacted, nothing more. Refused when the opportunity is closed, consent is missing, the phone
    number is incomplete or a text holds a CPR number."""
    opportunity = Opportunity.objects.select_related("estate").get(pk=opportunity.pk)
    if not opportunity.is_open:
        raise WorkRefused(_("This opportunity is no longer open."))
    if not consent:
        raise WorkRefused(_("We can only call you if you agree to be contacted."))
    number = normalise_phone(phone)
    if len(number.lstrip("+")) < 8:
        raise WorkRefused(_("Write the whole phone number, at least 8 digits."))
    if find_cpr_numbers(first_name) or find_cpr_numbers(message):
        raise WorkRefused(_("Please do not write a CPR number here: we never need it. Remove it and try again."))
    now = timezone.now()
    interest = Interest.objects.create(opportunity=opportunity, first_name=first_name.strip()[:60], phone=number,
                                       message=message.strip()[:500], consent=True, created_at=now)
    InterestTransition.objects.create(interest=interest, from_state="", to_state=State.INTERESTED, actor=actor, at=now)
    record(actor=actor, action=Action.CREATE, obj=interest, organisation_id=opportunity.estate.housing_organisation_id,
           purpose=gettext_noop("interest shown"), request=request)
    return interest


# --- The follow-up: one guard per transition -------------------------------------------------


def can_contact(interest: Interest) -> bool:
    """A new interest is marked contacted once the social worker has spoken with the resident."""
    return interest.state == State.INTERESTED and interest.anonymised_at is None


def can_start(interest: Interest) -> bool:
    """The resident starts the step (first day of the job, placement or internship) after contact."""
    return interest.state == State.CONTACTED and interest.anonymised_at is None


def can_complete(interest: Interest) -> bool:
    """Only a step that was started can be completed."""
    return interest.state == State.STARTED and interest.anonymised_at is None


def can_stop(interest: Interest) -> bool:
    """Any open step may stop (with a reason): not reached, withdrew, not suitable, other work."""
    return interest.state not in Interest.CLOSED_STATES and interest.anonymised_at is None


def can_send_to_jobcenter(interest: Interest) -> bool:
    """An open, contacted interest goes to the jobcenter once, with the resident's consent."""
    return (interest.state in (State.CONTACTED, State.STARTED) and interest.jobcenter_observation_id is None
            and interest.anonymised_at is None)


_GUARDS = {State.CONTACTED: can_contact, State.STARTED: can_start, State.COMPLETED: can_complete,
           State.STOPPED: can_stop}
_REFUSALS = {
    State.CONTACTED: _("Only a new interest can be marked as contacted."),
    State.STARTED: _("Mark the resident as contacted before the step starts."),
    State.COMPLETED: _("Only a step that has started can be completed."),
    State.STOPPED: _("This step is already completed or stopped."),
}


def _lock(interest: Interest) -> Interest:
    return Interest.objects.select_for_update(of=("self",)).select_related("opportunity__estate").get(pk=interest.pk)


# What the access log says of each move, as written since the log began (translated when shown).
MOVE_PURPOSES: dict[str, str] = {
    State.INTERESTED: gettext_noop("interest interested"),
    State.CONTACTED: gettext_noop("interest contacted"),
    State.STARTED: gettext_noop("interest started"),
    State.COMPLETED: gettext_noop("interest completed"),
    State.STOPPED: gettext_noop("interest stopped"),
}


@transaction.atomic
def move(interest: Interest, to_state: str, *, actor: User, stop_reason: str = "",
         request: HttpRequest | None = None) -> Interest:
    """Take one step of the follow-up, if its guard allows; recorded with who and when."""
    interest = _lock(interest)
    to = State(to_state)
    if to not in _GUARDS or not _GUARDS[to](interest):
        raise WorkRefused(str(_REFUSALS.get(to, _("This step is not possible now."))))
    if to == State.STOPPED and stop_reason not in Interest.StopReason.values:
        raise WorkRefused(_("Choose why the step stopped."))
    now = timezone.now()
    InterestTransition.objects.create(interest=interest, from_state=interest.state, to_state=to, actor=actor, at=now)
    interest.state = to
    fields = ["state"]
    stamp: dict[str, str] = {State.CONTACTED: "contacted_at", State.STARTED: "started_at",
                             State.COMPLETED: "closed_at", State.STOPPED: "closed_at"}
    setattr(interest, stamp[to], now)
    fields.append(stamp[to])
    if to == State.STOPPED:
        interest.stop_reason = stop_reason
        fields.append("stop_reason")
    interest.save(update_fields=fields)
    record(actor=actor, action=Action.CHANGE, obj=interest,
           organisation_id=interest.opportunity.estate.housing_organisation_id, purpose=MOVE_PURPOSES[to],
           request=request)
    return interest


@transaction.atomic
def send_to_jobcenter(interest: Interest, *, actor: User, consent: bool,
                      request: HttpRequest | None = None) -> Observation:
    """Bridge the resident to the municipality's jobcenter through bridge-building: an observation
    with the resident's consent, sent as a referral to the unit of kind "jobcenter" (or the
    default unit). Refused without consent, twice, or when the municipality has no unit."""
    interest = _lock(interest)
    if not consent:
        raise WorkRefused(_("Ask the resident first: the jobcenter is only told with their consent."))
    if not can_send_to_jobcenter(interest):
        raise WorkRefused(_("Only a contacted, open interest can be sent to the jobcenter, and only once."))
    opportunity = interest.opportunity
    description = _("Would like a step into work: %(title)s (%(kind)s). Phone: %(phone)s.") % {
        "title": opportunity.title, "kind": opportunity.get_kind_display(), "phone": interest.phone,
    }
    observation = referrals.file_observation(
        referrals.ObservationInput(
            estate=opportunity.estate, dwelling=None, resident_first_name=interest.first_name, signs=[],
            description=description[:1000], consent=Consent.YES, legal_basis=None, legal_basis_reason="",
        ),
        actor=actor, request=request, to_kind=ReceivingUnit.Kind.JOBCENTER,
    )
    if not hasattr(observation, "referral"):
        raise WorkRefused(_("The municipality has no unit to receive it. Nothing was sent."))
    interest.jobcenter_observation = observation
    interest.save(update_fields=["jobcenter_observation"])
    record(actor=actor, action=Action.CHANGE, obj=interest, organisation_id=opportunity.estate.housing_organisation_id,
           purpose=gettext_noop("interest sent to the jobcenter"), request=request)
    return observation


