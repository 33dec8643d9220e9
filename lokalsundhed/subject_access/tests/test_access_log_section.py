"""The access log's part of a data subject's access request: when the records held about the
resident were read, changed or exported, by which organisation and why — including the export
being made."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.audit.services import record
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.offers import services as offer_services
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.referrals.models import Observation
from lokalsundhed.referrals.tests.factories import observe
from lokalsundhed.subject_access import export
from lokalsundhed.subject_access.tests.support import export_subject, exported_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = bridge_world()
    # Inge and Karl live in the estate's first dwelling (where `observe` reports); Bodil next door.
    world.inge, world.karl, world.bodil = (
        observe(world.users["caretaker"], world.estate_a, code, first_name=name)
        for code, name in (("falls", "Inge"), ("loneliness", "Karl"), ("hoarding", "Bodil")))
    world.dwelling = world.inge.dwelling
    world.neighbour = world.estate_a.dwellings.exclude(pk=world.dwelling.pk).first()
    Observation.objects.filter(pk=world.bodil.pk).update(dwelling=world.neighbour)
    return world


def _not_created(entries):
    """The entries besides the one written when each record was made."""
    return [e for e in entries if e["action"] != "create"]


def _read(world, obj, user, organisation, purpose, **more):
    return record(actor=world.users[user], action=Action.READ, obj=obj, organisation_id=organisation.pk,
                  purpose=purpose, **more)


def test_the_export_says_when_and_why_the_resident_s_records_were_read(client, world):
    inge_read = _read(world, world.inge, "caretaker", world.housing_a, "receipt of own report")
    referral_read = _read(world, world.inge.referral, "intake", world.housing_a, "working the referral")
    _read(world, world.bodil, "caretaker", world.housing_a, "receipt of own report")
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, world.dwelling, first_name="Inge")
    entries = exported_section(response, "access_log")
    export_entry = Entry.objects.get(action=Action.EXPORT)
    assert (entries[0]["action"], entries[0]["record_type"], entries[0]["record_id"]) == (
        "create", "referrals.observation", str(world.inge.pk))
    assert [e["id"] for e in _not_created(entries)] == [inge_read.pk, referral_read.pk, export_entry.pk]
    read = _not_created(entries)[0]
    assert read["action"] == "read" and read["organisation"] == world.housing_a.name
    assert read["by"] == "staff" and read["purpose"] == "receipt of own report"
    # Making the export is itself on record, and the resident sees it.
    assert entries[-1]["action"] == "export" and entries[-1]["record_type"] == "organisations.dwelling"
    # Staff are named by their organisation, never by name or e-mail address.
    assert world.users["caretaker"].email not in response.content.decode()


def test_another_resident_s_records_and_another_organisation_s_log_stay_out(client, world):
    _read(world, world.karl, "caretaker", world.housing_a, "receipt of own report")
    _read(world, world.bodil, "caretaker", world.housing_a, "receipt of own report")
    _read(world, world.inge.referral, "intake", world.municipality_m, "working the referral")
    log_in(client, world.users["housing_admin"])
    entries = exported_section(export_subject(client, world.dwelling, first_name="Inge"), "access_log")
    assert [e["action"] for e in _not_created(entries)] == ["export"]


def test_the_municipality_s_export_holds_its_own_reads_of_the_referral(client, world):
    read = _read(world, world.inge.referral, "intake", world.municipality_m, "working the referral")
    log_in(client, world.users["municipal_admin"])
    entries = exported_section(export_subject(client, world.dwelling, first_name="Inge"), "access_log")
    assert [e["id"] for e in _not_created(entries)][:1] == [read.pk]


def test_a_list_of_an_offer_s_participants_counts_from_the_sign_up_on(client, world):
    course = make_offer(world.users["social_worker"], estate=world.estate_a, title="Lær at tackle")
    organisation = offer_services.organisation_of(course)
    before = record(actor=world.users["social_worker"], action=Action.READ, obj=course, organisation_id=organisation,
                    purpose="participants of an offer")  # before Inge signed up: not about her
    entry = offer_services.sign_up(course, offer_services.ResidentDetails(
        first_name="Inge", phone="20304050", email="", language="da", first_time=None))
    assert entry.created_at > before.at
    after = record(actor=world.users["social_worker"], action=Action.READ, obj=course, organisation_id=organisation,
                   purpose="participants of an offer")
    log_in(client, world.users["housing_admin"])
    entries = exported_section(export_subject(client, phone="20304050"), "access_log")
    assert [e["id"] for e in _not_created(entries)] == [after.pk]


def test_the_pdf_names_each_entry_in_the_reader_s_language(world):
    _read(world, world.inge, "caretaker", world.housing_a, "receipt of own report")
    with translation.override("da"):
        data = export.collect(world.users["housing_admin"], world.dwelling, "Inge")
        html = export.as_html(data)
    section = next(s for s in data["sections"] if s["key"] == "access_log")
    assert section["title"] == "Adgangslog"
    assert "kvittering for egen indberetning" in html.lower()
    assert world.housing_a.name in html
    json.dumps(data, default=str)


def test_a_dwelling_nothing_is_held_about_has_an_empty_log(world):
    other = world.estate_a.dwellings.exclude(pk__in=[world.dwelling.pk, world.neighbour.pk]).first()
    data = export.collect(world.users["housing_admin"], other)
    assert next(s for s in data["sections"] if s["key"] == "access_log")["records"] == []


def test_a_read_by_an_organisation_s_system_says_so(client, world):
    from lokalsundhed.api.tests.factories import make_client

    api_client, _token = make_client(world.housing_a, "signups:read")
    record(actor=api_client.user, action=Action.READ, obj=world.inge, organisation_id=world.housing_a.pk,
           purpose="API Sagssystem: opfølgning")
    log_in(client, world.users["housing_admin"])
    entries = _not_created(exported_section(export_subject(client, world.dwelling, first_name="Inge"), "access_log"))
    assert entries[0]["by"] == "system" and entries[0]["organisation"] == world.housing_a.name
