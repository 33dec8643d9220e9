"""Practical help in a data subject's access request: the dwelling's errands and those with the
resident's mobile number, only the exporting housing organisation's own, without staff names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.errands import services
from lokalsundhed.errands.housekeeping import apply_retention
from lokalsundhed.errands.tests.factories import errand_type
from lokalsundhed.subject_access.tests import support
from lokalsundhed.subject_access.tests.support import export_subject, exported_section, needs_pdf

pytestmark = pytest.mark.django_db


def _ask(estate, first_name, *, phone="", dwelling=None, address="", actor=None, code="read_letters", note=""):
    return services.request_errand(
        services.ErrandRequest(estate=estate, errand_type=errand_type(estate, code), resident_first_name=first_name,
                               phone=phone, dwelling=dwelling, address=address, note=note),
        actor=actor,
    )


@pytest.fixture
def world():
    world = bridge_world()
    world.dwelling = world.estate_a.dwellings.first()
    world.neighbour = world.estate_a.dwellings.exclude(pk=world.dwelling.pk).first()
    caretaker = world.users["caretaker"]
    # About the dwelling, asked by staff, done by a caretaker.
    world.letters = _ask(world.estate_a, "Inge", dwelling=world.dwelling, actor=caretaker, note="Brev fra kommunen")
    services.take(world.letters, actor=caretaker)
    services.complete(world.letters, actor=caretaker, minutes=15)
    # From the public form: a free address, the resident's number written with +45.
    world.rubbish = _ask(world.estate_a, "Inge", phone="+4520304050", address="Parkvej 3, 1. th", code="rubbish")
    # Another resident of the dwelling, and a neighbour.
    world.karl = _ask(world.estate_a, "Karl", dwelling=world.dwelling, phone="30405060", code="clean_aids")
    world.bodil = _ask(world.estate_a, "Bodil", dwelling=world.neighbour, phone="40506070", note="Naboens sag")
    # The same number in another housing organisation in Fredericia, and in Vejle.
    world.elsewhere_b = _ask(world.estate_b, "Inge", phone="20 30 40 50", note="Fjordhjems sag")
    world.elsewhere_c = _ask(world.estate_c, "Inge", phone="20304050", note="Vejle Boligs sag")
    return world


def _errands(client, world, **fields):
    return exported_section(export_subject(client, world.dwelling, **fields), "errands")


@pytest.mark.parametrize("phone", ["20304050", "+45 20 30 40 50", "0045 2030 4050", "20-30-40-50"])
def test_the_export_holds_the_dwelling_s_errands_and_those_with_the_resident_s_phone(client, world, phone):
    log_in(client, world.users["housing_admin"])
    errands = _errands(client, world, phone=phone)
    assert [e["id"] for e in errands] == [world.letters.pk, world.rubbish.pk, world.karl.pk]
    letters, rubbish, _karl = errands
    assert letters["matched_by"] == ["dwelling"] and rubbish["matched_by"] == ["phone"]
    assert letters["address"] == world.dwelling.address and rubbish["address"] == "Parkvej 3, 1. th"
    assert (letters["state"], letters["minutes"], letters["note"]) == ("done", 15, "Brev fra kommunen")
    assert rubbish["phone"] == "+4520304050"


def test_without_a_phone_only_the_dwelling_s_errands_are_found(client, world):
    log_in(client, world.users["housing_admin"])
    assert [e["id"] for e in _errands(client, world)] == [world.letters.pk, world.karl.pk]


def test_a_first_name_narrows_the_errands_to_one_resident(client, world):
    log_in(client, world.users["housing_admin"])
    errands = _errands(client, world, first_name="inge", phone="20304050")
    assert [e["id"] for e in errands] == [world.letters.pk, world.rubbish.pk]


def test_another_housing_organisation_s_errands_with_the_same_phone_never_appear(client, world):
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, world.dwelling, phone="20304050")
    ids = {e["id"] for e in exported_section(response, "errands")}
    assert not ids & {world.elsewhere_b.pk, world.elsewhere_c.pk, world.bodil.pk}
    text = response.content.decode()
    assert "Fjordhjems sag" not in text and "Vejle Boligs sag" not in text and "Naboens sag" not in text


def test_an_administrator_of_the_other_housing_organisation_sees_only_its_own(client, world):
    admin_b = member(world.housing_b, Role.ADMIN)
    dwelling_b = world.estate_b.dwellings.first()
    log_in(client, admin_b)
    errands = exported_section(export_subject(client, dwelling_b, phone="20304050"), "errands")
    assert [e["id"] for e in errands] == [world.elsewhere_b.pk]


def test_a_municipality_holds_no_errands(client, world):
    log_in(client, world.users["municipal_admin"])
    assert _errands(client, world, phone="20304050") == []


def test_an_errand_whose_details_were_removed_is_no_longer_held(client, world):
    apply_retention(now=timezone.now() + timedelta(days=400))
    log_in(client, world.users["housing_admin"])
    assert [e["id"] for e in _errands(client, world, phone="20304050")] == [world.rubbish.pk, world.karl.pk]


def test_staff_who_asked_for_or_did_an_errand_are_left_out(client, world):
    caretaker = world.users["caretaker"]
    caretaker.full_name = "Jens Vicevært"
    caretaker.save(update_fields=["full_name"])
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, world.dwelling, phone="20304050")
    letters = exported_section(response, "errands")[0]
    assert letters["requested_by"] == "staff"
    assert exported_section(response, "errands")[1]["requested_by"] == "resident"
    text = response.content.decode()
    assert caretaker.email not in text and "Jens Vicevært" not in text


def test_the_export_of_errands_is_written_to_the_access_log(client, world):
    log_in(client, world.users["housing_admin"])
    export_subject(client, world.dwelling, phone="20304050")
    entry = Entry.objects.get(action=Action.EXPORT)
    assert entry.organisation_id == world.housing_a.pk and "phone" in entry.purpose
    assert "20304050" not in entry.purpose


@needs_pdf
def test_the_pdf_shows_practical_help_under_its_own_heading(client, world):
    log_in(client, world.users["housing_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = export_subject(client, world.dwelling, kind="pdf", phone="+45 20 30 40 50")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = support.pdf_text(response)
    assert "Practical help (3)" in text and "Parkvej 3" in text and "Brev fra kommunen" in text
    assert "Fjordhjems sag" not in text
