"""The starting sign catalogue (tidlig opsporing) and legal bases. Administrators edit them afterwards."""

from django.db import migrations

CATEGORIES = [
    # code, Danish, English, signs: (code, Danish, English, suggested urgency)
    ("physical", "Fysisk", "Physical", [
        ("falls", "Fald eller faldtendens", "Falls", "yellow"),
        ("weight_loss", "Vægttab, spiser ikke", "Weight loss, not eating", "yellow"),
        ("reduced_mobility", "Nedsat gangfunktion", "Reduced mobility", "yellow"),
        ("poor_hygiene", "Dårlig personlig hygiejne", "Poor personal hygiene", "yellow"),
    ]),
    ("mental", "Psykisk", "Mental", [
        ("confusion", "Forvirring, desorientering", "Confusion, disorientation", "yellow"),
        ("memory", "Glemsomhed, hukommelsesbesvær", "Forgetfulness, memory problems", "green"),
        ("anxiety", "Angst, uro", "Anxiety, restlessness", "yellow"),
        ("psychiatric_crisis", "Psykisk krise, forpint eller truende", "Psychiatric crisis", "red"),
    ]),
    ("social", "Socialt", "Social", [
        ("not_seen", "Ikke set i flere dage", "Not seen for days", "red"),
        ("mail_piling", "Post hober sig op", "Mail piling up", "yellow"),
        ("loneliness", "Ensomhed, isolation", "Loneliness, isolation", "green"),
        ("conflict", "Konflikter med naboer", "Conflicts with neighbours", "green"),
    ]),
    ("home", "Boligen", "The home", [
        ("hoarding", "Samlermani, overfyldt bolig", "Hoarding", "yellow"),
        ("smell", "Lugtgener", "Smell", "yellow"),
        ("pests", "Skadedyr", "Pests", "yellow"),
        ("eviction_risk", "Ubetalt husleje, risiko for udsættelse", "Unpaid rent, eviction risk", "yellow"),
        ("unsafe_installations", "Farlige installationer (gas, el, brand)", "Unsafe installations", "red"),
    ]),
    ("safety", "Sikkerhed", "Safety", [
        ("abuse_neglect", "Mistanke om overgreb eller omsorgssvigt", "Suspected abuse or neglect", "red"),
        ("self_harm", "Taler om selvskade eller selvmord", "Talks about self-harm or suicide", "red"),
    ]),
]

LEGAL_BASES = [
    ("vital_interests", "Vitale interesser", "Vital interests",
     "Borgerens liv eller helbred er i fare, og borgeren kan ikke give samtykke (databeskyttelsesforordningen art. 9, stk. 2, litra c)."),
    ("duty_to_notify", "Underretningspligt", "Duty to notify",
     "Mistanke om, at et barn eller en ung har behov for særlig støtte (barnets lov § 133)."),
    ("welfare_check", "Bekymring for en voksen, der ikke kan tage vare på sig selv", "Concern for an adult unable to care for themselves",
     "Kommunen skal kunne handle, når en voksen åbenlyst ikke kan varetage egne interesser (serviceloven)."),
]


def load(apps, schema_editor):
    SignCategory = apps.get_model("referrals", "SignCategory")
    Sign = apps.get_model("referrals", "Sign")
    LegalBasis = apps.get_model("referrals", "LegalBasis")
    for order, (code, name, name_en, signs) in enumerate(CATEGORIES):
        category, _ = SignCategory.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
        for sign_order, (sign_code, sign_name, sign_name_en, urgency) in enumerate(signs):
            Sign.objects.update_or_create(
                code=sign_code,
                defaults={"category": category, "name": sign_name, "name_en": sign_name_en,
                          "suggested_urgency": urgency, "order": sign_order},
            )
    for code, name, name_en, description in LEGAL_BASES:
        LegalBasis.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
