"""Bridge-building's section of a data subject's access request (GDPR Art. 15): the observations
about the resident's dwelling, and those about no dwelling whose description gives their mobile
number, with their signs, referral, state changes and status texts. The export pages and the
assembly of the sections live in the `subject_access` app; this module only registers the section
with the registry in `core/subject_access.py`.

Who holds what in bridge-building:
- the housing organisation that owns the estate: every observation about the dwelling, sent on
  or not (it holds them);
- the estate's municipality: the observations that reached it as referrals.

An observation is about a dwelling; one without (an interest in work sent on to the jobcenter
names the resident by first name and gives their number in its text) is found by the number as
written there, however the resident's number is given (+45, spaces). An observation about another
dwelling never appears, even when its text gives the number (it is about whoever lives there: a
neighbour may have rung from it). Staff names are left out; a first name narrows the section to
one resident.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core import subject_access as registry
from lokalsundhed.core.permissions import Perm
from lokalsundhed.referrals.models import CLAIM_NOTE, Observation, Referral, Sign, Transition


def _export_orgs(user: User) -> tuple[set[int], set[int]]:
    """(housing organisations, municipal organisations) in which the user may export."""
    allowed = user.organisation_ids_with(Perm.EXPORT_SUBJECT_DATA)
    housing = {m.organisation_id for m in user.active_memberships
               if m.organisation_id in allowed and not m.organisation.is_municipality}
    municipal = {m.organisation_id for m in user.active_memberships
                 if m.organisation_id in allowed and m.organisation.is_municipality}
    return housing, municipal


def observations_held(user: User, subject: registry.Subject) -> QuerySet[Observation] | None:
    """The observations the user's organisations hold about the subject: those about their
    dwelling, and those about no dwelling whose description gives their mobile number (an interest
    in work sent on to the jobcenter has no dwelling, only the number in its text). None without
    either."""
    match = Q()
    if subject.dwelling is not None:
        match |= Q(dwelling=subject.dwelling)
    in_text = Q()
    for written in registry.phone_variants(subject.phone):
        in_text |= Q(description__contains=written)
    if in_text:
        # Only where no dwelling says whom it is about: an observation about another dwelling is about
        # whoever lives there, even when its text gives the resident's number (a neighbour who rang).
        match |= Q(dwelling__isnull=True) & in_text
    if not match:
        return None
    housing, municipal = _export_orgs(user)
    held = Q(estate__housing_organisation_id__in=housing) | Q(referral__municipality_id__in=municipal)
    observations = Observation.objects.filter(held).filter(match)
    if subject.first_name:
        observations = observations.filter(resident_first_name__iexact=subject.first_name)
    return observations


@registry.register(
    "bridge_building",
    title=_("Bridge-building"),
    found_by=_("Observations about the dwelling, and observations about no dwelling (an interest in work sent on to "
               "the jobcenter) whose description gives the resident's mobile number (with the first name, about that "
               "resident only)."),
    template="referrals/subject_access/section_bridge_building.html",
    order=10,
    holds=(Observation, Referral, Transition),
    logged_as=lambda record: [registry.Logged("referrals.observation", record["id"])] + (
        [] if record["referral"] is None else [registry.Logged("referrals.referral", record["referral"]["id"])]),
)
def bridge_building(user: User, subject: registry.Subject) -> list[dict[str, Any]]:
    """The observations held about the subject, with signs, referral and state changes: three
    queries; none without a dwelling or a mobile number."""
    observations = observations_held(user, subject)
    if observations is None:
        return []
    observations = (
        observations
        .select_related("estate__housing_organisation", "legal_basis", "referral__unit", "referral__municipality")
        .prefetch_related(
            Prefetch("signs", queryset=Sign.objects.select_related("category").order_by("category__order", "order")),
            Prefetch("referral__transitions", queryset=Transition.objects.order_by("at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    return [_observation(o, subject) for o in observations]


def _observation(observation: Observation, subject: registry.Subject) -> dict[str, Any]:
    referral = getattr(observation, "referral", None)
    in_text = observation.dwelling_id is None and any(
        written in observation.description for written in registry.phone_variants(subject.phone))
    return {
        "id": observation.pk,
        "reported_at": observation.created_at,
        "reported_by_organisation": observation.estate.housing_organisation.name,
        "resident_first_name": observation.resident_first_name,
        "signs": [{"category": s.category.label, "sign": s.label} for s in observation.signs.all()],
        "description": observation.description,
        "urgency": observation.urgency,
        "urgency_label": str(observation.get_urgency_display()),
        "consent": observation.consent,
        "consent_label": str(observation.get_consent_display()),
        "legal_basis": observation.legal_basis.label if observation.legal_basis else None,
        "legal_basis_reason": observation.legal_basis_reason,
        "referral": None if referral is None else {
            "id": referral.pk,
            "municipality": referral.municipality.name,
            "unit": referral.unit.name,
            "routing_reason": referral.routing_reason,
            "state": referral.state,
            "state_label": str(referral.get_state_display()),
            "outcome": referral.outcome or None,
            "outcome_label": str(referral.get_outcome_display()) if referral.outcome else None,
            "status_text": referral.status_text,
            "return_reason": referral.return_reason,
            "sent_at": referral.sent_at,
            "deadline_at": referral.deadline_at,
            "received_at": referral.received_at,
            "taken_over_at": referral.taken_over_at,
            "closed_at": referral.closed_at,
            "escalated_at": referral.escalated_at,
            "state_changes": [
                {"at": t.at, "from": t.from_state or None, "to": t.to_state, "note": t.note,
                 "from_label": str(t.get_from_state_display()) if t.from_state else None,
                 "to_label": str(t.get_to_state_display()), "step_label": t.label, "note_label": _note_label(t)}
                for t in referral.transitions.all()
            ],
        },
        "matched_by": registry.matched_by(subject, dwelling_id=observation.dwelling_id) + (["phone"] if in_text else []),
    }


def _note_label(transition: Transition) -> str:
    """A step's note as the resident reads it: a note the platform wrote as a code is named in the
    export's language (a claim is named by its step; a closing's note is its outcome), and what a
    person wrote stays as written."""
    if transition.note == CLAIM_NOTE:
        return ""
    if transition.to_state == Referral.State.CLOSED and transition.note in Referral.Outcome.values:
        return str(Referral.Outcome(transition.note).label)
    return transition.note
