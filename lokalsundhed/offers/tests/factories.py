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


def make_outreach(actor, *, estate, first=None, hours=1.0, slot_minutes=15,
                  title="Lægen i Sundhedshuset") -> Offer:
    """Outreach hours: one block of `hours`, cut into slots of `slot_minutes`."""
    offer = make_offer(actor, estate=estate, kind=Offer.Kind.OUTREACH, first=first, hours=hours, title=title)
    if slot_minutes:
        services.add_slots(offer.sessions.get(), slot_minutes, actor=actor)
    return offer


def edit_data(offer: Offer, **changes) -> dict:
    """What the edit form posts when nothing is changed, with `changes` on top."""
    data = {
        "title": offer.title,
        "description": offer.description,
        "target_group": offer.target_group,
        "home": f"estate-{offer.estate_id}" if offer.estate_id else f"partnership-{offer.partnership_id}",
        "facility": offer.facility_id or "",
        "capacity": offer.capacity or "",
        "completion_sessions": offer.completion_sessions,
        "organisers": [u.pk for u in offer.organisers.all()],
        "facilitator": offer.facilitator_id or "",
    }
    data.update(changes)
    return data
