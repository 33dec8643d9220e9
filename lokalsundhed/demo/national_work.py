"""Small steps into work in the national year (a step of `national_activity.py`).

Small steps into work: each housing organisation's registry of local companies (valid CVR
numbers), opportunities in its estates (a company's, or the housing organisation's own, some
archived), and residents' interest followed up by the housing social workers — every move
recorded, from "interested" to the interest's state (the older, the further it got).

At scale 1: 3,000 companies, 10,000 opportunities and 40,000 interests with 105,000 state changes. Bulk inserts and COPY only, from the year's seeded random generator.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from lokalsundhed.core.permissions import Role
from lokalsundhed.demo import words
from lokalsundhed.demo.national_activity import NATIONAL_DOMAIN, Activity, register_step
from lokalsundhed.organisations.models import Estate
from lokalsundhed.work.cvr import WEIGHTS
from lokalsundhed.work.models import Company, Interest, InterestTransition, Opportunity

Kind = Opportunity.Kind
State = Interest.State
# A company's trade: its name ({place}: the town, {surname}, {stem}) and what it offers:
# (kind, title, hours a week, description).
TRADES: list[tuple[str, list[tuple[str, str, int, str]]]] = [
    ("Bageriet i {place}", [
        (Kind.SMALL_JOB, "Hjælp i bageriet lørdag morgen", 4, "Pak brød og hjælp i butikken fra kl. 6 til 10."),
        (Kind.TRIAL, "Praktik i bageriet", 15, "Fire uger i bageriet og butikken. Du lærer det hele på stedet.")]),
    ("{place} Cykelværksted", [
        (Kind.INTERNSHIP, "Læreplads på cykelværkstedet", 30, "For dig, der vil være cykelmekaniker."),
        (Kind.SMALL_JOB, "Hjælp på værkstedet om eftermiddagen", 6, "Lap slanger og skift kæder sammen med os.")]),
    ("Byggemarkedet {place}", [
        (Kind.TRIAL, "Praktik i byggemarkedets lager", 20, "Modtag varer og hjælp kunderne. Sikkerhedssko får du af os."),
        (Kind.SMALL_JOB, "Varer på hylderne om aftenen", 8, "To aftener om ugen, når butikken er lukket.")]),
    ("{surname}s Malerfirma", [
        (Kind.TRIAL, "Praktik som maler", 25, "Seks uger med på opgaver i området. Arbejdstøj får du af os.")]),
    ("Rengøringsfirmaet {stem}", [
        (Kind.SMALL_JOB, "Rengøring af trappeopgange", 6, "Tidligt om morgenen, tre dage om ugen."),
        (Kind.TRIAL, "Praktik i rengøring", 20, "Fire ugers praktik med fast kollega.")]),
    ("Café {stem}", [
        (Kind.SMALL_JOB, "Opvask og servering i weekenden", 8, "Lørdag og søndag formiddag."),
        (Kind.TRIAL, "Praktik i caféens køkken", 20, "Lær at lave frokost til mange sammen med kokken.")]),
    ("{surname} Anlæg og Have", [
        (Kind.TRIAL, "Praktik med grønne områder", 20, "Græs, hække og beplantning i boligområderne."),
        (Kind.SMALL_JOB, "Sommerhjælp i haverne", 10, "Juni til august, gerne om formiddagen.")]),
    ("Købmanden i {place}", [
        (Kind.SMALL_JOB, "Flaskeretur og varer på hylderne", 6, "Et par timer efter skole eller arbejde.")]),
    ("{surname}s Autoværksted", [
        (Kind.INTERNSHIP, "Læreplads som mekaniker", 30, "Vi tager en lærling i år. Start med en uges praktik.")]),
]
# What the housing organisation offers itself.
OWN: list[tuple[str, str, int, str]] = [
    (Kind.TRIAL, "Praktik hos ejendomsfunktionærerne", 15,
     "Tre måneder med grønne områder, affald og små reparationer sammen med vores ejendomsfunktionærer."),
    (Kind.VOLUNTEERING, "Frivillig i fredagscaféen", 3, "Lav kaffe, bag kage og tag imod naboerne."),
    (Kind.VOLUNTEERING, "Frivillig lektiehjælper", 2, "Hjælp børnene med lektierne i beboerhuset."),
    (Kind.SMALL_JOB, "Sommerjob med grønne områder", 10, "Slå græs og luge bede i sommerferien."),
    (Kind.SMALL_JOB, "Hjælp til storskraldsdagen", 5, "Sortér og bær sammen med ejendomsfunktionærerne."),
]
MESSAGES = ("", "", "", "", "Jeg kan kun om formiddagen.", "Ring gerne efter kl. 15.", "Jeg har prøvet det før.",
            "Jeg taler bedst engelsk.", "Kan jeg tage min veninde med?", "Jeg vil gerne høre mere.")
Stop = Interest.StopReason
STOPS: dict[str, tuple[str, ...]] = {
    State.INTERESTED: (Stop.NO_CONTACT, Stop.RESIDENT_WITHDREW),
    State.CONTACTED: (Stop.NOT_SUITABLE, Stop.RESIDENT_WITHDREW, Stop.OTHER_WORK),
    State.STARTED: (Stop.OTHER_WORK, Stop.NOT_SUITABLE, Stop.OTHER),
}
# From each open state: (the next state, chance, days until it happens).
NEXT: dict[str, tuple[str, float, tuple[float, float]]] = {
    State.INTERESTED: (State.CONTACTED, 0.85, (0.5, 10)),
    State.CONTACTED: (State.STARTED, 0.6, (3, 30)),
    State.STARTED: (State.COMPLETED, 0.7, (14, 120)),
}
STAMP: dict[str, str] = {State.CONTACTED: "contacted_at", State.STARTED: "started_at", State.COMPLETED: "closed_at",
                         State.STOPPED: "closed_at"}


def _cvr(activity: Activity, taken: set[str]) -> str:
    """A new CVR number: seven digits and the check digit that makes it valid (`work.cvr`)."""
    while True:
        digits = [activity.rng.randint(1, 9)] + [activity.rng.randrange(10) for _ in range(6)]
        check = -sum(d * w for d, w in zip(digits, WEIGHTS, strict=False)) % 11  # the last weight is 1
        cvr = "".join(map(str, digits)) + str(check)
        if check < 10 and cvr not in taken:
            taken.add(cvr)
            return cvr


@register_step("interests in work")
def work(activity: Activity) -> int:
    """Companies, opportunities, interests and their every state change; returns the number of
    interests."""
    rng, now = activity.rng, activity.now
    # The housing organisations whose social workers follow residents up (`work_steps`).
    followers = {h: activity.staff_of(h, Role.SOCIAL_WORKER) for h in {e[1] for e in activity.world.estates}}
    estates = [e for e in activity.world.estates if followers[e[1]]]
    if not estates:
        return 0
    towns = dict(Estate.objects.filter(pk__in=[e[0] for e in estates]).values_list("pk", "city"))
    estates_of: dict[int, list[tuple[int, int, int, str]]] = defaultdict(list)
    for estate in estates:
        estates_of[estate[1]].append(estate)

    taken = set(Company.objects.values_list("cvr", flat=True))
    registries = sorted(estates_of)
    plan: list[tuple[Company, int]] = []  # (company, its trade)
    for n in range(max(1, round(3_000 * activity.scale))):
        # Every registry gets a company while there are enough; the big ones get more.
        housing = registries[n] if n < len(registries) else \
            rng.choices(registries, [len(estates_of[h]) for h in registries])[0]
        trade = rng.randrange(len(TRADES))
        surname, contact = rng.choice(words.SURNAMES), f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.SURNAMES)}"
        name = TRADES[trade][0].format(place=towns[rng.choice(estates_of[housing])[0]] or "Byen", surname=surname,
                                       stem=rng.choice(words.STEMS))
        plan.append((Company(
            housing_organisation_id=housing, name=name, cvr=_cvr(activity, taken), contact_name=contact,
            contact_phone=words.mobile(activity.rng),
            contact_email=f"{words.email_local_part(contact)}@virksomhed.{NATIONAL_DOMAIN}" if rng.random() < 0.6 else "",
            is_active=rng.random() < 0.95, created_by_id=rng.choice(followers[housing]), created_at=activity.moment(),
        ), trade))
    companies = activity.insert("companies", (c for c, _t in plan), len(plan))
    registry: dict[int, list[tuple[Company, int]]] = defaultdict(list)
    for company, (_c, trade) in zip(companies, plan, strict=True):
        if company.is_active:
            registry[company.housing_organisation_id].append((company, trade))

    opportunities = []
    for _ in range(max(1, round(10_000 * activity.scale))):
        estate_id, housing, _m, _p = rng.choice(estates)
        offered: tuple[Company | None, int] = (None, -1)
        if registry[housing] and rng.random() < 0.7:
            offered = rng.choice(registry[housing])
        by, trade = offered
        kind, title, hours, description = rng.choice(TRADES[trade][1] if by else OWN)
        created = activity.moment(330)
        if by is not None:  # offered once the company is in the registry
            created = min(max(created, by.created_at + timedelta(days=1)), now - timedelta(hours=1))
        archived = created + timedelta(days=rng.uniform(30, 240)) if rng.random() < 0.15 else None
        opportunities.append(Opportunity(
            estate_id=estate_id, company_id=by.pk if by else None, kind=kind, title=title, description=description,
            hours_per_week=hours, is_published=rng.random() < 0.93, created_by_id=rng.choice(followers[housing]),
            created_at=created, archived_at=archived if archived and archived < now else None,
        ))
    opportunities = activity.insert("opportunities", opportunities, len(opportunities))
    housing_of = {e[0]: e[1] for e in estates}

    interests: list[Interest] = []
    histories: list[list[tuple[str, str, int | None, datetime]]] = []
    # Residents see published opportunities only, and an archived one only until it was archived.
    shown = [o for o in opportunities if o.is_published]
    popularity = [rng.lognormvariate(0, 0.8) for _ in shown]
    for opportunity in rng.choices(shown, popularity, k=max(1, round(40_000 * activity.scale))) if shown else []:
        workers = followers[housing_of[opportunity.estate_id]]
        until = opportunity.archived_at or now
        created = opportunity.created_at + (until - opportunity.created_at) * rng.random() ** 0.8
        interest = Interest(opportunity_id=opportunity.pk, first_name=rng.choice(words.FIRST_NAMES),
                            phone=words.mobile(activity.rng), message=rng.choice(MESSAGES), consent=True, created_at=created)
        # Most show interest on the public page; now and then a social worker enters it for them.
        entered_by = rng.choice(workers) if rng.random() < 0.2 else None
        history: list[tuple[str, str, int | None, datetime]] = [("", State.INTERESTED, entered_by, created)]
        at = created
        worker = rng.choice(workers)
        while interest.state in NEXT:
            to, chance, (low, high) = NEXT[interest.state]
            if rng.random() > chance:  # stopped on the way
                to, (low, high) = State.STOPPED, (low, high / 2)
            at += timedelta(days=rng.uniform(low, high))
            if at > now:  # still waiting for its next step
                break
            if to == State.STOPPED:
                interest.stop_reason = rng.choice(STOPS[interest.state])
            history.append((interest.state, to, worker, at))
            interest.state = to
            setattr(interest, STAMP[to], at)
        interests.append(interest)
        histories.append(history)
    saved = activity.insert("interests", interests, len(interests))
    changes = [(i.pk, a, b, actor, at) for i, history in zip(saved, histories, strict=True)
               for a, b, actor, at in history]
    activity.copy("interest changes", InterestTransition, ["interest_id", "from_state", "to_state", "actor_id", "at"],
                  changes, len(changes))
    activity.counts |= {"companies": len(companies), "opportunities": len(opportunities),
                        "interest state changes": len(changes)}
    return len(saved)
