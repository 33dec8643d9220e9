"""Reads of small steps into work, always through the scoping helper."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from lokalsundhed.core.access import get_for_user, scoped
from lokalsundhed.organisations.models import Estate, Organisation
from lokalsundhed.work.models import Company, Interest, InterestTransition, Opportunity


def open_interests(user: Any) -> QuerySet[Interest]:
    """Interests still being followed up, oldest first, with their opportunity (1 query)."""
    return (scoped(user, Interest).filter(anonymised_at__isnull=True)
            .exclude(state__in=Interest.CLOSED_STATES)
            .select_related("opportunity__estate", "opportunity__company")
            .order_by("created_at", "pk"))


def open_interest_counts(user: Any) -> dict[str, int]:
    """How many interests are being followed up in each open state (1 grouped query)."""
    return dict(scoped(user, Interest).filter(anonymised_at__isnull=True).exclude(state__in=Interest.CLOSED_STATES)
                .order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n"))


def interest_for(user: Any, pk: int) -> Interest:
    return get_for_user(user, Interest, Interest.objects.select_related(
        "opportunity__estate", "opportunity__company", "jobcenter_observation__referral"), pk=pk)


def transitions(user: Any, interest: Interest) -> QuerySet[InterestTransition]:
    return scoped(user, InterestTransition).filter(interest=interest).select_related("actor").order_by("at", "pk")


def opportunities(user: Any) -> QuerySet[Opportunity]:
    """Opportunities with how many showed interest and how many started (1 query, counted in SQL)."""
    return (scoped(user, Opportunity).filter(archived_at__isnull=True)
            .select_related("estate", "company")
            .annotate(interested=Count("interests"),
                      started=Count("interests", filter=Q(interests__started_at__isnull=False)))
            .order_by("estate__name", "title"))


def companies(user: Any) -> QuerySet[Company]:
    return (scoped(user, Company).select_related("housing_organisation")
            .annotate(open_opportunities=Count("opportunities", filter=Q(opportunities__archived_at__isnull=True)))
            .order_by("name"))


def public_opportunities(estate_id: int) -> QuerySet[Opportunity]:
    """What residents of an estate see: open opportunities, with the company's name (1 query)."""
    return (Opportunity.objects.filter(estate_id=estate_id, is_published=True, archived_at__isnull=True)
            .select_related("company").order_by("kind", "title"))


def public_estate(pk: int) -> Estate | None:
    """An estate as residents see it on the public pages (its name), or None."""
    return Estate.objects.filter(pk=pk).first()


def public_opportunity(pk: int) -> Opportunity | None:
    """A published, open opportunity for the residents' interest form, or None."""
    return (Opportunity.objects.select_related("estate", "company")
            .filter(pk=pk, is_published=True, archived_at__isnull=True).first())


def registry_owner(user: Any, organisation_id: int) -> Organisation:
    """The housing organisation whose registry a new company joins (one the user follows up in)."""
    return get_for_user(user, Organisation, pk=organisation_id)
