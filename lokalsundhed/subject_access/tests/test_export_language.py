"""The export in the resident's language (GDPR Art. 12: an intelligible form): the administrator
chooses one of the resident languages on the access-request form; everything but what people wrote
is in it, right to left where the language is written so, and the staff page stays in the staff
member's own language."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core import cldr
from lokalsundhed.core.language_names import own_name
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.offers import services as offer_services
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import Consent
from lokalsundhed.referrals.services import ObservationInput, file_observation
from lokalsundhed.referrals.tests.factories import sign
from lokalsundhed.subject_access import export
from lokalsundhed.subject_access.tests.support import export_subject, needs_pdf, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = bridge_world()
    world.dwelling = world.estate_a.dwellings.first()
    world.inge = file_observation(
        ObservationInput(estate=world.estate_a, dwelling=world.dwelling, resident_first_name="Inge",
                         signs=[sign("falls")], description="Faldet på trappen", consent=Consent.YES,
                         legal_basis=None, legal_basis_reason=""),
        actor=world.users["caretaker"],
    )
    worker = world.users["intake"]
    services.take_over(services.claim(world.inge.referral, actor=worker), actor=worker,
                       status_text="Hjemmeplejen kommer forbi")
    return world


def _bridge_building(data):
    return next(s for s in data["sections"] if s["key"] == "bridge_building")


def _in(language, text):
    """`text` in `language`, which must have its own translation (Django falls back to Danish)."""
    with translation.override(language):
        translated = str(translation.gettext(text))
    with translation.override("da"):
        assert translated not in (text, str(translation.gettext(text))), f"{text!r} has no {language} translation"
    return translated


def test_the_form_offers_every_resident_language_by_its_own_name_with_the_staff_language_chosen(client, world):
    log_in(client, world.users["housing_admin"])
    page = client.get(reverse("subject_access:dwelling", args=[world.dwelling.pk])).content.decode()
    select = re.search(r'<select name="language".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="(\w+)"', select) == settings.RESIDENT_LANGUAGES
    assert f'lang="ar" dir="rtl">{own_name("ar")}<' in select and 'lang="pl" dir="ltr">Polski<' in select
    assert ">Soomaali<" in select
    assert re.search(r'<option value="da"[^>]*selected', select)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("subject_access:dwelling", args=[world.dwelling.pk])).content.decode()
    assert re.search(r'<option value="en"[^>]*selected', page)


def test_an_export_asked_in_arabic_is_in_arabic_and_reads_right_to_left(client, world):
    log_in(client, world.users["housing_admin"])
    data = json.loads(export_subject(client, world.dwelling, language="ar").content)
    assert data["language"] == "ar"
    section = _bridge_building(data)
    assert section["title"] == _in("ar", "Bridge-building")
    referral = section["records"][0]["referral"]
    assert referral["state_label"] == _in("ar", "Taken over")
    # What people wrote stays as written.
    assert section["records"][0]["description"] == "Faldet på trappen"
    assert referral["status_text"] == "Hjemmeplejen kommer forbi"

    html = export.as_html(export.collect(world.users["housing_admin"], world.dwelling, language="ar"))
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert f"<h1>{_in('ar', 'Data held about a resident')}</h1>" in html
    with translation.override("ar"):
        reported = cldr.date_time(world.inge.created_at)
    assert "ديسمبر" in reported or "يناير" in reported or re.search(r"[\u0600-\u06ff]", reported)
    assert reported in html
    # What the caretaker wrote keeps its own direction (isolated) inside the Arabic lines.
    assert _in("ar", "Taken over") in html and "\u2068Faldet på trappen\u2069" in html
    assert "SHORT_DATETIME_FORMAT" not in html


def test_an_export_asked_in_polish_is_in_polish_and_reads_left_to_right(client, world):
    data = export.collect(world.users["housing_admin"], world.dwelling, language="pl")
    html = export.as_html(data)
    assert re.search(r'<html lang="pl" dir="ltr">', html)
    assert _bridge_building(data)["title"] == _in("pl", "Bridge-building")
    assert f"<h1>{_in('pl', 'Data held about a resident')}</h1>" in html
    with translation.override("pl"):
        assert cldr.date_time(world.inge.created_at) in html
        assert cldr.full_date(world.inge.created_at) in html  # with the month in the genitive
    assert _in("pl", "Taken over") in html and _in("pl", "Nothing held.") in html


def test_every_label_of_the_export_is_in_the_chosen_language(world):
    """No English word of the export's own is left in an Arabic export: headings, field names,
    states, the access log's actions and record types."""
    html = export.as_html(export.collect(world.users["housing_admin"], world.dwelling, language="ar"))
    text = re.sub(r"<[^>]+>", " ", html)
    for english in ("Bridge-building", "Access log", "Observation", "Referral", "State", "When", "Export",
                    "Read", "Nothing held", "Reported by", "staff", "Dwelling"):
        assert not re.search(rf"\b{english}\b", text), english


def test_the_staff_page_stays_in_the_staff_language_after_an_arabic_export(client, world):
    log_in(client, world.users["housing_admin"])
    assert export_subject(client, world.dwelling, language="ar").status_code == 200
    page = client.get(reverse("subject_access:dwelling", args=[world.dwelling.pk]))
    assert page["Content-Language"] == "da"
    assert '<html lang="da" dir="ltr">' in page.content.decode()
    assert "Hent som JSON" in page.content.decode()


def test_a_language_outside_the_list_is_refused_without_exporting(client, world):
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, world.dwelling, language="de", first_name="Inge")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Vælg et af sprogene på listen." in response.content.decode()
    assert 'value="Inge"' in response.content.decode()
    assert not Entry.objects.filter(action=Action.EXPORT).exists()


def test_without_a_language_the_export_is_in_the_staff_member_s_language(client, world):
    log_in(client, world.users["housing_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = json.loads(export_subject(client, world.dwelling).content)
    assert data["language"] == "en" and _bridge_building(data)["title"] == "Bridge-building"


def test_the_access_log_does_not_keep_which_language_the_household_reads(client, world):
    """The log is sealed and outlives retention: it names the format and identifiers, not the language."""
    log_in(client, world.users["housing_admin"])
    export_subject(client, world.dwelling, kind="json", language="uk", phone="20304050")
    entry = Entry.objects.get(action=Action.EXPORT)
    assert entry.purpose == "data-subject access request: json; dwelling, phone"


def test_a_resident_without_a_dwelling_gets_the_export_in_their_language(client, world):
    course = make_offer(world.users["social_worker"], estate=world.estate_a, title="Lær at tackle")
    offer_services.sign_up(course, offer_services.ResidentDetails(
        first_name="Inge", phone="20304050", email="", language="tr", first_time=None))
    log_in(client, world.users["housing_admin"])
    data = json.loads(export_subject(client, phone="20304050", language="tr").content)
    offers = next(s for s in data["sections"] if s["key"] == "offers")
    assert data["language"] == "tr" and offers["title"] == _in("tr", "Local offers")
    assert offers["records"][0]["offer"] == "Lær at tackle"
    response = client.post(reverse("subject_access:resident"), {"phone": "20304050"})
    assert 'name="language"' in response.content.decode()


def test_an_arabic_export_costs_no_more_queries(client, world, django_assert_max_num_queries):
    log_in(client, world.users["housing_admin"])
    client.get(reverse("subject_access:find"))
    # As in test_views: session, user, memberships, the dwelling, the EXPORT entry, observations,
    # their signs, their state changes, errands, the access log's entries.
    with django_assert_max_num_queries(10):
        response = export_subject(client, world.dwelling, language="ar")
    assert json.loads(response.content)["language"] == "ar"


@needs_pdf
@pytest.mark.parametrize("language", ["ar", "uk"])
def test_the_pdf_is_made_in_the_chosen_language(client, world, language):
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, world.dwelling, kind="pdf", language=language)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert world.dwelling.street in text and "Faldet på trappen" in text
    if language == "uk":
        assert _in("uk", "Data held about a resident") in text
