"""Small steps into work's section of a data subject's access request: the resident's interest in
opportunities (first name, number, message, consent), how each was followed up, every change of
its state and whether it was sent on to the jobcenter.

An interest has no address: it is found by the mobile number (however it was written); a first
name narrows it. Only the exporting housing organisation's own (the opportunity's estate); a
municipality holds none — a referral to its jobcenter is in the bridge-building section.
Interests anonymised by retention are no longer held. Staff who followed an interest up are left
out (only whether the resident or staff made a change).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.subject_access import Logged, Subject, held_about, matched_by, register
from lokalsundhed.work.models import Interest, InterestTransition

STATES = dict(Interest.State.choices)


@register(
    "work",
    title=_("Small steps into work"),
    found_by=_("Interests in a job, trial placement, internship or volunteering with the resident's mobile number "
               "(an interest has no address)."),
    template="work/subject_access_section.html",
    order=40,
    holds=(Interest, InterestTransition),
    logged_as=lambda record: [Logged("work.interest", record["id"])],
)
def interests(user: User, subject: Subject) -> list[dict[str, Any]]:
    """The interests held about the subject, oldest first: two queries, none without a phone."""
    held = held_about(
        Interest.objects.filter(
            opportunity__estate__housing_organisation_id__in=user.organisation_ids_with(Perm.EXPORT_SUBJECT_DATA),
            anonymised_at__isnull=True,
        ),
        subject, phone="phone", first_name="first_name",
    )
    if held is None:
        return []
    held = (
        held.select_related("opportunity__company", "opportunity__estate__housing_organisation")
        .prefetch_related(Prefetch("transitions", queryset=InterestTransition.objects.order_by("at", "pk")))
        .order_by("created_at", "pk")
    )
    return [_interest(interest, subject) for interest in held]


def _interest(interest: Interest, subject: Subject) -> dict[str, Any]:
    opportunity = interest.opportunity
    estate = opportunity.estate
    return {
        "id": interest.pk,
        "opportunity": opportunity.title,
        "kind": opportunity.kind,
        "kind_label": str(opportunity.get_kind_display()),
        "company": opportunity.company.name if opportunity.company else None,
        "housing_organisation": estate.housing_organisation.name,
        "estate": estate.name,
        "first_name": interest.first_name,
        "phone": interest.phone,
        "message": interest.message,
        "agreed_to_be_contacted": interest.consent,
        "shown_at": interest.created_at,
        "state": interest.state,
        "state_label": str(interest.get_state_display()),
        "stop_reason": interest.stop_reason or None,
        "stop_reason_label": str(interest.get_stop_reason_display()) if interest.stop_reason else None,
        "contacted_at": interest.contacted_at,
        "started_at": interest.started_at,
        "closed_at": interest.closed_at,
        "sent_to_jobcenter": interest.jobcenter_observation_id is not None,
        "changes": [
            {"from_state": t.from_state or None, "to_state": t.to_state, "to_state_label": str(STATES[t.to_state]),
             "at": t.at, "by": "resident" if t.actor_id is None else "staff"}
            for t in interest.transitions.all()
        ],
        "matched_by": matched_by(subject, phone=interest.phone),
    }
