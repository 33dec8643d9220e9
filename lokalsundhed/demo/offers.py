"""The demo's local offers and practical help: a month of offers in every estate (a Friday café,
a planting bed, an information meeting, outreach hours with a doctor and a physiotherapist), a
running LÆR AT TACKLE course with attendance, sign-ups in several languages with a waiting list,
and errands in every state. Vejle has its own runner of offers (the municipality's facilitator),
a shared meal for its partnership and a walk with one time cancelled, so a demo shows the
boundary between the two municipalities.

Played through the real services, so places, waiting lists, attendance and the access log are the
real ones; the clock of what happened earlier is then set back. Written once: when the demo staff
have created offers, the history is already there. Residents are never messaged about it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lokalsundhed.accounts.models import User
from lokalsundhed.demo.two_factor import DEMO_DOMAIN
from lokalsundhed.demo.words import email_local_part
from lokalsundhed.errands import services as errands
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.offers import change_services, services, tasks_api
from lokalsundhed.offers.models import Offer, Session, SignUp
from lokalsundhed.organisations.models import Estate, Facility, Partnership

SEED = 20250605
Kind = Offer.Kind

# Estate → who runs its offers and which caretakers do its errands (demo staff, see partnership.py).
RUNNERS = {
    "Egeskovparken": "Camilla Friis Larsen",
    "Vestervoldhusene": "Camilla Friis Larsen",
    "Prangerparken": "Nadia Khalil",
    "Nørremarkshusene": "Maja Dalgaard",
}
CARETAKERS = {
    "Egeskovparken": ("Jens Møller Pedersen", "Ali Hassan"),
    "Vestervoldhusene": ("Ali Hassan",),
    "Prangerparken": ("Kim Rasmussen",),
    "Nørremarkshusene": ("Henrik Post",),
}
FACILITATOR = "Sofie Lund Mikkelsen"

# Offer texts in the resident languages (Danish is on the offer itself).
CAFE = {
    "en": "Friday café",
    "ar": "مقهى الجمعة",
    "tr": "Cuma kafesi",
    "so": "Kafeega Jimcaha",
    "ur": "جمعہ کیفے",
    "uk": "П'ятничне кафе",
    "pl": "Piątkowa kawiarenka",
}
CAFE_TEXT = {
    "en": "Coffee, cake and a chat with your neighbours. Free. Just come.",
    "ar": "قهوة وكعك وحديث مع جيرانك. مجانًا. تعال فقط.",
    "tr": "Komşularınızla kahve, kek ve sohbet. Ücretsiz. Sadece gelin.",
    "so": "Kafee, doolsha iyo sheeko deriskaaga. Bilaash. Kaalay uun.",
    "ur": "پڑوسیوں کے ساتھ کافی، کیک اور گپ شپ۔ مفت۔ بس آ جائیں۔",
    "uk": "Кава, пиріг і розмова з сусідами. Безкоштовно. Просто приходьте.",
    "pl": "Kawa, ciasto i rozmowa z sąsiadami. Za darmo. Po prostu przyjdź.",
}
COURSE_TITLE = {
    "en": "LÆR AT TACKLE chronic pain",
    "ar": "تعلّم كيف تتعامل مع الألم المزمن (LÆR AT TACKLE)",
    "tr": "LÆR AT TACKLE: kronik ağrıyla başa çıkmak",
    "uk": "LÆR AT TACKLE: як жити з хронічним болем",
    "pl": "LÆR AT TACKLE: jak radzić sobie z przewlekłym bólem",
}
FIRST_NAMES = ["Amal", "Birgit", "Hassan", "Jette", "Leyla", "Mona", "Yusuf", "Karen", "Oksana", "Ewa", "Fatma",
               "Hodan", "Bent", "Zainab", "Inge", "Ali", "Olena", "Ahmet", "Sadia", "Poul"]
LANGUAGES = ["da", "da", "da", "ar", "ar", "tr", "so", "ur", "uk", "pl"]


def _user(full_name: str) -> User:
    return User.objects.get(email=f"{email_local_part(full_name)}@{DEMO_DOMAIN}")


@contextmanager
def messages_held() -> Iterator[None]:
    """What happened in the demo's past is nobody's news: no confirmations to made-up residents."""
    saved = tasks_api.notify
    tasks_api.notify = lambda *args, **kwargs: None
    try:
        yield
    finally:
        tasks_api.notify = saved


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return timezone.localtime(day).replace(hour=hour, minute=minute, second=0, microsecond=0)


def _next_weekday(now: datetime, weekday: int) -> datetime:
    return now + timedelta(days=(weekday - now.weekday()) % 7 or 7)


class _Residents:
    """Made-up residents: a first name, a way to reach them, a language, first time or not."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.n = 0

    def next(self) -> services.ResidentDetails:
        self.n += 1
        name = FIRST_NAMES[self.n % len(FIRST_NAMES)]
        by_email = self.rng.random() < 0.6
        return services.ResidentDetails(
            first_name=name,
            email=f"{name.lower()}{self.n}@beboer.example.dk" if by_email else "",
            phone="" if by_email else f"+452{self.rng.randrange(10_000_000):07d}",
            language=self.rng.choice(LANGUAGES),
            first_time=self.rng.choice([True, True, False, None]),
        )


def _backdate(sign_ups: list[SignUp], when: datetime) -> None:
    SignUp.objects.filter(pk__in=[s.pk for s in sign_ups]).update(created_at=when)
    SignUp.objects.filter(pk__in=[s.pk for s in sign_ups], confirmed_at__isnull=False).update(confirmed_at=when)


def _translate(offer: Offer, titles: dict[str, str], texts: dict[str, str], actor: User) -> None:
    for language, title in titles.items():
        services.set_translation(offer, language, title=title, description=texts.get(language, ""), actor=actor)


def _estate_month(estate: Estate, actor: User, now: datetime, people: _Residents) -> None:
    """A month of offers in one estate: a weekly café, a planting bed, an information meeting."""
    room = Facility.objects.filter(estate=estate, kind=Facility.Kind.COMMON_ROOM).first()
    cafe = services.create_offer(
        services.OfferInput(kind=Kind.ACTIVITY, title="Fredagscafé", estate=estate, facility=room,
                            description="Kaffe, kage og en snak med naboerne. Gratis. Kom bare.",
                            target_group="Alle beboere"),
        actor=actor,
    )
    services.add_sessions(cafe, services.weekly(_at(_next_weekday(now, 4), 14), timedelta(hours=2), 5),
                          actor=actor)
    _translate(cafe, CAFE, CAFE_TEXT, actor)
    for _ in range(6):
        services.sign_up(cafe, people.next())

    planting = services.create_offer(
        services.OfferInput(kind=Kind.ACTIVITY, title="Plantekassen: vi sår og planter sammen", estate=estate,
                            facility=room, capacity=12,
                            description="Vi mødes ved plantekasserne og sår krydderurter. Handsker og frø får du.",
                            target_group="Alle, også børn sammen med en voksen"),
        actor=actor,
    )
    services.add_sessions(planting, services.weekly(_at(_next_weekday(now, 2), 16), timedelta(hours=1.5), 4),
                          actor=actor)
    services.set_translation(planting, "en", title="The planting bed: we sow and plant together", actor=actor)
    for _ in range(5):
        services.sign_up(planting, people.next())

    meeting = services.create_offer(
        services.OfferInput(kind=Kind.INFO_MEETING, title="Informationsmøde: hjælp i hverdagen", estate=estate,
                            facility=room, capacity=40,
                            description="Kommunen fortæller om hjemmehjælp, hjælpemidler og forebyggende "
                                        "hjemmebesøg. Tolk til arabisk og tyrkisk er med.",
                            target_group="Ældre beboere og pårørende"),
        actor=actor,
    )
    services.add_sessions(meeting, [(_at(now + timedelta(days=16), 17), _at(now + timedelta(days=16), 18, 30))],
                          actor=actor)
    services.set_translation(meeting, "ar", title="اجتماع إعلامي: المساعدة في الحياة اليومية", actor=actor)
    services.set_translation(meeting, "tr", title="Bilgilendirme toplantısı: günlük yaşamda yardım", actor=actor)
    for _ in range(4):
        services.sign_up(meeting, people.next())


def _outreach(estate: Estate, facilitator: User, now: datetime, people: _Residents) -> None:
    """The doctor on Tuesdays and the physiotherapist on Thursdays in the health centre, half booked."""
    centre = Facility.objects.filter(estate=estate, kind=Facility.Kind.HEALTH_CENTRE).first()
    for title, weekday, minutes in (("Lægen i Sundhedshuset", 1, 15), ("Fysioterapeuten svarer", 3, 20)):
        offer = services.create_offer(
            services.OfferInput(kind=Kind.OUTREACH, title=title, estate=estate, facility=centre,
                                description="Book en tid. Du kan spørge om alt — også om ting, du synes er små.",
                                target_group="Alle beboere"),
            actor=facilitator,
        )
        sessions = services.add_sessions(
            offer, services.weekly(_at(_next_weekday(now, weekday), 9), timedelta(hours=2), 4), actor=facilitator
        )
        for session in sessions:
            slots = services.add_slots(session, minutes, actor=facilitator)
            for slot in slots[::2]:
                services.sign_up(offer, people.next(), slot=slot)


def _course(estate: Estate, facilitator: User, recruiter: User, now: datetime, people: _Residents,
            rng: random.Random) -> None:
    """LÆR AT TACKLE kroniske smerter: 6 × 2.5 hours, started three weeks ago, half way through."""
    centre = Facility.objects.filter(estate=estate, kind=Facility.Kind.HEALTH_CENTRE).first()
    course = services.create_offer(
        services.OfferInput(kind=Kind.COURSE, title="LÆR AT TACKLE kroniske smerter", estate=estate, facility=centre,
                            capacity=12, completion_sessions=4, facilitator=facilitator,
                            description="Seks gange à 2½ time. Du lærer at leve bedre med smerter, sammen med andre "
                                        "i samme situation. Gratis.",
                            target_group="Voksne med smerter i mere end tre måneder"),
        actor=facilitator,
    )
    start = _at(now - timedelta(days=21), 13)
    sessions = services.add_sessions(course, services.weekly(start, timedelta(hours=2.5), 6), actor=facilitator)
    _translate(course, COURSE_TITLE, {}, facilitator)
    participants = [services.sign_up(course, people.next(), actor=recruiter) for _ in range(12)]
    waiting = [services.sign_up(course, people.next()) for _ in range(2)]
    _backdate(participants, start - timedelta(days=10))
    _backdate(waiting, start - timedelta(days=2))
    for session in sessions:
        if session.ends_at > now:
            continue
        for person in participants:
            if rng.random() < 0.8:
                services.set_attendance(session, person, True, actor=facilitator)
        services.close_attendance(session, actor=facilitator)


def _partnership_meeting(partnership: Partnership, facilitator: User, now: datetime, people: _Residents) -> None:
    offer = services.create_offer(
        services.OfferInput(kind=Kind.INFO_MEETING, title="Sundhedsdag i Fredericia: mød sundhedsplejen",
                            partnership=partnership, capacity=80,
                            description="Blodtryk, gode råd og kaffe. For alle beboere i partnerskabets afdelinger."),
        actor=facilitator,
    )
    day = now + timedelta(days=24)
    services.add_sessions(offer, [(_at(day, 10), _at(day, 14))], actor=facilitator)
    services.set_translation(offer, "ar", title="يوم الصحة في فريدريشيا", actor=facilitator)
    for _ in range(7):
        services.sign_up(offer, people.next())


def _errands(estate: Estate, caretakers: list[User], now: datetime, rng: random.Random) -> None:
    """Practical help in every state: done this month and last (with minutes), taken, open, cancelled."""
    types = list(ErrandType.objects.filter(housing_organisation_id=estate.housing_organisation_id, allowed=True,
                                           is_active=True).order_by("order"))
    dwellings = list(estate.dwellings.order_by("pk")[:40])
    if not types or not dwellings:
        return

    def ask(days_ago: float) -> Errand:
        errand = errands.request_errand(errands.ErrandRequest(
            estate=estate, errand_type=rng.choice(types), resident_first_name=rng.choice(FIRST_NAMES),
            phone=f"+452{rng.randrange(10_000_000):07d}", dwelling=rng.choice(dwellings),
            when=rng.choice(["", "Formiddag", "Efter kl. 14", "Helst mandag"]),
        ))
        Errand.objects.filter(pk=errand.pk).update(created_at=now - timedelta(days=days_ago))
        return errand

    for days_ago in sorted(rng.uniform(1, 50) for _ in range(14)):
        errand = ask(days_ago + 0.2)
        caretaker = rng.choice(caretakers)
        errands.take(errand, actor=caretaker)
        errands.complete(errand, actor=caretaker, minutes=rng.choice([5, 10, 15, 15, 20, 30, 45]))
        done = now - timedelta(days=days_ago)
        Errand.objects.filter(pk=errand.pk).update(taken_at=done - timedelta(hours=2), done_at=done)
    for _ in range(2):
        errands.take(ask(rng.uniform(0.5, 3)), actor=rng.choice(caretakers))
    for _ in range(3):
        ask(rng.uniform(0.1, 2))
    errands.cancel(ask(6))


def _vejle(estate: Estate, runner: User, now: datetime, people: _Residents) -> None:
    """Vejle's own: a shared meal for the partnership Sundt Nørremarken (its theme is loneliness),
    and a walk by the fjord whose second time was cancelled (storm warning)."""
    room = Facility.objects.filter(estate=estate, kind=Facility.Kind.COMMON_ROOM).first()
    partnership = Partnership.objects.filter(estates=estate).first()
    if partnership is not None:
        meal = services.create_offer(
            services.OfferInput(kind=Kind.ACTIVITY, title="Spisefællesskab: vi laver mad og spiser sammen",
                                partnership=partnership, facility=room, capacity=16,
                                description="Vi handler ind, laver mad og spiser sammen. Det koster 20 kr. "
                                            "Du behøver ikke kunne lave mad.",
                                target_group="Alle beboere, især dig, der tit spiser alene"),
            actor=runner,
        )
        services.add_sessions(meal, services.weekly(_at(_next_weekday(now, 3), 17, 30), timedelta(hours=2), 4),
                              actor=runner)
        services.set_translation(meal, "en", title="Shared meal: we cook and eat together", actor=runner)
        services.set_translation(meal, "ar", title="وجبة مشتركة: نطبخ ونأكل معًا", actor=runner)
        for _ in range(6):
            services.sign_up(meal, people.next())
    walk = services.create_offer(
        services.OfferInput(kind=Kind.ACTIVITY, title="Gåtur ved fjorden", estate=estate,
                            description="Vi går en time i roligt tempo langs fjorden og slutter med kaffe. "
                                        "Mødested: foran Fælleslokalet.",
                            target_group="Alle, der kan gå en time"),
        actor=runner,
    )
    times = services.add_sessions(walk, services.weekly(_at(_next_weekday(now, 1), 10), timedelta(hours=1.5), 4),
                                  actor=runner)
    for _ in range(4):
        services.sign_up(walk, people.next())
    change_services.cancel_session(times[1], reason="Stormvarsel", actor=runner)


def load_offers() -> None:
    """Create the demo's offers and errands once (see the module docstring)."""
    runners = {estate: _user(name) for estate, name in RUNNERS.items()}
    if Offer.objects.filter(created_by__in=[*runners.values(), _user(FACILITATOR)]).exists():
        return
    rng = random.Random(SEED)  # noqa: S311  (reproducible made-up residents, not secrets)
    people = _Residents(rng)
    now = timezone.now()
    facilitator = _user(FACILITATOR)
    with messages_held(), transaction.atomic():
        estates = {e.name: e for e in Estate.objects.filter(name__in=RUNNERS)}
        for name, estate in estates.items():
            _estate_month(estate, runners[name], now, people)
            _errands(estate, [_user(n) for n in CARETAKERS[name]], now, rng)
        egeskov = estates["Egeskovparken"]
        _outreach(egeskov, facilitator, now, people)
        _course(egeskov, facilitator, runners["Egeskovparken"], now, people, rng)
        partnership = Partnership.objects.filter(estates=egeskov).first()
        if partnership is not None:
            _partnership_meeting(partnership, facilitator, now, people)
        _vejle(estates["Nørremarkshusene"], runners["Nørremarkshusene"], now, people)


def summary() -> dict[str, int]:
    """What the demo holds, for its test."""
    return {
        "offers": Offer.objects.count(),
        "sessions": Session.objects.count(),
        "sign_ups": SignUp.objects.count(),
    }
