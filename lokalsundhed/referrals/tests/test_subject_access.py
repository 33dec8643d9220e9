"""A data subject's access request: everything held about one dwelling, as JSON and PDF, logged."""

from __future__ import annotations

import io
import json
import os

import pytest
from django.conf import settings
from django.urls import reverse

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.organisations.tests.factories import DwellingFactory
from lokalsundhed.referrals import services, subject_access
from lokalsundhed.referrals.models import Consent, Observation, Referral
from lokalsundhed.referrals.services import ObservationInput, file_observation
from lokalsundhed.referrals.tests.factories import observe, sign
from lokalsundhed.referrals.tests.support import bridge_world, log_in

pytestmark = pytest.mark.django_db

PDF_MISSING = subject_access.pdf_unavailable_reason()
needs_pdf = pytest.mark.skipif(
    PDF_MISSING is not None and os.environ.get("CI") != "true",
    reason=f"WeasyPrint cannot run here ({PDF_MISSING}); CI=true runs this test and fails without it",
)


@pytest.fixture
def world():
    world = bridge_world()
    caretaker, worker = world.users["caretaker"], world.users["intake"]
    world.dwelling = world.estate_a.dwellings.first()
    world.neighbour = world.estate_a.dwellings.exclude(pk=world.dwelling.pk).first()

    def report(dwelling, first_name, *codes, consent=Consent.YES, description="Set gennem vinduet"):
        return file_observation(
            ObservationInput(estate=world.estate_a, dwelling=dwelling, resident_first_name=first_name,
                             signs=[sign(c) for c in codes], description=description, consent=consent,
                             legal_basis=None, legal_basis_reason=""),
            actor=caretaker,
        )

    world.inge = report(world.dwelling, "Inge", "falls", "confusion", description="Faldet på trappen")
    referral = services.claim(world.inge.referral, actor=worker)
    referral = services.take_over(referral, actor=worker, status_text="Hjemmeplejen kommer forbi")
    world.karl = report(world.dwelling, "Karl", "loneliness", consent=Consent.DECLINED, description="Sidder alene")
    world.other = report(world.neighbour, "Bodil", "hoarding", description="Naboens sag")
    return world


def _export(client, world, kind="json", first_name=""):
    return client.post(reverse(f"referrals:subject_export_{kind}", args=[world.dwelling.pk]), {"first_name": first_name})


def test_the_json_export_holds_everything_about_the_dwelling_and_nothing_else(client, world):
    log_in(client, world.users["housing_admin"])
    response = _export(client, world)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["dwelling"]["address"] == world.dwelling.address
    assert [o["resident_first_name"] for o in data["observations"]] == ["Inge", "Karl"]
    inge = data["observations"][0]
    assert {s["sign"] for s in inge["signs"]} == {sign("falls").label, sign("confusion").label}
    assert inge["description"] == "Faldet på trappen"
    assert inge["referral"]["state"] == Referral.State.TAKEN_OVER
    assert inge["referral"]["status_text"] == "Hjemmeplejen kommer forbi"
    assert [(t["from"], t["to"]) for t in inge["referral"]["state_changes"]] == [
        (None, "sent"), ("sent", "received"), ("received", "received"), ("received", "taken_over")]
    assert data["observations"][1]["referral"] is None
    text = response.content.decode()
    assert "Bodil" not in text and "Naboens sag" not in text
    assert world.users["caretaker"].email not in text and world.users["intake"].email not in text


def test_every_export_is_written_to_the_access_log(client, world):
    log_in(client, world.users["housing_admin"])
    _export(client, world)
    entry = Entry.objects.get(action=Action.EXPORT)
    assert entry.actor == world.users["housing_admin"]
    assert (entry.object_type, entry.object_id) == ("organisations.dwelling", str(world.dwelling.pk))
    assert entry.organisation_id == world.housing_a.pk
    assert "Inge" not in entry.purpose and world.dwelling.street not in entry.path


def test_a_first_name_narrows_the_export_to_one_resident(client, world):
    log_in(client, world.users["housing_admin"])
    data = json.loads(_export(client, world, first_name="karl").content)
    assert [o["resident_first_name"] for o in data["observations"]] == ["Karl"]
    assert data["resident_first_name"] == "karl"


def test_the_municipality_exports_only_what_reached_it(client, world):
    log_in(client, world.users["municipal_admin"])
    data = json.loads(_export(client, world).content)
    assert [o["resident_first_name"] for o in data["observations"]] == ["Inge"]
    assert Entry.objects.get(action=Action.EXPORT).organisation_id == world.municipality_m.pk


def test_an_anonymised_observation_is_no_longer_held(client, world):
    from django.utils import timezone

    from lokalsundhed.referrals.housekeeping import anonymise

    anonymise([world.karl.pk], now=timezone.now())
    log_in(client, world.users["housing_admin"])
    data = json.loads(_export(client, world).content)
    assert [o["resident_first_name"] for o in data["observations"]] == ["Inge"]


def test_a_cpr_number_as_first_name_is_refused_without_exporting(client, world):
    log_in(client, world.users["housing_admin"])
    response = _export(client, world, first_name="0707614285")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "form-error-message" in response.content.decode()
    assert not Entry.objects.filter(action=Action.EXPORT).exists()


def test_the_search_finds_dwellings_in_the_administrators_estates_only(client, world):
    elsewhere = DwellingFactory(estate=world.estate_c, street=world.dwelling.street)
    log_in(client, world.users["housing_admin"])
    response = client.get(reverse("referrals:subject_access"), {"q": world.dwelling.street})
    found = response.context["found"]
    assert world.dwelling in found and elsewhere not in found


def test_the_dwelling_page_says_how_much_is_held(client, world):
    log_in(client, world.users["housing_admin"])
    response = client.get(reverse("referrals:subject_dwelling", args=[world.dwelling.pk]))
    assert response.context["held"] == 2
    assert not Entry.objects.filter(action=Action.EXPORT).exists()


@needs_pdf
def test_the_pdf_export_holds_the_address(client, world):
    data = subject_access.collect(world.users["housing_admin"], world.dwelling)
    html = subject_access.as_html(data)
    assert world.dwelling.address in html and "Faldet på trappen" in html and "Bodil" not in html

    log_in(client, world.users["housing_admin"])
    response = _export(client, world, kind="pdf")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert world.dwelling.street in text
    assert Entry.objects.filter(action=Action.EXPORT, purpose__contains="pdf").count() == 1


def test_without_pdf_libraries_the_page_says_so_and_json_still_works(client, world, monkeypatch):
    monkeypatch.setattr(subject_access, "pdf_unavailable_reason", lambda: "OSError: cannot load library 'pango'")
    log_in(client, world.users["housing_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("referrals:subject_dwelling", args=[world.dwelling.pk])).content.decode()
    assert "PDF is unavailable on this server" in page
    assert reverse("referrals:subject_export_pdf", args=[world.dwelling.pk]) not in page
    refused = _export(client, world, kind="pdf")
    assert refused.status_code == 503 and "PDF is unavailable on this server" in refused.content.decode()
    assert not Entry.objects.filter(action=Action.EXPORT).exists()
    assert _export(client, world).status_code == 200


def test_the_export_costs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for n in range(5):
        observe(world.users["caretaker"], world.estate_a, "falls", first_name=f"Beboer{n}")
    Observation.objects.update(dwelling=world.dwelling)
    log_in(client, world.users["housing_admin"])
    client.get(reverse("referrals:subject_access"))
    # 1. session  2. user  3. memberships  4. the dwelling  5. INSERT of the EXPORT entry
    # 6. observations with estate, legal basis, referral and unit  7. their signs  8. their state changes
    with django_assert_max_num_queries(8):
        response = _export(client, world)
    assert len(json.loads(response.content)["observations"]) == 8
