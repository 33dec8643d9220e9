"""The demo's bridge-building: receiving units, routing rules and deadlines for Fredericia and
Vejle, and five months of observations and referrals in every state.

Every story is played through the real services (`file_observation`, `receive`, `claim`,
`take_over`, `close`, `return_to_reporter`) and the worker's own duties (`escalate_overdue`,
`apply_retention`), so the transitions, the anonymous statistics and the access-log entries are
the real ones. The services act now; each story's clock is then set back to when it happened,
so the pages show months of history. The access log keeps the moment it was written: it is
append-only.

Units, rules and deadlines are found by their natural keys and corrected when they drift. The
stories are written once, like the demo's access log: when the demo reporters have filed
anything, the history is already there.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone, translation

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.permissions import Role
from lokalsundhed.demo.places import FREDERICIA, VEJLE
from lokalsundhed.demo.two_factor import DEMO_DOMAIN
from lokalsundhed.demo.words import email_local_part
from lokalsundhed.organisations.models import Dwelling, Estate, Organisation
from lokalsundhed.referrals import housekeeping, services, tasks_api
from lokalsundhed.referrals.models import (
    DEFAULT_DEADLINES,
    Consent,
    DeadlinePolicy,
    LegalBasis,
    Observation,
    ReceivingUnit,
    Referral,
    RoutingRule,
    Sign,
    SignCategory,
    Statistic,
    Transition,
    Urgency,
)

Kind = ReceivingUnit.Kind
Outcome = Referral.Outcome

# Receiving units per municipality code. Én Indgang is the default unit and is worked by the
# intake staff; the other units by the municipality's unit workers. The first named leads.
UNITS: dict[str, dict[str, str]] = {
    FREDERICIA: {
        Kind.SINGLE_ENTRY: "Én Indgang",
        Kind.HOME_CARE: "Hjemmeplejen, distrikt Nord",
        Kind.SOCIAL_PSYCHIATRY: "Socialpsykiatrien",
        Kind.DEMENTIA: "Demenskoordinatorerne",
        Kind.STREET_TEAM: "Gadeteamet",
        Kind.HOUSING_SOCIAL: "Boligsocialt team",
        Kind.JOBCENTER: "Jobcenter Fredericia",
    },
    VEJLE: {
        Kind.SINGLE_ENTRY: "Én Indgang",
        Kind.HOME_CARE: "Hjemmeplejen, område Midt",
        Kind.SOCIAL_PSYCHIATRY: "Socialpsykiatrien",
        Kind.DEMENTIA: "Demenskoordinatoren",
        Kind.STREET_TEAM: "Gadeteamet",
        Kind.HOUSING_SOCIAL: "Boligsocialt team",
        Kind.JOBCENTER: "Jobcenter Vejle",
    },
}
TOWNS = {FREDERICIA: "fredericia", VEJLE: "vejle"}

# Sign category × urgency → unit, the same in both municipalities. Cells left out (loneliness,
# conflict and mail at green or yellow, confusion or anxiety at yellow) go to the default unit,
# Én Indgang, which sorts them; categories without signs of an urgency have no cell.
ROUTING: dict[tuple[str, str], str] = {
    ("physical", Urgency.YELLOW): Kind.HOME_CARE,
    ("physical", Urgency.RED): Kind.HOME_CARE,
    ("mental", Urgency.GREEN): Kind.DEMENTIA,  # forgetfulness
    ("mental", Urgency.RED): Kind.SOCIAL_PSYCHIATRY,  # psychiatric crisis
    ("social", Urgency.RED): Kind.STREET_TEAM,  # not seen for days: outreach knocks on the door today
    ("home", Urgency.YELLOW): Kind.HOUSING_SOCIAL,  # hoarding, pests, eviction risk
    ("home", Urgency.RED): Kind.HOUSING_SOCIAL,  # unsafe installations
    ("safety", Urgency.RED): Kind.SINGLE_ENTRY,  # abuse or neglect: the municipality's social services
}

# (working days, hours) to claim a referral, per urgency.
DEADLINES: dict[str, dict[str, tuple[int, int]]] = {
    FREDERICIA: {Urgency.RED: (0, 4), Urgency.YELLOW: (2, 0), Urgency.GREEN: (10, 0)},
    VEJLE: {Urgency.RED: (0, 3), Urgency.YELLOW: (2, 0), Urgency.GREEN: (5, 0)},
}

# How far a story got.
SENT, RECEIVED, CLAIMED, TAKEN_OVER, CLOSED, RETURNED = (
    "sent", "received", "claimed", "taken_over", "closed", "returned"
)
STEPS_DONE = {
    SENT: (),
    RECEIVED: (RECEIVED,),
    CLAIMED: (RECEIVED, CLAIMED),
    TAKEN_OVER: (RECEIVED, CLAIMED, TAKEN_OVER),
    CLOSED: (RECEIVED, CLAIMED, TAKEN_OVER, CLOSED),
    RETURNED: (RECEIVED, RETURNED),
}
# Hours from sending to being opened, claimed, taken over and closed, by urgency.
PACE: dict[str, dict[str, float]] = {
    Urgency.RED: {RECEIVED: 0.5, CLAIMED: 0.7, TAKEN_OVER: 2.5, CLOSED: 24 * 5, RETURNED: 1.5},
    Urgency.YELLOW: {RECEIVED: 5, CLAIMED: 5.5, TAKEN_OVER: 26, CLOSED: 24 * 12, RETURNED: 8},
    Urgency.GREEN: {RECEIVED: 26, CLAIMED: 27, TAKEN_OVER: 75, CLOSED: 24 * 20, RETURNED: 30},
}


@dataclass(frozen=True)
class Story:
    """One observation and how far its referral got. `text` is the reporter's description
    (closed: the status for the reporter as well; returned: the reason)."""

    reporter: str
    estate: str
    dwelling: int  # index among the estate's homes
    first_name: str
    signs: tuple[str, ...]
    description: str
    days_ago: float
    path: str = SENT
    consent: str = Consent.YES
    legal_basis: str = ""
    basis_reason: str = ""
    outcome: str = ""
    status: str = ""  # taken over / closed: the status for the reporter; returned: the reason
    worker: str = ""  # who opens and works it; the lead of the unit it is routed to when empty
    escalated: bool = False  # left unclaimed past its deadline, and escalated by the worker


JENS, ALI, CAMILLA = "Jens Møller Pedersen", "Ali Hassan", "Camilla Friis Larsen"
KIM, NADIA, HENRIK = "Kim Rasmussen", "Nadia Khalil", "Henrik Post"
METTE, ANNE_MARIE = "Mette Kjær Andersen", "Anne Marie Kristensen"
EGESKOV, VESTERVOLD, PRANGER, NOERREMARK = "Egeskovparken", "Vestervoldhusene", "Prangerparken", "Nørremarkshusene"

# The stories each demo user meets first: every state, for every reporter and worker.
STORIES = (
    # Lillebæltsbo, Egeskovparken
    Story(JENS, EGESKOV, 17, "Inge", ("not_seen", "mail_piling"),
          "Har ikke set hende i fem dage. Posten stikker ud af brevsprækken, og der er lys i køkkenet hele tiden.",
          0.05),
    Story(JENS, EGESKOV, 5, "Poul", ("falls", "reduced_mobility"),
          "Faldt på trappen i opgangen i går. Kom selv op, men går meget dårligt og holder sig inde.",
          2.1, TAKEN_OVER, status="Vi har kontakt og kommer på besøg i denne uge."),
    Story(JENS, EGESKOV, 30, "Gudrun", ("memory",),
          "Ringer på hos naboerne om aftenen og spørger efter sin mand. Fandt ikke hjem fra vaskeriet.",
          19, CLOSED, outcome=Outcome.HELP_ESTABLISHED,
          status="Demenskoordinatoren har været på besøg, og der er hjælp i gang."),
    Story(JENS, EGESKOV, 44, "", ("loneliness",),
          "Sidder alene på bænken ved legepladsen hver dag og siger, at hun ikke har talt med nogen i ugevis.",
          9, RETURNED,
          status="Hun har allerede forebyggende hjemmebesøg. Fortæl hende gerne om fredagscaféen i fælleshuset."),
    Story(JENS, EGESKOV, 61, "Erik", ("smell", "pests"),
          "Lugt fra lejligheden og kakerlakker i opgangen. Han vil ikke have, at kommunen blandes ind.",
          12, consent=Consent.DECLINED),
    # Lillebæltsbo, Vestervoldhusene
    Story(ALI, VESTERVOLD, 8, "Birthe", ("weight_loss",),
          "Er blevet meget tynd på kort tid. Køleskabet var næsten tomt, da jeg skiftede en pære.",
          0.9, RECEIVED),
    Story(ALI, VESTERVOLD, 23, "Yusuf", ("eviction_risk",),
          "Har fået rykker for husleje tre måneder i træk. Siger selv, at han ikke kan finde ud af brevene.",
          3.8, CLAIMED),
    Story(ALI, VESTERVOLD, 40, "Karen", ("mail_piling",),
          "Posten hober sig op, men hun åbner, når jeg banker på. Virker træt og trist.",
          6, escalated=True),
    Story(ALI, VESTERVOLD, 51, "Aage", ("poor_hygiene",),
          "Tøjet er snavset, og der lugter fra hans dør ud i opgangen. Han siger, at han klarer sig.",
          34, CLOSED, outcome=Outcome.RESIDENT_DECLINED,
          status="Borgeren ønsker ikke hjælp lige nu. Vi har givet ham vores nummer."),
    Story(ALI, VESTERVOLD, 12, "Fatma", ("anxiety",),
          "Tør ikke gå ned i kælderen til vaskeriet og beder naboerne gå med. Virker meget urolig.",
          48, CLOSED, outcome=Outcome.NO_NEED,
          status="Vi har talt med borgeren og vurderet, at der ikke er brug for kommunal hjælp nu."),
    # Lillebæltsbo's housing social worker
    Story(CAMILLA, EGESKOV, 70, "Ruth", ("not_seen",),
          "Naboen har ikke hørt noget fra lejligheden siden i torsdags. Hun svarer ikke, når vi ringer på.",
          15, CLOSED, consent=Consent.CANNOT, legal_basis="vital_interests",
          basis_reason="Ikke set i seks dage, lyset er tændt, og hun svarer ikke. Hun er 88 og falder ofte.",
          outcome=Outcome.HELP_ESTABLISHED, status="Vi kom ind sammen med hjemmeplejen. Borgeren har fået hjælp."),
    Story(CAMILLA, VESTERVOLD, 33, "Svend", ("hoarding", "smell"),
          "Stuen og gangen er fyldt med aviser og poser. Lugt i opgangen. Han er venlig, men skammer sig.",
          3, TAKEN_OVER, status="Vi har aftalt et besøg sammen med den boligsociale medarbejder."),
    Story(CAMILLA, EGESKOV, 82, "", ("conflict", "loneliness"),
          "Konflikt med naboen om støj. Virker ensom og vred. Jeg har ikke nået at spørge ham endnu.",
          5, consent=Consent.NOT_ASKED),
    Story(CAMILLA, EGESKOV, 9, "Hamid", ("psychiatric_crisis", "anxiety"),
          "Råbte i opgangen og virkede meget bange. Siger, at nogen holder øje med ham gennem væggen.",
          25, CLOSED, outcome=Outcome.REFERRED_ELSEWHERE, status="Borgeren er henvist til regionens psykiatri."),
    Story(CAMILLA, VESTERVOLD, 47, "Asta", ("confusion",),
          "Stod i opgangen og kunne ikke finde sin egen dør. Virkede forvirret og bange.",
          1.2, RECEIVED),
    # Fjordhjem, Prangerparken
    Story(KIM, PRANGER, 14, "Grethe", ("falls",),
          "Lå på gulvet i entréen, da jeg kom med en ny nøgle. Hun har slået armen.",
          0.2),
    Story(KIM, PRANGER, 27, "Ole", ("unsafe_installations", "memory"),
          "Komfuret stod tændt uden gryde to gange i denne uge. Han kan ikke selv huske det.",
          1.5, TAKEN_OVER, status="Vi er i gang, og demenskoordinatoren er orienteret."),
    Story(KIM, PRANGER, 66, "Ebba", ("memory",),
          "Har glemt at hente sin medicin flere gange og spørger mig om datoen hver morgen.",
          40, CLOSED, outcome=Outcome.HELP_ESTABLISHED, status="Hun har fået fast besøg og hjælp til medicinen."),
    Story(KIM, PRANGER, 90, "Kaj", ("loneliness", "mail_piling"),
          "Posten hober sig op, og han siger, at han ikke orker at åbne den. Han har ingen familie i nærheden.",
          8, RETURNED, worker=METTE,
          status="Borgeren ringede selv til os i går, og vi har sagen. Tak fordi du sagde til."),
    Story(KIM, PRANGER, 101, "Leila", ("conflict",),
          "Højlydte skænderier i lejligheden om aftenen. Hun siger, at alt er i orden.",
          20, consent=Consent.DECLINED),
    # Fjordhjem's housing social worker
    Story(NADIA, PRANGER, 38, "Halina", ("abuse_neglect",),
          "Mødt i fælleshuset. Hun virkede bange og ville hurtigt hjem.",
          0.1, consent=Consent.NOT_ASKED, legal_basis="welfare_check",
          basis_reason="Blå mærker på armene, og sønnen taler grimt til hende. Hun tør ikke sige noget, når han er der."),
    Story(NADIA, PRANGER, 52, "Mehmet", ("eviction_risk", "anxiety"),
          "Har fået varsel om udsættelse. Sover ikke og er meget urolig.",
          10, CLOSED, outcome=Outcome.HELP_ESTABLISHED, status="Der er lavet en aftale om huslejen, og han har en bisidder."),
    Story(NADIA, PRANGER, 75, "Inger", ("weight_loss", "poor_hygiene"),
          "Spiser ikke, siger hun selv. Har svært ved at klare rengøringen og ser træt ud.",
          2.5, CLAIMED, worker=METTE),
    Story(NADIA, PRANGER, 110, "Bodil", ("loneliness",),
          "Mistede sin mand i foråret og går ikke længere ud. Vil gerne have besøg.",
          6, TAKEN_OVER, status="Et forebyggende hjemmebesøg er aftalt."),
    # Boligforeningen Vejlefjord, Nørremarkshusene (Vejle)
    Story(HENRIK, NOERREMARK, 3, "Jytte", ("memory", "mail_piling"),
          "Posten hober sig op, og hun har to gange spurgt mig, hvilken dag det er.",
          0.3),
    Story(HENRIK, NOERREMARK, 7, "Preben", ("falls", "not_seen"),
          "Ikke set i tre dage. Han faldt i opgangen for en måned siden.",
          1, RECEIVED, escalated=True),
    Story(HENRIK, NOERREMARK, 10, "Lis", ("weight_loss",),
          "Tøjet hænger løst på hende, og hun siger, at maden ikke smager af noget.",
          5, TAKEN_OVER, status="Vi har kontakt med borgeren."),
    Story(HENRIK, NOERREMARK, 4, "Tomasz", ("eviction_risk",),
          "Har fået inkassobrev om huslejen og forstår ikke, hvad der står.",
          30, CLOSED, outcome=Outcome.HELP_ESTABLISHED, status="Borgeren har fået hjælp til økonomien."),
    Story(HENRIK, NOERREMARK, 1, "Agnes", ("loneliness",),
          "Sidder ved vinduet hele dagen og vinker til alle, der går forbi.",
          12, RETURNED, status="Vi kender borgeren og har allerede aftalt et besøg. Tak for opmærksomheden."),
    Story(HENRIK, NOERREMARK, 6, "", ("conflict",),
          "Råb og smæld med døre om natten. Beboeren vil ikke tale om det.",
          7, consent=Consent.DECLINED),
    Story(HENRIK, NOERREMARK, 9, "Anton", ("psychiatric_crisis",),
          "Stod i gården og talte højt med sig selv, meget ophidset. Ville ikke tale med mig.",
          45, CLOSED, outcome=Outcome.RESIDENT_DECLINED, status="Borgeren ønskede ikke hjælp. Vi følger op om en måned."),
    Story(HENRIK, NOERREMARK, 11, "Maja", ("memory",),
          "Har låst sig ude tre gange på en måned.",
          60, CLOSED, outcome=Outcome.NO_NEED, status="Borgerens datter hjælper nu. Der er ikke brug for mere."),
    Story(HENRIK, NOERREMARK, 2, "Osman", ("anxiety",),
          "Ringer ofte til mig om aftenen, fordi han er bange for at være alene.",
          2, CLAIMED, worker=ANNE_MARIE),
    Story(HENRIK, NOERREMARK, 5, "Kirsten", ("reduced_mobility",),
          "Kan ikke længere gå op til 2. sal med indkøbene.",
          0.5),
)

# The generated history behind them: what a reporter might write about each kind of concern.
SCENARIOS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("falls",), "Faldt ved postkasserne i morges. Kom op med hjælp fra en nabo."),
    (("falls", "reduced_mobility"), "Går med stok nu og har svært ved trappen. Er faldet to gange i år."),
    (("weight_loss",), "Er tydeligt tyndere end i foråret og siger, at appetitten er væk."),
    (("poor_hygiene",), "Lugt fra lejligheden, og tøjet er ikke skiftet i længe."),
    (("memory",), "Glemmer at låse døren og har flere gange mistet nøglerne i opgangen."),
    (("memory", "confusion"), "Gik rundt i gården i morgenkåbe og vidste ikke, hvor hun boede."),
    (("anxiety",), "Tør ikke gå ud, når det er mørkt, og ringer ofte til ejendomskontoret."),
    (("psychiatric_crisis",), "Meget forpint, råbte ud ad vinduet og ville ikke tale med nogen."),
    (("self_harm", "psychiatric_crisis"), "Sagde, at han ikke kan mere og ikke vil være her længere."),
    (("not_seen",), "Ikke set i fire dage, avisen ligger stadig på måtten."),
    (("mail_piling", "loneliness"), "Posten hober sig op. Han siger, at han ikke orker at åbne breve."),
    (("loneliness",), "Sidder ofte alene i fælleshuset og siger, at hun savner nogen at tale med."),
    (("conflict",), "Gentagne klager fra naboerne over støj om natten. Han virker presset."),
    (("hoarding",), "Altanen og entréen er fyldt med ting, så døren næsten ikke kan åbnes."),
    (("pests", "smell"), "Kakerlakker i køkkenet og lugt i opgangen. Hun skammer sig og vil ikke have besøg."),
    (("eviction_risk",), "Har ikke betalt husleje i to måneder. Siger, at pengene ikke rækker."),
    (("unsafe_installations",), "Stikkontakter hænger løst, og der er forlængerledninger overalt."),
)
RESIDENT_NAMES = (
    "Inge", "Gudrun", "Poul", "Erik", "Birthe", "Karen", "Aage", "Ruth", "Yusuf", "Fatma", "Halina",
    "Svend", "Grethe", "Kaj", "Ebba", "Hamid", "Bodil", "Jytte", "Preben", "Lis", "Tove", "Knud",
    "Elsebeth", "Hassan", "Zeynep", "Irena", "Mogens", "Anni", "Villy", "Oksana", "", "", "",
)
STATUS_TAKEN_OVER = ("Vi har kontakt med borgeren.", "Vi har aftalt et besøg.", "Sagen er hos os nu.")
STATUS_CLOSED: dict[str, tuple[str, ...]] = {
    Outcome.HELP_ESTABLISHED: ("Vi har været på besøg, og der er hjælp i gang.", "Borgeren har fået fast hjælp.",
                               "Borgeren har fået en kontaktperson."),
    Outcome.RESIDENT_DECLINED: ("Borgeren ønsker ikke hjælp lige nu. Vi har efterladt vores nummer.",),
    Outcome.NO_NEED: ("Vi har talt med borgeren og vurderet, at der ikke er brug for hjælp nu.",),
    Outcome.REFERRED_ELSEWHERE: ("Borgeren er henvist videre til rette sted.",),
}
RETURN_REASONS = (
    "Borgeren har allerede en aftale med os. Tak for opmærksomheden.",
    "Vi kan ikke finde borgeren på adressen. Tjek opgang og etage, og send den igen.",
    "Det hører under regionen. Vi har givet borgeren nummeret til egen læge.",
)
# Per estate: its reporters (caretakers more often than the social worker) and concerns per month
# now; in the first months of the year, when the caretakers had just started, one or so.
HISTORY = {
    EGESKOV: ((JENS, JENS, ALI, CAMILLA), 3),
    VESTERVOLD: ((ALI, ALI, JENS, CAMILLA), 2),
    PRANGER: ((KIM, KIM, NADIA), 3),
    NOERREMARK: ((HENRIK,), 2),
}
HISTORY_MONTHS = 11  # the numbers page shows twelve; the current month has the stories above
HISTORY_RAMP_MONTHS = 5  # the most recent months at the full rate
HISTORY_SEED = 2025


def _history(rng: random.Random) -> list[Story]:
    """Older, settled stories: mostly closed with an outcome, some returned, some never sent."""
    # Help is established in about half the cases.
    outcomes = [str(o) for o in [Outcome.HELP_ESTABLISHED] * 5 + [Outcome.RESIDENT_DECLINED, Outcome.NO_NEED]
                + [Outcome.REFERRED_ELSEWHERE] * 2]
    stories = []
    for estate, (reporters, per_month) in HISTORY.items():
        for month in range(HISTORY_MONTHS):
            rate = per_month if month < HISTORY_RAMP_MONTHS else 1
            for _ in range(rate + rng.randint(-1, 1)):
                signs, description = rng.choice(SCENARIOS)
                roll = rng.random()
                path, outcome, status, consent = CLOSED, rng.choice(outcomes), "", Consent.YES
                if roll < 0.1:
                    path, consent = SENT, rng.choice((Consent.DECLINED, Consent.NOT_ASKED))
                elif roll < 0.18:
                    path, outcome, status = RETURNED, "", rng.choice(RETURN_REASONS)
                if path == CLOSED:
                    status = rng.choice(STATUS_CLOSED[outcome])
                stories.append(Story(
                    rng.choice(reporters), estate, rng.randrange(200), rng.choice(RESIDENT_NAMES), signs,
                    description, days_ago=22 + 30 * month + rng.random() * 30, path=path, consent=consent,
                    outcome=outcome, status=status,
                ))
    return stories


def _upsert_fields(obj: Any, values: dict[str, Any]) -> None:
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    if changed:
        obj.save(update_fields=changed)


def _routing(orgs: dict[str, Organisation], users: dict[str, User], staff: tuple) -> None:
    """Units with their members and lead, routing rules and deadlines for each demo municipality."""
    categories = {c.code: c for c in SignCategory.objects.all()}
    for code, names in UNITS.items():
        municipality = orgs[code]
        intake = [users[name] for name, role, org in staff if org == code and role == Role.INTAKE]
        workers = [users[name] for name, role, org in staff if org == code and role == Role.UNIT_WORKER]
        # One default per municipality: a default an administrator moved elsewhere is moved back.
        ReceivingUnit.objects.filter(municipality=municipality, is_default=True).exclude(
            kind=Kind.SINGLE_ENTRY
        ).update(is_default=False)
        units: dict[str, ReceivingUnit] = {}
        for kind, name in names.items():
            members = intake if kind == Kind.SINGLE_ENTRY else workers
            values = {
                "name": name,
                "is_default": kind == Kind.SINGLE_ENTRY,
                "lead": members[0] if members else None,
                "notification_email": f"{email_local_part(name.replace(',', ''))}.{TOWNS[code]}@{DEMO_DOMAIN}",
            }
            unit = ReceivingUnit.objects.filter(municipality=municipality, kind=kind).order_by("pk").first()
            if unit is None:
                unit = ReceivingUnit.objects.create(municipality=municipality, kind=kind, **values)
            else:
                _upsert_fields(unit, values)
            unit.members.add(*members)
            units[kind] = unit
        for (category, urgency), kind in ROUTING.items():
            rule = RoutingRule.objects.filter(
                municipality=municipality, category=categories[category], urgency=urgency
            ).first()
            if rule is None:
                RoutingRule.objects.create(
                    municipality=municipality, category=categories[category], urgency=urgency, unit=units[kind]
                )
            else:
                _upsert_fields(rule, {"unit": units[kind]})
        for urgency, (days, hours) in DEADLINES[code].items():
            policy = DeadlinePolicy.objects.filter(municipality=municipality, urgency=urgency).first()
            if policy is None:
                DeadlinePolicy.objects.create(municipality=municipality, urgency=urgency, working_days=days, hours=hours)
            else:
                _upsert_fields(policy, {"working_days": days, "hours": hours})


def _nobody(referral_id: int) -> None:
    """Notifications are not sent for the demo's history."""


@contextmanager
def notifications_held() -> Iterator[None]:
    """The stories happened weeks ago: nobody is to be e-mailed about them now (the worker would
    otherwise write to every demo reporter and lead once `make run` starts it). Wraps the whole
    transaction, because the services queue their notifications when it commits."""
    names = ("notify_sent", "notify_state_changed", "notify_escalated")
    saved: dict[str, Callable[[int], None]] = {name: getattr(tasks_api, name) for name in names}
    for name in names:
        setattr(tasks_api, name, _nobody)
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(tasks_api, name, function)


def _sent_at(now: datetime, days_ago: float, rng: random.Random) -> datetime:
    """When a story began: within the last day as given, older ones on a weekday in working hours."""
    if days_ago < 1:
        return now - timedelta(days=days_ago)
    day = timezone.localtime(now) - timedelta(days=days_ago)
    day -= timedelta(days=max(0, day.weekday() - 4))  # Saturday and Sunday → Friday
    local = day.replace(hour=rng.randint(7, 14), minute=rng.randrange(60), second=0, microsecond=0)
    return local.astimezone(UTC)


def _timeline(story: Story, urgency: str, now: datetime, rng: random.Random) -> dict[str, datetime]:
    """When each step of the story happened; squeezed to fit between its start and now."""
    sent = _sent_at(now, story.days_ago, rng)
    steps = STEPS_DONE[story.path]
    jitter = 0.6 + rng.random()
    offsets = {step: PACE[urgency][step] * jitter for step in steps}
    if RETURNED in offsets:
        offsets[RECEIVED] = min(offsets[RECEIVED], offsets[RETURNED] * 0.5)
    room = (now - sent).total_seconds() / 3600 - 0.25
    last = max(offsets.values(), default=0)
    if last > room:
        offsets = {step: hours * room / last for step, hours in offsets.items()}
    return {SENT: sent} | {step: sent + timedelta(hours=hours) for step, hours in offsets.items()}


def _set_clock(observation: Observation, referral: Referral | None, times: dict[str, datetime],
               deadlines: dict[tuple[int, str], tuple[int, int]]) -> None:
    """Move the story's own timestamps back to when it happened (the statistics with them)."""
    sent = times[SENT]
    Observation.objects.filter(pk=observation.pk).update(created_at=sent)
    statistic: dict[str, Any] = {"month": sent.date().replace(day=1)}
    if TAKEN_OVER in times:
        statistic["hours_to_takeover"] = (times[TAKEN_OVER] - sent).total_seconds() / 3600
    Statistic.objects.filter(observation=observation).update(**statistic)
    if referral is None:
        return
    # The municipality's deadline policy, counted from the earlier start (as services.deadline_for).
    days, hours = deadlines.get((referral.municipality_id, referral.urgency), DEFAULT_DEADLINES[referral.urgency])
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=sent,
        deadline_at=services.add_working_days(sent, days) + timedelta(hours=hours),
        received_at=times.get(RECEIVED),
        taken_over_at=times.get(TAKEN_OVER),
        closed_at=times.get(CLOSED) or times.get(RETURNED),
    )
    steps = Transition.objects.filter(referral=referral)
    for step, at in times.items():
        if step == CLAIMED:
            steps.filter(note="claimed").update(at=at)
        elif step == RECEIVED:
            steps.filter(to_state=RECEIVED).exclude(note="claimed").update(at=at)
        else:
            steps.filter(to_state=step).update(at=at)


@dataclass
class _Stage:
    """What the stories are played on."""

    users: dict[str, User]
    dwellings: dict[str, list[Dwelling]]
    estates: dict[str, Estate]
    signs: dict[str, Sign]
    bases: dict[str, LegalBasis]
    deadlines: dict[tuple[int, str], tuple[int, int]]  # (municipality, urgency) → (working days, hours)
    now: datetime
    rng: random.Random


def _play(story: Story, stage: _Stage) -> Referral | None:
    """File the observation and take its referral as far as the story goes, as the people would."""
    homes = stage.dwellings[story.estate]
    observation = services.file_observation(
        services.ObservationInput(
            estate=stage.estates[story.estate],
            dwelling=homes[story.dwelling % len(homes)],
            resident_first_name=story.first_name,
            signs=[stage.signs[code] for code in story.signs],
            description=story.description,
            consent=story.consent,
            legal_basis=stage.bases[story.legal_basis] if story.legal_basis else None,
            legal_basis_reason=story.basis_reason,
        ),
        actor=stage.users[story.reporter],
    )
    referral = Referral.objects.filter(observation=observation).select_related("unit__lead").first()
    times = _timeline(story, observation.urgency, stage.now, stage.rng)
    if referral is None:
        _set_clock(observation, None, times, stage.deadlines)
        return None
    worker = stage.users[story.worker] if story.worker else referral.unit.lead
    if worker is None:
        raise ValueError(f"{referral.unit} has no lead to work the demo's referrals")
    if RECEIVED in times:
        # Opening the referral's page: the same access-log entry as the view writes.
        record(actor=worker, action=Action.READ, obj=referral, organisation_id=referral.municipality_id,
               purpose="working the referral")
        referral = services.receive(referral, actor=worker)
    if CLAIMED in times:
        referral = services.claim(referral, actor=worker)
    if TAKEN_OVER in times:
        status = story.status if story.path == TAKEN_OVER else stage.rng.choice(STATUS_TAKEN_OVER)
        referral = services.take_over(referral, actor=worker, status_text=status)
    if CLOSED in times:
        referral = services.close(referral, actor=worker, outcome=story.outcome, status_text=story.status)
    if RETURNED in times:
        referral = services.return_to_reporter(referral, actor=worker, reason=story.status)
    _set_clock(observation, referral, times, stage.deadlines)
    return referral


def load_bridge_building(
    orgs: dict[str, Organisation], estates: dict[str, Estate], users: dict[str, User], staff: tuple
) -> None:
    """Routing for both demo municipalities, then (once) the stories, oldest first."""
    _routing(orgs, users, staff)
    reporters = {users[story.reporter] for story in STORIES}
    if Observation.objects.filter(reported_by__in=reporters).exists():
        return
    rng = random.Random(HISTORY_SEED)  # noqa: S311  (reproducible made-up stories, not secrets)
    stories = sorted(_history(rng) + list(STORIES), key=lambda story: -story.days_ago)
    stage = _Stage(
        users=users,
        dwellings={name: list(estate.dwellings.order_by("pk")) for name, estate in estates.items()},
        estates=estates,
        signs={sign.code: sign for sign in Sign.objects.select_related("category")},
        bases={basis.code: basis for basis in LegalBasis.objects.all()},
        deadlines={(p.municipality_id, p.urgency): (p.working_days, p.hours) for p in DeadlinePolicy.objects.all()},
        now=timezone.now(),
        rng=rng,
    )
    overdue: list[Referral] = []
    with translation.override("da"):  # routing reasons and default status texts are stored in Danish
        for story in stories:
            referral = _play(story, stage)
            if story.escalated and referral is not None:
                overdue.append(referral)
        # The worker's rounds: escalation five minutes past each deadline, then retention today.
        for referral in overdue:
            referral.refresh_from_db(fields=["deadline_at"])
            housekeeping.escalate_overdue(now=referral.deadline_at + timedelta(minutes=5))
        housekeeping.apply_retention(now=stage.now)
