"""HSDS 3.0 import and export: the official examples import, validate and round-trip; a broken
file is reported in full and imports nothing."""

from __future__ import annotations

import csv
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lokalsundhed.directory import hsds, interchange
from lokalsundhed.directory.models import Contact, Organization, Phone, Service, TaxonomyTerm
from lokalsundhed.organisations.tests.factories import municipality

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
EXAMPLE_SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def _wipe_directory() -> None:
    Service.objects.all().delete()
    Contact.objects.all().delete()
    Organization.objects.all().delete()


def test_the_official_service_example_imports_validates_and_round_trips():
    report = interchange.import_path(DATA / "service_full.json", municipality=municipality("0607"))
    assert report.ok and report.imported, report.lines()
    service = Service.objects.get(pk=EXAMPLE_SERVICE_ID)
    assert service.municipality.code == "0607"
    assert service.organization.name == "Example Organization Inc."
    # One phone, repeated in the example under five parents, is one record with every parent.
    phone = Phone.objects.get()
    assert {phone.service_id, phone.contact_id, phone.location_id, phone.organization_id} != {None}
    assert phone.service_at_location_id is not None

    first = interchange.export_json()
    for i, exported in enumerate(first["contents"]):
        assert hsds.validate("service", exported, f"contents[{i}]") == []
    _wipe_directory()
    assert interchange.import_data(first, "export.json").ok
    assert interchange.export_json() == first


def test_the_exported_service_keeps_what_the_example_said():
    interchange.import_path(DATA / "service_full.json", municipality=municipality("0607"))
    exported = interchange.export_service(Service.objects.get())
    original = json.loads((DATA / "service_full.json").read_text(encoding="utf-8"))
    for key in ("name", "description", "status", "assured_date", "minimum_age", "funding", "program"):
        assert exported[key] == original[key], key
    assert exported["phones"][0]["number"] == original["phones"][0]["number"]
    assert exported["schedules"][0]["byday"] == "TH,FR"
    assert exported["schedules"][0]["opens_at"] == "10:00:00"
    assert {a["uri"] for a in exported["service_areas"]} >= {"urn:lokalsundhed:municipality:0607"}


def test_the_official_service_list_imports():
    report = interchange.import_path(DATA / "service_list.json", municipality=municipality("0607"))
    assert report.ok, report.lines()
    assert Service.objects.filter(pk=EXAMPLE_SERVICE_ID).exists()


def test_the_official_csv_example_imports_and_round_trips(tmp_path):
    report = interchange.import_path(DATA / "csv", municipality=municipality("0607"))
    assert report.ok and report.imported, report.lines()
    # Tables lokalsundhed does not keep, and references to records the example leaves out, are warned about.
    assert any("funding.csv" in str(w) for w in report.warnings)
    assert TaxonomyTerm.objects.filter(pk="3f7b145d-84af-42d7-8fae-eaca714b02b2").exists()

    interchange.write_csv_folder(tmp_path / "first")
    _wipe_directory()
    again = interchange.import_path(tmp_path / "first")
    assert again.ok, again.lines()
    interchange.write_csv_folder(tmp_path / "second")
    for path in sorted((tmp_path / "first").iterdir()):
        assert path.read_text(encoding="utf-8") == (tmp_path / "second" / path.name).read_text(encoding="utf-8"), path.name
    package = json.loads((tmp_path / "first" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} >= {"services.csv", "phones.csv", "schedules.csv"}


def test_a_broken_file_reports_every_problem_with_its_place_and_imports_nothing(tmp_path):
    data = json.loads((DATA / "service_list.json").read_text(encoding="utf-8"))
    good = data["contents"][0]
    bad_id = dict(good, id="not-a-uuid")
    no_name = {k: v for k, v in good.items() if k != "name"} | {"id": "0b5e3c1a-7a0e-4a8e-8f2d-0d6c1f1d9b11"}
    bad_phone = dict(good, id="5a7a6d0e-1f9c-4d0e-9a43-6f3f6c3b2e22",
                     phones=[{"id": "2f1f5d3e-8f62-4c4e-9df0-6b1f1f0a5e33", "number": 4512}])
    data["contents"] = [good, bad_id, no_name, bad_phone]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    report = interchange.import_path(path, municipality=municipality("0607"))

    assert not report.imported
    places = {p.where for p in report.problems}
    assert "broken.json contents[1].id" in places
    assert "broken.json contents[2]" in places  # 'name' is a required property
    assert "broken.json contents[3].phones[0].number" in places
    assert Service.objects.count() == 0 and Organization.objects.count() == 0


def test_a_file_that_fails_in_the_database_imports_nothing(tmp_path):
    data = json.loads((DATA / "service_full.json").read_text(encoding="utf-8"))
    data["wait_time"] = "x" * 400  # longer than we keep
    report = interchange.import_data(data, "long.json", municipality=municipality("0607"))
    assert not report.imported
    assert any(p.where.endswith(".wait_time") for p in report.problems)
    assert Service.objects.count() == 0


def test_a_broken_csv_row_is_reported_with_its_line_and_column(tmp_path):
    folder = tmp_path / "csv"
    shutil.copytree(DATA / "csv", folder)
    with (folder / "phones.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["extension"] = "one hundred"
    with (folder / "phones.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (folder / "services.csv").write_text(
        (folder / "services.csv").read_text(encoding="utf-8").replace(",active,", ",open,"), encoding="utf-8"
    )
    report = interchange.import_path(folder, municipality=municipality("0607"))
    assert not report.imported
    assert sorted(str(p) for p in report.problems) == [
        "phones.csv line 2, column extension: 'one hundred' is not a number",
        "services.csv line 2, column status: 'open' is not one of ['active', 'inactive', 'defunct', 'temporarily closed']",
    ], report.lines()
    assert Service.objects.count() == 0


def test_a_service_without_a_municipality_is_refused():
    report = interchange.import_path(DATA / "service_full.json")
    assert not report.imported
    assert "municipality" in report.problems[0].message


def test_the_commands_import_export_and_refuse(tmp_path):
    out, err = StringIO(), StringIO()
    call_command("import_hsds", str(DATA / "service_full.json"), "--municipality", "0607", stdout=out, stderr=err)
    assert "imported: " in out.getvalue()
    call_command("export_hsds", str(tmp_path / "all.json"), stdout=out)
    call_command("export_hsds", str(tmp_path / "one.json"), "--service", EXAMPLE_SERVICE_ID, stdout=out)
    call_command("export_hsds", str(tmp_path / "csv"), "--municipality", "0607", stdout=out)
    assert json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["total_items"] == 1
    assert json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))["id"] == EXAMPLE_SERVICE_ID
    assert (tmp_path / "csv" / "services.csv").exists()

    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_hsds", str(tmp_path / "bad.json"), stdout=out, stderr=err)
    assert "not readable as JSON" in err.getvalue()


def test_a_deeply_nested_file_is_reported_unreadable_by_the_command(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_hsds", str(tmp_path / "deep.json"), stdout=StringIO(), stderr=err)
    assert "deep.json: not readable as JSON: nested too deeply" in err.getvalue()


def test_the_demo_directory_exports_imports_and_exports_the_same_file(tmp_path):
    from lokalsundhed.demo.directory import load_directory

    load_directory()
    first = interchange.export_json()
    assert first["total_items"] > 10
    problems = [p for i, s in enumerate(first["contents"]) for p in hsds.validate("service", s, f"contents[{i}]")]
    assert problems == []
    addresses = [a for s in first["contents"] for sal in s.get("service_at_locations", [])
                 for a in sal.get("location", {}).get("addresses", [])]
    assert addresses and all("state_province" in a for a in addresses)
    (tmp_path / "export.json").write_text(interchange.dumps(first), encoding="utf-8")
    report = interchange.import_path(tmp_path / "export.json")
    assert report.ok and report.imported, report.lines()[:5]
    assert interchange.export_json() == first
