"""Our taxonomy of needs, mapped to the observation signs, and a default guidance card for
every sign category. Administrators edit both afterwards (the admin; the guidance pages)."""

import uuid

from django.db import migrations

NEEDS_TAXONOMY_ID = uuid.UUID("6f1d3a0e-2c4b-4f7a-9a51-3b1c0d6e8a10")

# code, Danish, English, description, sign categories, signs
NEEDS = [
    ("dementia", "Demens", "Dementia",
     "Hukommelsesbesvær, forvirring og demens — for borgeren og de pårørende.",
     ["mental"], ["memory", "confusion"]),
    ("mental_health", "Psykisk sundhed", "Mental health",
     "Angst, depression, psykisk sårbarhed og psykiske kriser.",
     ["mental"], ["anxiety", "psychiatric_crisis", "self_harm", "hoarding"]),
    ("addiction", "Misbrug", "Addiction",
     "Alkohol, hash, stoffer, spil og medicin — rådgivning og behandling.",
     ["mental"], []),
    ("loneliness", "Ensomhed", "Loneliness",
     "Fællesskaber, besøgsvenner og aktiviteter mod ensomhed.",
     ["social"], ["loneliness", "not_seen"]),
    ("practical_help", "Praktisk hjælp til ældre", "Practical help for the elderly",
     "Hjemmehjælp, hjælpemidler, madservice, transport og små praktiske opgaver.",
     ["physical"], ["falls", "reduced_mobility", "poor_hygiene", "weight_loss", "smell", "pests"]),
    ("money_eviction", "Økonomi og udsættelse", "Money and eviction",
     "Gældsrådgivning, huslejerestancer og hjælp før en udsættelse.",
     ["home"], ["eviction_risk", "mail_piling"]),
    ("domestic_violence", "Vold i nære relationer", "Domestic violence",
     "Rådgivning, krisecentre og hjælp til voksne og børn, der udsættes for vold.",
     ["safety"], ["abuse_neglect"]),
    ("young_people", "Unge", "Young people",
     "Rådgivning og fællesskaber for unge og deres familier.",
     ["safety", "social"], ["abuse_neglect"]),
    ("health_offers", "Sundhedstilbud", "Health offers",
     "Forebyggende hjemmebesøg, sundhedstjek, træning og kurser som Lær at tackle.",
     ["physical"], ["falls", "weight_loss", "reduced_mobility"]),
    ("employment", "Beskæftigelse", "Employment",
     "Jobcenter, uddannelse, frivilligt arbejde og vejen tilbage til arbejdsmarkedet.",
     ["social"], []),
]

# sign category code → (what to do first, what to say, what not to do)
CARDS = {
    "physical": (
        "Tal med beboeren, hvis det er trygt. Ved fald: spørg, om beboeren er kommet til skade, og "
        "ring 112 ved alvorlig skade, eller hvis beboeren ikke kan rejse sig. Ellers: send en "
        "observation, så kommunen kan vurdere hjælp, hjælpemidler eller et forebyggende hjemmebesøg.",
        "»Jeg har lagt mærke til, at trapperne er svære for dig for tiden. Må jeg bede kommunen om at "
        "ringe til dig? De kan måske hjælpe med hjælpemidler eller praktisk hjælp.«",
        "Løft ikke en person, der er faldet og har ondt. Lov ikke hjælp, som kommunen skal visitere "
        "til. Tal ikke om beboerens helbred med naboerne.",
    ),
    "mental": (
        "Er beboeren eller andre i akut fare: ring 112. Ved en psykisk krise uden akut fare: ring til "
        "den psykiatriske akutmodtagelse. Ved glemsomhed og forvirring: send en observation — "
        "demenskoordinatoren eller Én Indgang tager kontakt.",
        "»Du virker ikke helt dig selv i dag. Jeg vil gerne hjælpe dig i kontakt med nogen, der kan "
        "hjælpe. Er det i orden med dig?«",
        "Diskutér ikke vrangforestillinger. Lad ikke en person i selvmordsfare være alene. Lov ikke at "
        "holde bekymringen hemmelig.",
    ),
    "social": (
        "Ikke set i flere dage, eller posten hober sig op: bank på og ring til beboeren. Får du ikke "
        "svar og er bekymret, så ring 112 — politiet kan åbne døren. Ved ensomhed: fortæl om "
        "fællesskaber i området, og send en observation, hvis beboeren ønsker kontakt.",
        "»Vi savner dig til fredagscaféen. Skal jeg følge dig derhen næste gang?«",
        "Gå ikke ind i en bolig uden aftale, medmindre der er akut fare. Fortæl ikke andre beboere om "
        "din bekymring.",
    ),
    "home": (
        "Farlige installationer (gas, el, brand): sørg for sikkerheden, og ring 112 ved fare. Ubetalt "
        "husleje: henvis tidligt til den boligsociale medarbejder eller gældsrådgivningen — før sagen "
        "når fogedretten. Samlermani og skadedyr: send en observation; kommunen og "
        "boligorganisationen lægger en plan sammen.",
        "»Jeg har set, at der ligger rykkere i din postkasse. Der er gratis hjælp at få til økonomien — "
        "må jeg sætte dig i forbindelse med dem?«",
        "Tøm ikke en bolig uden aftale. Tru ikke med udsættelse. Gør ikke boligen til en sag for "
        "naboerne.",
    ),
    "safety": (
        "Akut fare: ring 112. Mistanke om vold eller omsorgssvigt mod et barn: du har skærpet "
        "underretningspligt — underret kommunen samme dag. Taler en beboer om selvmord: bliv hos "
        "personen, og ring 112 eller Livslinien.",
        "»Jeg er bekymret for dig. Du skal ikke klare det alene — der er hjælp at få, også anonymt.«",
        "Konfrontér ikke en mulig voldsudøver. Lov ikke at holde noget hemmeligt. Undersøg ikke selv "
        "sagen — lad fagfolkene gøre det.",
    ),
}


def load(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    GuidanceCard = apps.get_model("directory", "GuidanceCard")
    SignCategory = apps.get_model("referrals", "SignCategory")
    Sign = apps.get_model("referrals", "Sign")
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=NEEDS_TAXONOMY_ID,
        defaults={"name": "lokalsundhed-behov", "version": "1",
                  "description": "Behov, som hjælpeguiden i lokalsundhed ordner tilbud efter."},
    )
    for order, (code, name, name_en, description, categories, signs) in enumerate(NEEDS):
        term, _ = TaxonomyTerm.objects.update_or_create(
            id=uuid.uuid5(NEEDS_TAXONOMY_ID, code),
            defaults={"code": code, "name": name, "name_en": name_en, "description": description,
                      "taxonomy": taxonomy.name, "taxonomy_detail": taxonomy, "language": "da", "order": order},
        )
        term.sign_categories.set(SignCategory.objects.filter(code__in=categories))
        term.signs.set(Sign.objects.filter(code__in=signs))
    for category in SignCategory.objects.filter(code__in=CARDS):
        first_steps, what_to_say, what_not_to_do = CARDS[category.code]
        if not GuidanceCard.objects.filter(category=category, municipality__isnull=True).exists():
            GuidanceCard.objects.create(category=category, municipality=None, first_steps=first_steps,
                                        what_to_say=what_to_say, what_not_to_do=what_not_to_do)


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_index"), ("referrals", "0002_sign_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
