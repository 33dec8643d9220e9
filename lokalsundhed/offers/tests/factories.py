from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from lokalsundhed.offers import services
from lokalsundhed.offers.models import Offer, SignUp


def at(days: int, hour: int = 10, minute: int = 0) -> datetime:
    """Local time `days` from today at hour:minute."""
    now = timezone.localtime()
    return now.replace(hour=hour, minute=minute, second=0, microsecond=0) + timedelta(days=days)


def make_offer(actor, *, estate=None, partnership=None, kind=Offer.Kind.COURSE, capacity=None, sessions=1,
               first=None, hours=2.5, title="LÆR AT TACKLE kroniske smerter", completion_sessions=4,
               facilitator=None) -> Offer:
    offer = services.create_offer(
        services.OfferInput(
            kind=kind, title=title, description="Et forløb for dig med smerter", estate=estate,
            partnership=partnership, capacity=capacity, completion_sessions=completion_sessions,
            facility=estate.facilities.first() if estate else None, facilitator=facilitator,
        ),
        actor=actor,
    )
    if sessions:
        services.add_sessions(offer, services.weekly(first or at(3), timedelta(hours=hours), sessions), actor=actor)
    return offer


def resident(n: int = 1, *, email: bool = True, language: str = "da", first_time: bool | None = None
             ) -> services.ResidentDetails:
    return services.ResidentDetails(
        first_name=f"Beboer{n}",
        email=f"beboer{n}@example.dk" if email else "",
        phone="" if email else f"2000{n:04d}",
        language=language,
        first_time=first_time,
    )


def sign_up_many(offer: Offer, count: int, start: int = 1, **kwargs) -> list[SignUp]:
    return [services.sign_up(offer, resident(n, **kwargs)) for n in range(start, start + count)]
