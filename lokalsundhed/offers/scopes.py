"""Who may see which offers, sign-ups and attendance.

- Seeing that an offer exists: every member of staff whose organisation the offer's estate
  belongs to or lies in, or whose organisation takes part in the offer's partnership.
- Running an offer (editing, cancelling, its sessions, attendance) and its sign-ups and
  attendance (residents' names and contact details): only those who run offers (housing social
  workers, facilitators), and only for the offers their own organisation runs — an offer of one
  of its estates, or one with an organiser or the facilitator from it — and the offers of their
  organisation's partnerships. A municipality does not run a housing organisation's own
  activity (the Friday café of an estate) because the estate lies in the municipality.
- Residents see their own sign-up through its private link only (`selectors.sign_up_by_token`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.accounts.models import Membership
from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm, Role
from lokalsundhed.offers.models import Attendance, Offer, OfferTranslation, Session, SignUp, Slot
from lokalsundhed.organisations.models import Partnership
from lokalsundhed.organisations.scopes import estate_q


def offer_q(user: Any, perm: Perm = Perm.VIEW_ORGANISATION, prefix: str = "") -> Q:
    """With `VIEW_ORGANISATION`: offers of the estates the user's organisations reach, or of
    their partnerships. With any other permission (running offers, their residents' data): the
    offers the organisations in which the user holds it run themselves, or of their partnerships
    (`run_offer_q`)."""
    if perm != Perm.VIEW_ORGANISATION:
        return run_offer_q(user, perm, prefix)
    return reach_offer_q(user, perm, prefix)


def reach_offer_q(user: Any, perm: Perm = Perm.VIEW_ORGANISATION, prefix: str = "") -> Q:
    """Offers of the estates the user's organisations (where the user holds `perm`) reach, or of
    their partnerships: what they may know exists, or count (`view_aggregates`)."""
    orgs = {m.organisation_id for m in user.active_memberships if perm in ROLE_PERMISSIONS[Role(m.role)]}
    return _among(prefix, Offer.objects.filter(estate_q(user, perm, prefix="estate__")),
                  Offer.objects.filter(partnership_id__in=_partnerships(orgs).values("pk")))


def run_offer_q(user: Any, perm: Perm = Perm.RUN_OFFERS, prefix: str = "") -> Q:
    """Offers the user's organisations (where the user holds `perm`) run: of their own estates,
    with an organiser or the facilitator among their members, or of their partnerships."""
    orgs = {m.organisation_id for m in user.active_memberships if perm in ROLE_PERMISSIONS[Role(m.role)]}
    members = Membership.objects.filter(organisation_id__in=orgs, organisation__is_active=True).values("user_id")
    organised = Offer.organisers.through.objects.filter(user_id__in=members).values("offer_id")
    return _among(prefix, Offer.objects.filter(estate__housing_organisation_id__in=orgs),
                  Offer.objects.filter(partnership_id__in=_partnerships(orgs).values("pk")),
                  Offer.objects.filter(pk__in=organised), Offer.objects.filter(facilitator_id__in=members))


def _among(prefix: str, *offers: QuerySet[Offer]) -> Q:
    """The offer is one of these: a single list of ids (UNION ALL) that the database reads by
    index, branch by branch, so that a scope costs what the reader's offers cost. The same
    conditions ORed across the offer's joined estate would read every offer in the country."""
    ids = [qs.order_by().values("pk") for qs in offers]
    return Q(**{f"{prefix}pk__in": ids[0].union(*ids[1:], all=True)})


def _partnerships(orgs: set[int]) -> QuerySet[Partnership]:
    return Partnership.objects.filter(Q(municipality_id__in=orgs) | Q(housing_organisations__in=orgs))


@register_scope(Offer)
def offers_for(user: Any, qs: QuerySet[Offer]) -> QuerySet[Offer]:
    return qs.filter(offer_q(user))


@register_scope(OfferTranslation)
def translations_for(user: Any, qs: QuerySet[OfferTranslation]) -> QuerySet[OfferTranslation]:
    return qs.filter(offer_q(user, prefix="offer__"))


@register_scope(Session)
def sessions_for(user: Any, qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.filter(offer_q(user, prefix="offer__"))


@register_scope(Slot)
def slots_for(user: Any, qs: QuerySet[Slot]) -> QuerySet[Slot]:
    return qs.filter(offer_q(user, prefix="session__offer__"))


@register_scope(SignUp)
def sign_ups_for(user: Any, qs: QuerySet[SignUp]) -> QuerySet[SignUp]:
    return qs.filter(offer_q(user, Perm.RUN_OFFERS, prefix="offer__"))


@register_scope(Attendance)
def attendances_for(user: Any, qs: QuerySet[Attendance]) -> QuerySet[Attendance]:
    return qs.filter(offer_q(user, Perm.RUN_OFFERS, prefix="session__offer__"))
