"""Give every existing housing organisation the standard catalogue of practical help."""

from django.db import migrations

CATALOGUE = {
    "hearing_aid_batteries": ("Skifte batterier i høreapparat", "Change hearing-aid batteries", True),
    "read_letters": ("Læse breve højt", "Read letters aloud", True),
    "rubbish": ("Bære affald ud og sortere det", "Carry out and sort rubbish", True),
    "clean_aids": ("Rengøre hjælpemidler", "Clean assistive devices", True),
    "move_furniture": ("Flytte et bord eller andre møbler", "Move a table or other furniture", True),
    "book_transport": ("Hjælpe med at bestille Flextrafik", "Help book Flextrafik transport", True),
    "weekend_contact": (
        "Være kontakt i weekenden, når elevatoren er i stykker",
        "Be the weekend contact when the lift is down",
        True,
    ),
    "personal_care": ("Personlig pleje (bad, toilet, påklædning)", "Personal care (bathing, toilet, dressing)", False),
    "medication": ("Give eller dosere medicin", "Give or dispense medicine", False),
}
NOTE = "Det er hjemmeplejens opgave. Kontakt kommunen (Én Indgang)."


def seed(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    ErrandType = apps.get_model("errands", "ErrandType")
    for org_id in Organisation.objects.filter(kind="housing").values_list("pk", flat=True).iterator():
        existing = set(ErrandType.objects.filter(housing_organisation_id=org_id).values_list("code", flat=True))
        ErrandType.objects.bulk_create(
            [
                ErrandType(housing_organisation_id=org_id, code=code, name=name, name_en=name_en, allowed=allowed,
                           note="" if allowed else NOTE, order=order)
                for order, (code, (name, name_en, allowed)) in enumerate(CATALOGUE.items())
                if code not in existing
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("errands", "0001_initial"), ("organisations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
