"""The demo's bridge-building as data: the receiving units, routing and deadlines of Fredericia
and Vejle, the stories each demo user meets first, and what the generated history is made of.
`bridge_building` plays them through the services."""

from __future__ import annotations

from dataclasses import dataclass

from lokalsundhed.demo.places import FREDERICIA, VEJLE
from lokalsundhed.referrals.models import (
    Consent,
    ReceivingUnit,
    Referral,
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
