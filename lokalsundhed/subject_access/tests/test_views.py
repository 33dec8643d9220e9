"""The pages of a data subject's access request: find the resident by dwelling or, without one,
by mobile number or e-mail; export everything held about them as JSON and PDF, logged.

Each app's section is tested in its own tests/test_subject_access.py."""

from __future__ import annotations

import io
import json

import pytest
from django.conf import settings
from django.urls import reverse

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.errands import services as errand_services
from lokalsundhed.errands.tests.factories import errand_type
from lokalsundhed.offers import services as offer_services
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.organisations.tests.factories import DwellingFactory
from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import Consent, Observation
from lokalsundhed.referrals.services import ObservationInput, file_observation
from lokalsundhed.referrals.tests.factories import observe, sign
from lokalsundhed.subject_access import export
from lokalsundhed.subject_access.tests.support import export_subject, exported_section, needs_pdf

pytestmark = pytest.mark.django_db


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


def _export(client, world, kind="json", first_name="", **more):
    return export_subject(client, world.dwelling, kind, first_name=first_name, **more)


def _observations(data):
    return next(s for s in data["sections"] if s["key"] == "bridge_building")["records"]


def test_the_json_export_is_an_uncached_attachment_about_the_dwelling_only(client, world):
    log_in(client, world.users["housing_admin"])
    response = _export(client, world)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["subject"]["dwelling"]["address"] == world.dwelling.address
    assert [o["resident_first_name"] for o in _observations(data)] == ["Inge", "Karl"]
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




def test_the_municipality_s_export_is_logged_for_the_municipality(client, world):
    log_in(client, world.users["municipal_admin"])
    _export(client, world)
    assert Entry.objects.get(action=Action.EXPORT).organisation_id == world.municipality_m.pk




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
    response = client.post(reverse("subject_access:find"), {"q": world.dwelling.street})
    found = response.context["found"]
    assert world.dwelling in found and elsewhere not in found


def test_the_search_finds_a_dwelling_whatever_the_case_of_its_danish_letters(client, world):
    dwelling = DwellingFactory(estate=world.dwelling.estate, street="Åboulevarden")
    log_in(client, world.users["housing_admin"])
    response = client.post(reverse("subject_access:find"), {"q": "åboulevarden"})
    assert list(response.context["found"]) == [dwelling]


def test_the_address_searched_for_never_lands_in_a_url(client, world):
    log_in(client, world.users["housing_admin"])
    page = client.get(reverse("subject_access:find")).content.decode()
    assert 'method="post"' in page
    # An address in the query string is not read: the search form posts it.
    assert client.get(reverse("subject_access:find"), {"q": world.dwelling.street}).context["found"] == []


def test_the_dwelling_page_says_how_much_is_held(client, world):
    log_in(client, world.users["housing_admin"])
    response = client.get(reverse("subject_access:dwelling", args=[world.dwelling.pk]))
    assert response.context["held"] == 2
    assert not Entry.objects.filter(action=Action.EXPORT).exists()


def test_counting_what_is_held_about_a_dwelling_is_a_logged_search(client, world):
    """The counts say that concerns were reported about the household: a look-up of its data."""
    log_in(client, world.users["housing_admin"])
    client.get(reverse("subject_access:dwelling", args=[world.dwelling.pk]))
    entry = Entry.objects.get(action=Action.SEARCH)
    assert (entry.object_type, entry.object_id) == ("organisations.dwelling", str(world.dwelling.pk))
    assert entry.organisation_id == world.housing_a.pk
    assert entry.purpose == "data-subject access request: count; dwelling"


@needs_pdf
def test_the_pdf_export_holds_the_address(client, world):
    data = export.collect(world.users["housing_admin"], world.dwelling)
    html = export.as_html(data)
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
    monkeypatch.setattr(export, "pdf_unavailable_reason", lambda: "OSError: cannot load library 'pango'")
    log_in(client, world.users["housing_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("subject_access:dwelling", args=[world.dwelling.pk])).content.decode()
    assert "PDF is unavailable on this server" in page
    assert reverse("subject_access:dwelling_pdf", args=[world.dwelling.pk]) not in page
    refused = _export(client, world, kind="pdf")
    assert refused.status_code == 503 and "PDF is unavailable on this server" in refused.content.decode()
    assert not Entry.objects.filter(action=Action.EXPORT).exists()
    assert _export(client, world).status_code == 200


def test_the_export_costs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for n in range(5):
        observe(world.users["caretaker"], world.estate_a, "falls", first_name=f"Beboer{n}")
    Observation.objects.update(dwelling=world.dwelling)
    log_in(client, world.users["housing_admin"])
    client.get(reverse("subject_access:find"))
    # 1. session  2. user  3. memberships  4. the dwelling  5. INSERT of the EXPORT entry
    # 6. observations with estate, legal basis, referral and unit  7. their signs  8. their state changes
    # 9. errands with estate, task and dwelling  (sign-ups: none without a phone number or e-mail)
    # 10. the access log's entries about the dwelling and those records, with their organisations
    with django_assert_max_num_queries(10):
        response = _export(client, world)
    assert len(_observations(json.loads(response.content))) == 8
    # 10. sign-ups with offer, estate, partnership, municipality and slot  11. their attendances  12. messages
    # 13. interests in work with the number  14. volunteers with the number or e-mail (none: nothing more)
    # 15. the access log's entries
    with django_assert_max_num_queries(15):
        response = _export(client, world, phone="20304050", email="inge@example.dk")
    assert len(_observations(json.loads(response.content))) == 8


def test_the_export_is_format_version_3_with_one_section_per_part_of_the_product(client, world):
    log_in(client, world.users["housing_admin"])
    data = json.loads(_export(client, world).content)
    assert data["format"] == "lokalsundhed/data-subject-export/3"
    assert [s["key"] for s in data["sections"]] == [
        "bridge_building", "errands", "offers", "outcomes", "work", "volunteers", "access_log"]
    assert all(s["title"] and s["found_by"] and isinstance(s["records"], list) for s in data["sections"])
    assert "observations" not in data and "template" not in data["sections"][0]


def test_an_empty_section_says_plainly_that_nothing_is_held(world):
    html = export.as_html(export.collect(world.users["housing_admin"], world.dwelling, language="en"))
    # Bridge-building holds two observations (and the access log their making); the five other sections nothing.
    assert html.count("Nothing held.") == 5
    assert html.count("<h2>") == 7


def test_a_cpr_number_as_phone_is_refused_and_the_other_answers_are_kept(client, world):
    log_in(client, world.users["housing_admin"])
    response = _export(client, world, first_name="Inge", phone="070761-4285", email="inge@example.dk")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    form = response.context["form"]
    assert list(form.errors) == ["phone"]
    assert form["first_name"].value() == "Inge" and form["email"].value() == "inge@example.dk"
    page = response.content.decode()
    assert 'value="Inge"' in page and 'value="inge@example.dk"' in page
    assert not Entry.objects.filter(action=Action.EXPORT).exists()


def test_a_cpr_number_in_the_e_mail_field_is_refused(client, world):
    log_in(client, world.users["housing_admin"])
    response = _export(client, world, email="0707614285@example.dk")
    assert "email" in response.context["form"].errors
    assert not Entry.objects.filter(action=Action.EXPORT).exists()


def test_a_phone_number_too_short_to_match_is_refused(client, world):
    log_in(client, world.users["housing_admin"])
    response = _export(client, world, phone="+45 2030")
    assert list(response.context["form"].errors) == ["phone"]
    assert not Entry.objects.filter(action=Action.EXPORT).exists()


def test_the_access_log_names_the_identifiers_given_but_not_their_values(client, world):
    log_in(client, world.users["housing_admin"])
    _export(client, world, first_name="Inge", phone="+45 20 30 40 50", email="inge@example.dk")
    entry = Entry.objects.get(action=Action.EXPORT)
    assert entry.purpose == "data-subject access request: json; dwelling, first_name, phone, email"
    assert "20304050" not in entry.purpose + entry.path and "inge@" not in entry.purpose + entry.path
    assert entry.path == reverse("subject_access:dwelling_json", args=[world.dwelling.pk])


def test_the_resident_s_details_travel_in_the_request_body_never_in_the_address(client, world):
    log_in(client, world.users["housing_admin"])
    page = client.get(reverse("subject_access:dwelling", args=[world.dwelling.pk])).content.decode()
    assert '<form method="post"' in page
    for name in ("first_name", "phone", "email"):
        assert f'name="{name}"' in page
    assert client.get(reverse("subject_access:dwelling_json", args=[world.dwelling.pk]),
                      {"phone": "20304050"}).status_code == 405


def test_the_dwelling_page_lists_every_section(client, world):
    log_in(client, world.users["housing_admin"])
    response = client.get(reverse("subject_access:dwelling", args=[world.dwelling.pk]))
    assert [(s.key, len(s.records)) for s in response.context["sections"]] == [
        ("bridge_building", 2), ("errands", 0), ("offers", 0), ("outcomes", 0), ("work", 0), ("volunteers", 0)]


# --- A resident without a dwelling ------------------------------------------------------------

@pytest.fixture
def known_by_phone(world):
    """Inge signed up for a course with her number and e-mail, and asked for practical help with
    a free address: nothing ties her to a dwelling."""
    course = make_offer(world.users["social_worker"], estate=world.estate_a, title="Lær at tackle")
    world.sign_up = offer_services.sign_up(course, offer_services.ResidentDetails(
        first_name="Inge", phone="+45 20 30 40 50", email="Inge@Example.dk", language="da", first_time=None))
    world.errand = errand_services.request_errand(
        errand_services.ErrandRequest(estate=world.estate_a, errand_type=errand_type(world.estate_a, "rubbish"),
                                      resident_first_name="Inge", phone="0045 2030 4050", dwelling=None,
                                      address="Parkvej 3, 1. th", note=""),
        actor=None,
    )
    return world


def test_a_resident_known_only_by_phone_is_exported_without_a_dwelling(client, known_by_phone):
    world = known_by_phone
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, phone="20304050")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["subject"]["dwelling"] is None and data["subject"]["phone"] == "20304050"
    assert [r["id"] for r in exported_section(response, "offers")] == [world.sign_up.pk]
    assert [(r["id"], r["matched_by"]) for r in exported_section(response, "errands")] == [
        (world.errand.pk, ["phone"])]
    assert exported_section(response, "bridge_building") == []


def test_a_resident_known_only_by_e_mail_is_exported_too(client, known_by_phone):
    world = known_by_phone
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, email="inge@example.dk")
    assert [r["matched_by"] for r in exported_section(response, "offers")] == [["email"]]
    assert exported_section(response, "errands") == []


def test_the_resident_search_counts_what_is_held_and_is_logged_without_the_values(client, known_by_phone):
    world = known_by_phone
    log_in(client, world.users["housing_admin"])
    response = client.post(reverse("subject_access:resident"), {"phone": "+45 20 30 40 50"})
    assert [(s.key, len(s.records)) for s in response.context["sections"]] == [
        ("bridge_building", 0), ("errands", 1), ("offers", 1), ("outcomes", 0), ("work", 0), ("volunteers", 0)]
    page = response.content.decode()
    assert reverse("subject_access:resident_json") in page and 'value="20 30 40 50"' in page  # shown as core.phones writes it
    entry = Entry.objects.get(action=Action.SEARCH)
    assert entry.organisation_id == world.housing_a.pk and entry.object_type == "subject_access.resident"
    assert entry.purpose == "data-subject access request: count; phone" and "2030" not in entry.path


def test_a_resident_export_is_logged_for_the_organisation_without_the_values(client, known_by_phone):
    world = known_by_phone
    log_in(client, world.users["municipal_admin"])
    export_subject(client, first_name="Inge", email="inge@example.dk")
    entry = Entry.objects.get(action=Action.EXPORT)
    assert (entry.organisation_id, entry.object_type, entry.object_id) == (
        world.municipality_m.pk, "subject_access.resident", "")
    assert entry.purpose == "data-subject access request: json; first_name, email"


def test_without_a_dwelling_a_phone_or_e_mail_is_required(client, world):
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, first_name="Inge")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert response.context["form"].non_field_errors()
    assert not Entry.objects.filter(action__in=[Action.EXPORT, Action.SEARCH]).exists()


def test_a_cpr_number_is_refused_in_the_resident_search(client, world):
    log_in(client, world.users["housing_admin"])
    response = client.post(reverse("subject_access:resident"), {"phone": "070761-4285"})
    assert list(response.context["form"].errors) == ["phone"] and response.context["sections"] is None
    assert not Entry.objects.filter(action=Action.SEARCH).exists()


def test_another_organisation_s_records_never_reach_a_resident_export(client, known_by_phone):
    world = known_by_phone
    log_in(client, world.users["other_municipality_admin"])
    response = export_subject(client, phone="20304050", email="inge@example.dk")
    assert exported_section(response, "offers") == [] and exported_section(response, "errands") == []


def test_a_resident_export_costs_a_fixed_number_of_queries(client, known_by_phone, django_assert_max_num_queries):
    world = known_by_phone
    log_in(client, world.users["housing_admin"])
    client.get(reverse("subject_access:find"))
    # 1. session  2. user  3. memberships  4. INSERT of the EXPORT entry  (observations: none without
    # a dwelling)  5. errands with estate, task and dwelling  6. sign-ups with offer, estate,
    # partnership, municipality and slot  7. their attendances  8. their messages  9. the questionnaires'
    # keys with participants and offers (their answers: none without a key)  10. interests in work with
    # the number  11. volunteers with the number or e-mail (their activities and shifts: none without one)
    # 12. the access log's entries about the sign-up, its offer and the errand
    with django_assert_max_num_queries(12):
        response = export_subject(client, phone="20304050", email="inge@example.dk")
    assert len(exported_section(response, "offers")) == 1


def test_the_search_page_offers_a_search_without_an_address(client, world):
    log_in(client, world.users["housing_admin"])
    page = client.get(reverse("subject_access:find")).content.decode()
    assert f'action="{reverse("subject_access:resident")}"' in page and 'name="phone"' in page


@needs_pdf
def test_a_resident_without_a_dwelling_gets_a_pdf(client, known_by_phone):
    from lokalsundhed.subject_access.tests.support import pdf_text

    log_in(client, known_by_phone.users["housing_admin"])
    response = export_subject(client, kind="pdf", phone="20304050")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Lær at tackle" in pdf_text(response)
