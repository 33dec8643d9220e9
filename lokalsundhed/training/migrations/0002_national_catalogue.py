"""The national catalogue of training modules for front-line staff (seed 003's course themes).
Administrators add their organisation's own modules beside it."""

from django.db import migrations

MODULES = [
    # code, theme, Danish, English, minutes, form, provider, refresh months
    ("systemkendskab", "system_knowledge", "Systemkendskab: kommune, region og boligorganisation",
     "System knowledge: municipality, region and housing organisation", 180, "classroom", "BL", None),
    ("opsporing-og-brobygning", "early_detection", "Tidlig opsporing og brobygning",
     "Early detection and bridging", 360, "classroom", "BL og KL", 24),
    ("tryghed-og-tillid", "trust", "Tryghed og tillid i mødet med beboeren",
     "Trust in the meeting with residents", 180, "classroom", "BL", 36),
    ("demensvenlighed", "dementia", "Demensvenlighed (RUM'lighed)", "Dementia-friendliness", 180, "on_site",
     "Nationalt Videnscenter for Demens", 36),
    ("psykisk-saarbarhed", "psychiatric", "Psykisk sårbarhed og \"En af Os\"", "Psychiatric vulnerability",
     240, "classroom", "Socialpsykiatrien", 36),
    ("konflikthaandtering", "conflict", "Konflikthåndtering", "Conflict handling", 240, "classroom",
     "Boligorganisationen", 36),
    ("andre-kulturer", "cultures", "Andre kulturer", "Other cultures", 120, "online", "BL", None),
    ("misbrug", "addiction", "Misbrug: tegn og hjælp", "Addiction: signs and help", 120, "classroom",
     "Kommunens misbrugscenter", 36),
    ("hjaelp-i-kommunen", "municipal_help", "Kommunen: hvor og hvordan finder vi hjælp?",
     "Where to find help in the municipality", 90, "e_learning", "Kommunen", 12),
    ("politiets-muligheder", "police", "Politiets muligheder for indgriben", "What the police can do", 90,
     "classroom", "Lokalpolitiet", None),
]


def load(apps, schema_editor):
    Module = apps.get_model("training", "Module")
    for code, theme, title, title_en, minutes, form, provider, refresh in MODULES:
        Module.objects.update_or_create(
            organisation=None, code=code,
            defaults={"theme": theme, "title": title, "title_en": title_en, "duration_minutes": minutes,
                      "form": form, "provider": provider, "refresh_months": refresh},
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
