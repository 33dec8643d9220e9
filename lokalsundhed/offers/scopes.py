"""Who may see which offers, sign-ups and attendance.

- Offers: every member of staff whose organisation the offer's estate belongs to or lies in,
  or whose organisation takes part in the offer's partnership.
- Sign-ups and attendance (residents' names and contact details): only those who run offers
  (housing social workers, facilitators), for the offers they could see.
- Residents see their own sign-up through its private link only (`selectors.sign_up_by_token`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm, Role
from lokalsundhed.offers.models import Attendance, Offer, OfferTranslation, Session, SignUp, Slot
from lokalsundhed.organisations.models import Partnership
from lokalsundhed.organisations.scopes import estate_q


def offer_q(user: Any, perm: Perm = Perm.VIEW_ORGANISATION, prefix: str = "") -> Q:
    """Offers of the estates the user's organisations reach, or of their partnerships."""
    orgs = {m.organisation_id for m in user.active_memberships if perm in ROLE_PERMISSIONS[Role(m.role)]}
    partnerships = Partnership.objects.filter(Q(municipality_id__in=orgs) | Q(housing_organisations__in=orgs))
    return estate_q(user, perm, prefix=f"{prefix}estate__") | Q(
        **{f"{prefix}partnership_id__in": partnerships.values("pk")}
    )


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
