"""Load the five regions and 98 municipalities with their official codes (data/*.csv)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Region = apps.get_model("organisations", "Region")
    Municipality = apps.get_model("organisations", "Municipality")
    with open(DATA / "regions.csv", encoding="utf-8") as f:
        regions = {
            row["code"]: Region.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})[0]
            for row in csv.DictReader(f)
        }
    with open(DATA / "municipalities.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Municipality.objects.update_or_create(
                code=row["code"], defaults={"name": row["name"], "region": regions[row["region_code"]]}
            )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
