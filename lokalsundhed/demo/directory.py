"""The demo's help guide: about thirty fictional local services in each demo municipality
(Fredericia and Vejle) — the dementia coordinator, the single entry point, debt advice, a
Friday café … — with phones, opening hours, places, needs and some translations, and each
municipality's own guidance card for every sign category.

Names, numbers and addresses are made up. Every record has a fixed id (uuid5 of its key), so
loading again finds and corrects it: a second run changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock
from typing import Any, TypeVar

from django.db import models, transaction

from lokalsundhed.directory import search
from lokalsundhed.directory.models import (
    NEEDS_TAXONOMY_ID,
    Address,
    Attribute,
    GuidanceCard,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
    TaxonomyTerm,
)
from lokalsundhed.organisations.models import Estate, Municipality
from lokalsundhed.signs.models import SignCategory

M = TypeVar("M", bound=models.Model)
NAMESPACE = uuid.UUID("0d8c6f2a-51b4-4c1e-8f0e-6a7d3b9e2c41")
WEEKDAYS = "MO,TU,WE,TH,FR"
ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"
VERIFIED = date(2026, 9, 1)  # the demo's services were checked around then …
STALE = date(2025, 3, 3)  # … except two, so the stale-data flag has something to show

# Per municipality: city, phone prefix (fictional), the estates some services are for.
MUNICIPALITIES: dict[str, dict[str, Any]] = {
    "0607": {"city": "Fredericia", "prefix": "72 10", "estates": {"east": "Egeskovparken", "west": "Prangerparken"},
             "street": "Gothersgade", "postcode": "7000"},
    "0630": {"city": "Vejle", "prefix": "76 81", "estates": {"east": "Nørremarkshusene", "west": "Nørremarkshusene"},
             "street": "Skolegade", "postcode": "7100"},
}


@dataclass(frozen=True)
class Spec:
    key: str
    name: str  # {city} is the municipality's town
    organization: str
    needs: tuple[str, ...]
    description: str
    hours: tuple[tuple[str, int, int], ...] = ((WEEKDAYS, 8, 15),)
    languages: tuple[str, ...] = ("da",)
    estate: str = ""  # "east"/"west": only for that estate; "": the whole municipality
    location: str = "town_hall"
    how: str = ""
    stale: bool = False


SERVICES = (
    Spec("dementia_coordinator", "Demenskoordinatoren i {city} Kommune", "{city} Kommune", ("dementia",),
         "Rådgivning og støtte til borgere med demens og deres pårørende. Demenskoordinatoren kommer gerne "
         "på hjemmebesøg og hjælper med at finde aflastning og dagtilbud.",
         languages=("da", "en"), how="Ring eller skriv. Du kan også bede ejendomsfunktionæren om at sende en observation."),
    Spec("dementia_cafe", "Demenscaféen", "Alzheimerforeningen {city}", ("dementia", "loneliness"),
         "Et hyggeligt mødested for mennesker med demens og deres pårørende. Kaffe, sang og samtale.",
         hours=(("TU", 14, 16),), estate="east", location="common_room"),
    Spec("dementia_relatives", "Pårørendegruppe for demens", "Alzheimerforeningen {city}", ("dementia",),
         "Samtalegruppe for ægtefæller og børn af mennesker med demens. Tavshedspligt.",
         hours=(("WE", 17, 19),)),
    Spec("single_entry", "Én Indgang — Sundhed og Omsorg", "{city} Kommune", ("practical_help", "health_offers"),
         "Kommunens indgang til hjemmehjælp, hjælpemidler, træning og forebyggende hjemmebesøg. Modtager "
         "henvisninger fra ejendomsfunktionærer.", how="Ring på hverdage. Akut fare: ring 112."),
    Spec("home_care", "Hjemmeplejen — visitation", "{city} Kommune", ("practical_help",),
         "Praktisk hjælp og personlig pleje i eget hjem efter visitation.", hours=((WEEKDAYS, 8, 12),)),
    Spec("aids", "Hjælpemiddeldepotet", "{city} Kommune", ("practical_help",),
         "Udlån af rollatorer, badebænke, toiletforhøjere og andre hjælpemidler.", hours=((WEEKDAYS, 9, 14),),
         location="depot"),
    Spec("meals", "Madservice for ældre", "{city} Kommune", ("practical_help",),
         "Varm mad bragt ud til ældre, der ikke selv kan lave mad.", hours=((WEEKDAYS, 9, 12),)),
    Spec("preventive_visits", "Forebyggende hjemmebesøg", "{city} Kommune", ("health_offers", "loneliness"),
         "En samtale i dit eget hjem om helbred, trivsel og hverdagsliv. For ældre, der bor alene eller har "
         "mistet en ægtefælle.", stale=True),
    Spec("health_house", "Sundhedshuset — fremskudt konsultation", "{city} Kommune", ("health_offers",),
         "Sygeplejerske og fysioterapeut holder åben konsultation i boligområdet. Tolk efter aftale.",
         hours=(("TU,TH", 9, 12),), languages=("da", "ar", "tr"), estate="east", location="health_centre"),
    Spec("learn_to_cope", "Lær at tackle angst og depression", "{city} Kommune", ("mental_health", "health_offers"),
         "Gratis kursus over seks gange for voksne med angst eller depression og deres pårørende.",
         hours=(("MO", 17, 19),), location="health_centre"),
    Spec("social_psychiatry", "Socialpsykiatrien (SKP)", "{city} Kommune", ("mental_health",),
         "Støtte til voksne med psykisk sårbarhed: bostøtte, samværstilbud og rådgivning."),
    Spec("psychiatric_emergency", "Psykiatrisk Akutmodtagelse", "Region Syddanmark", ("mental_health",),
         "Døgnåben hjælp ved akut psykisk krise. Er nogen i livsfare, så ring 112.",
         hours=((ALL_DAYS, 0, 24),), location="hospital"),
    Spec("drop_in", "Værestedet Lyspunktet", "Foreningen Lyspunktet", ("mental_health", "loneliness"),
         "Et værested med kaffe, fællesspisning og aktiviteter for voksne, der har det svært.",
         hours=((WEEKDAYS, 10, 16),), location="drop_in"),
    Spec("addiction_centre", "Rusmiddelcentret", "{city} Kommune", ("addiction",),
         "Gratis og anonym rådgivning og behandling for alkohol, hash og andre stoffer.", hours=((WEEKDAYS, 8, 16),)),
    Spec("youth_drugs", "Ungerådgivning om rusmidler", "{city} Kommune", ("addiction", "young_people"),
         "Anonym samtale for unge under 25 og deres forældre om hash, alkohol og piller.", hours=(("MO,WE", 14, 18),)),
    Spec("debt_advice", "Gældsrådgivningen", "Frivillig Gældsrådgivning {city}", ("money_eviction",),
         "Gratis rådgivning om gæld, budget, rykkere og huslejerestancer — før sagen går til fogedretten.",
         hours=(("TH", 16, 19),), languages=("da", "ar"), location="library"),
    Spec("housing_social", "Det boligsociale team", "Boligsocial helhedsplan", ("money_eviction", "young_people"),
         "Boligsociale medarbejdere hjælper med breve, økonomi og kontakt til kommunen.",
         hours=(("MO,TU,TH", 9, 15),), estate="west", location="common_room"),
    Spec("citizen_service", "Borgerservice — ydelser og pension", "{city} Kommune", ("money_eviction",),
         "Hjælp til boligstøtte, pension, sygesikring og digital post.", hours=((WEEKDAYS, 10, 15),)),
    Spec("visiting_friends", "Besøgsvenner", "Røde Kors {city}", ("loneliness",),
         "En frivillig besøgsven kommer hver uge til en snak, en gåtur eller et spil kort.", stale=True),
    Spec("friday_cafe", "Fredagscaféen i Fælleshuset", "Beboerforeningen", ("loneliness",),
         "Kaffe, kage og fællesskab hver fredag. Alle beboere er velkomne.", hours=(("FR", 14, 16),),
         estate="east", location="common_room"),
    Spec("petanque", "Petanque og gåture for seniorer", "Ældre Sagen {city}", ("loneliness", "health_offers"),
         "Vi mødes til petanque og en gåtur i området. Ingen tilmelding.", hours=(("WE", 10, 12),)),
    Spec("crisis_centre", "Krisecenteret", "Krisecenter {city}", ("domestic_violence",),
         "Døgnåbent krisecenter for kvinder og børn, der udsættes for vold. Anonym rådgivning.",
         hours=((ALL_DAYS, 0, 24),), languages=("da", "en", "ar"), location="secret"),
    Spec("violence_advice", "Rådgivning om vold i nære relationer", "{city} Kommune", ("domestic_violence",),
         "Samtaler for voksne, der udsættes for eller udøver vold i familien.", hours=((WEEKDAYS, 9, 15),)),
    Spec("youth_counselling", "Ungdomsrådgivningen", "{city} Kommune", ("young_people",),
         "Gratis samtaler for unge mellem 12 og 25 om alt fra skole til kærester og ensomhed.",
         hours=(("MO,TU,WE,TH", 12, 18),)),
    Spec("family_house", "Familiehuset", "{city} Kommune", ("young_people",),
         "Rådgivning og forældrekurser for børnefamilier.", hours=((WEEKDAYS, 8, 15),)),
    Spec("homework_cafe", "Lektiecaféen", "Boligsocial helhedsplan", ("young_people",),
         "Frivillige hjælper med lektier to gange om ugen.", hours=(("TU,TH", 15, 17),), estate="west",
         location="common_room"),
    Spec("job_centre", "Jobcenteret", "{city} Kommune", ("employment",),
         "Hjælp til job, uddannelse, virksomhedspraktik og sygedagpenge.", hours=((WEEKDAYS, 9, 15),)),
    Spec("volunteer_centre", "Frivilligcenteret", "Frivilligcenter {city}", ("employment", "loneliness"),
         "Find frivilligt arbejde og foreninger i byen.", hours=(("MO,WE", 10, 16),), location="library"),
    Spec("language_cafe", "Sprogcaféen — dansk i hverdagen", "Frivilligcenter {city}", ("employment", "loneliness"),
         "Øv dansk over en kop kaffe med frivillige. Alle niveauer.", hours=(("WE", 17, 19),),
         languages=("da", "ar", "tr", "so", "uk"), location="library"),
    Spec("street_team", "Det opsøgende team", "{city} Kommune", ("addiction", "mental_health"),
         "Socialarbejdere, der opsøger hjemløse og udsatte borgere, hvor de er.", hours=((WEEKDAYS, 8, 20),)),
    Spec("police_prevention", "Politiets forebyggelse", "Sydøstjyllands Politi", ("domestic_violence", "young_people"),
         "Forebyggende samtaler og rådgivning. Ring 114, når det ikke haster, og 112 ved fare.",
         hours=((WEEKDAYS, 8, 16),), location="police"),
)

LOCATIONS = {
    "town_hall": ("Rådhuset", "{street} 1"),
    "depot": ("Hjælpemiddeldepotet", "Industrivej 12"),
    "common_room": ("Fælleshuset", ""),
    "health_centre": ("Sundhedshuset", ""),
    "hospital": ("Sygehuset, psykiatrisk akutmodtagelse", "Sygehusvej 3"),
    "drop_in": ("Lyspunktet", "{street} 40"),
    "library": ("Hovedbiblioteket", "{street} 22"),
    "secret": ("Krisecenteret (adressen er hemmelig)", ""),
    "police": ("Politistationen", "Politigården 2"),
}

TRANSLATIONS = {
    "dementia_coordinator": {
        "en": {"name": "Dementia coordinator, {city} municipality",
               "description": "Advice and support for people with dementia and their families. Home visits on request."},
        "ar": {"name": "منسق الخرف في بلدية {city}",
               "description": "نصائح ودعم للأشخاص المصابين بالخرف وعائلاتهم. زيارات منزلية عند الطلب."},
    },
    "health_house": {
        "en": {"name": "Health house — outreach consultation",
               "description": "A nurse and a physiotherapist hold open hours on the estate. Interpreter on request."},
        "ar": {"name": "البيت الصحي — استشارة في الحي",
               "description": "ممرضة وأخصائي علاج طبيعي يستقبلون الناس في الحي. مترجم عند الطلب."},
    },
    "debt_advice": {
        "en": {"name": "Debt advice", "description": "Free advice on debt, budgets, reminders and rent arrears."},
        "ar": {"name": "استشارات الديون", "description": "نصائح مجانية حول الديون والميزانية والإيجار المتأخر."},
    },
    "crisis_centre": {
        "en": {"name": "Women's crisis centre",
               "description": "Open day and night for women and children who are exposed to violence. Anonymous advice."},
        "ar": {"name": "مركز الأزمات",
               "description": "مفتوح ليلًا ونهارًا للنساء والأطفال الذين يتعرضون للعنف. استشارة مجهولة الهوية."},
    },
}

# The services each municipality's guidance card for a sign category names first.
CARD_SERVICES = {
    "physical": ("single_entry", "home_care", "preventive_visits"),
    "mental": ("dementia_coordinator", "social_psychiatry", "psychiatric_emergency"),
    "social": ("visiting_friends", "friday_cafe", "preventive_visits"),
    "home": ("debt_advice", "housing_social", "single_entry"),
    "safety": ("crisis_centre", "violence_advice", "youth_counselling"),
}


def _id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(parts))


def _upsert(model: type[M], pk: Any, values: dict[str, Any]) -> M:
    """Create, or write only the fields that differ (a re-run writes nothing)."""
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return model._default_manager.create(pk=pk, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def _phone(prefix: str, n: int) -> str:
    return f"{prefix} {60 + n // 10:02d} {(n % 10) * 11:02d}"


@transaction.atomic
def load_directory() -> list[Service]:
    """Create or refresh the demo directory and guidance cards; returns the services."""
    needs = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy_detail_id=NEEDS_TAXONOMY_ID)}
    loaded: list[Service] = []
    for code, place in MUNICIPALITIES.items():
        municipality = Municipality.objects.get(code=code)
        city = place["city"]
        estates = {k: Estate.objects.filter(municipality=municipality, name=v).first()
                   for k, v in place["estates"].items()}
        by_key: dict[str, Service] = {}
        for n, spec in enumerate(SERVICES):
            service = _service(code, n, spec, municipality, place, estates, needs)
            by_key[spec.key] = service
            loaded.append(service)
        _cards(code, municipality, city, place, by_key)
    search.reindex([s.pk for s in loaded])
    return loaded


def _fill(text: str, place: dict[str, Any]) -> str:
    return text.format(city=place["city"], street=place["street"])


def _service(code: str, n: int, spec: Spec, municipality: Municipality, place: dict[str, Any],
             estates: dict[str, Estate | None], needs: dict[str, TaxonomyTerm]) -> Service:
    organization = _upsert(Organization, _id(code, "org", spec.organization),
                           {"name": _fill(spec.organization, place), "description": _fill(spec.organization, place)})
    service = _upsert(Service, _id(code, spec.key), {
        "organization": organization, "municipality": municipality, "name": _fill(spec.name, place),
        "description": spec.description, "application_process": spec.how, "status": Service.Status.ACTIVE,
        "assured_date": STALE if spec.stale else VERIFIED - timedelta(days=5 * n),
    })
    estate = estates.get(spec.estate) if spec.estate else None
    service.estates.set([estate] if estate else [])
    _upsert(Phone, _id(code, spec.key, "phone"), {"service": service, "number": _phone(place["prefix"], n),
                                                   "type": "voice"})
    for i, (byday, opens, closes) in enumerate(spec.hours):
        _upsert(Schedule, _id(code, spec.key, "hours", str(i)), {
            "service": service, "freq": Schedule.Freq.WEEKLY, "byday": byday,
            "opens_at": clock(opens), "closes_at": clock(23, 59) if closes == 24 else clock(closes)})
    for language in spec.languages:
        _upsert(Language, _id(code, spec.key, "language", language), {"service": service, "code": language,
                                                                        "name": language})
    for need in spec.needs:
        _upsert(Attribute, _id(code, spec.key, "need", need), {
            "link_id": service.pk, "link_entity": "service", "link_type": "need", "taxonomy_term": needs[need]})
    location = _location(code, spec.location, organization, place, estate)
    _upsert(ServiceAtLocation, _id(code, spec.key, "at"), {"service": service, "location": location})
    for language, texts in TRANSLATIONS.get(spec.key, {}).items():
        values = {name: _fill(text, place) for name, text in texts.items()}
        found = ServiceTranslation.objects.filter(service=service, language=language).first()
        if found is None:
            ServiceTranslation.objects.create(service=service, language=language, **values)
        elif any(getattr(found, k) != v for k, v in values.items()):
            ServiceTranslation.objects.filter(pk=found.pk).update(**values)
    return service


def _location(code: str, key: str, organization: Organization, place: dict[str, Any],
              estate: Estate | None) -> Location:
    name, street = LOCATIONS[key]
    if not street and estate is not None:
        name, street = f"{name} {estate.name}", estate.street_address
    location = _upsert(Location, _id(code, "location", key, str(estate.pk if estate else "")),
                       {"name": _fill(name, place), "location_type": Location.Type.PHYSICAL})
    if street:
        _upsert(Address, _id(code, "address", key, str(estate.pk if estate else "")), {
            "location": location, "address_1": _fill(street, place), "city": place["city"],
            "postal_code": place["postcode"], "country": "DK", "address_type": Address.Type.PHYSICAL})
    return location


def _cards(code: str, municipality: Municipality, city: str, place: dict[str, Any], services: dict[str, Service]) -> None:
    entry = services["single_entry"]
    entry_phone = _phone(place["prefix"], [s.key for s in SERVICES].index("single_entry"))
    for category in SignCategory.objects.all():
        default = GuidanceCard.objects.filter(category=category, municipality__isnull=True).first()
        if default is None:
            continue
        local = (f"I {city} Kommune: ring til Én Indgang på {entry_phone} (hverdage 8–15), eller send en "
                 "observation i lokalsundhed. ")
        card = GuidanceCard.objects.filter(category=category, municipality=municipality).first()
        values = {"first_steps": local + default.first_steps, "what_to_say": default.what_to_say,
                  "what_not_to_do": default.what_not_to_do}
        if card is None:
            card = GuidanceCard.objects.create(category=category, municipality=municipality, **values)
        else:
            changed = [k for k, v in values.items() if getattr(card, k) != v]
            if changed:
                for k in changed:
                    setattr(card, k, values[k])
                card.save(update_fields=changed)
        wanted = [services[key] for key in CARD_SERVICES.get(category.code, ()) if key in services] or [entry]
        if set(card.services.all()) != set(wanted):
            card.services.set(wanted)
