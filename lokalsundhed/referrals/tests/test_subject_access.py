"""Bridge-building's section of a data subject's access request: the observations about the
dwelling that the exporting organisation holds. The export pages are tested in
subject_access/tests/."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lokalsundhed.core.subject_access import Subject
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.referrals import services
from lokalsundhed.referrals.housekeeping import anonymise
from lokalsundhed.referrals.models import Consent, Referral
from lokalsundhed.referrals.services import ObservationInput, file_observation
from lokalsundhed.referrals.subject_access import bridge_building
from lokalsundhed.referrals.tests.factories import sign
from lokalsundhed.subject_access.tests.support import export_subject, exported_section

pytestmark = pytest.mark.django_db


def report(world, dwelling, first_name, *codes, consent=Consent.YES, description="Set gennem vinduet"):
    return file_observation(
        ObservationInput(estate=world.estate_a, dwelling=dwelling, resident_first_name=first_name,
                         signs=[sign(c) for c in codes], description=description, consent=consent,
                         legal_basis=None, legal_basis_reason=""),
        actor=world.users["caretaker"],
    )


@pytest.fixture
def world():
    world = bridge_world()
    worker = world.users["intake"]
    world.dwelling = world.estate_a.dwellings.first()
    world.neighbour = world.estate_a.dwellings.exclude(pk=world.dwelling.pk).first()
    world.inge = report(world, world.dwelling, "Inge", "falls", "confusion", description="Faldet på trappen")
    referral = services.claim(world.inge.referral, actor=worker)
    services.take_over(referral, actor=worker, status_text="Hjemmeplejen kommer forbi")
    world.karl = report(world, world.dwelling, "Karl", "loneliness", consent=Consent.DECLINED,
                        description="Sidder alene")
    world.other = report(world, world.neighbour, "Bodil", "hoarding", description="Naboens sag")
    return world


def _observations(client, world, **fields):
    return exported_section(export_subject(client, world.dwelling, **fields), "bridge_building")


def test_the_section_holds_everything_about_the_dwelling_and_nothing_else(client, world):
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, world.dwelling)
    observations = exported_section(response, "bridge_building")
    assert [o["resident_first_name"] for o in observations] == ["Inge", "Karl"]
    inge = observations[0]
    assert {s["sign"] for s in inge["signs"]} == {sign("falls").label, sign("confusion").label}
    assert inge["description"] == "Faldet på trappen"
    assert inge["referral"]["state"] == Referral.State.TAKEN_OVER
    assert inge["referral"]["status_text"] == "Hjemmeplejen kommer forbi"
    assert [(t["from"], t["to"]) for t in inge["referral"]["state_changes"]] == [
        (None, "sent"), ("sent", "received"), ("received", "received"), ("received", "taken_over")]
    assert observations[1]["referral"] is None
    text = response.content.decode()
    assert "Bodil" not in text and "Naboens sag" not in text
    assert world.users["caretaker"].email not in text and world.users["intake"].email not in text


def test_a_first_name_narrows_the_section_to_one_resident(client, world):
    log_in(client, world.users["housing_admin"])
    assert [o["resident_first_name"] for o in _observations(client, world, first_name="karl")] == ["Karl"]


def test_the_municipality_holds_only_what_reached_it(client, world):
    log_in(client, world.users["municipal_admin"])
    assert [o["resident_first_name"] for o in _observations(client, world)] == ["Inge"]


def test_an_anonymised_observation_is_no_longer_held(client, world):
    anonymise([world.karl.pk], now=timezone.now())
    log_in(client, world.users["housing_admin"])
    assert [o["resident_first_name"] for o in _observations(client, world)] == ["Inge"]


def test_a_resident_known_only_by_phone_finds_the_observations_that_give_their_number(
        client, world, django_assert_num_queries):
    no_address = report(world, None, "Inge", description="Vil gerne et skridt mod job. Telefon: 20304050.")
    report(world, None, "Ole", description="Telefon: 30405060.")
    log_in(client, world.users["housing_admin"])
    found = exported_section(export_subject(client, phone="+45 20 30 40 50"), "bridge_building")
    assert [(o["id"], o["matched_by"]) for o in found] == [(no_address.pk, ["phone"])]
    # With the dwelling too, both ways: the dwelling's observations and the one that gives the number.
    both = exported_section(export_subject(client, world.dwelling, phone="20304050", first_name="inge"), "bridge_building")
    assert [(o["id"], o["matched_by"]) for o in both] == [(world.inge.pk, ["dwelling"]), (no_address.pk, ["phone"])]
    # Neither a dwelling nor a number: nothing is looked up at all.
    with django_assert_num_queries(0):
        assert bridge_building(world.users["housing_admin"], Subject.of(first_name="Inge", email="inge@example.dk")) == []


def test_each_change_of_state_is_named_in_the_language_of_the_export(world):
    with translation.override("da"):
        records = bridge_building(world.users["housing_admin"], Subject.of(world.dwelling, "Inge"))
        html = render_to_string("referrals/subject_access/section_bridge_building.html", {"records": records})
        taken_over, received = str(Referral.State.TAKEN_OVER.label), str(Referral.State.RECEIVED.label)
    changes = records[0]["referral"]["state_changes"]
    assert [(c["to"], c["to_label"]) for c in changes][-1] == ("taken_over", taken_over)
    assert f"<td>{taken_over}</td>" in html and f"<td>{received}</td>" in html
    assert "<td>taken_over</td>" not in html and "<td>sent</td>" not in html


def test_a_number_in_a_neighbour_s_observation_does_not_hand_it_to_the_resident(client, world):
    """An observation about another dwelling is about whoever lives there, even when its text gives
    the resident's number (a neighbour who rang, a relative): it is not the resident's data."""
    about_bodil = report(world, world.neighbour, "Bodil", "falls",
                         description="Naboen ringede fra 20304050: Bodil er faldet.")
    jobcenter = report(world, None, "Inge", description="Vil gerne et skridt mod job. Telefon: +4520304050.")
    log_in(client, world.users["housing_admin"])
    by_phone = exported_section(export_subject(client, phone="20 30 40 50"), "bridge_building")
    assert [o["id"] for o in by_phone] == [jobcenter.pk]
    with_dwelling = exported_section(export_subject(client, world.dwelling, phone="20304050"), "bridge_building")
    assert about_bodil.pk not in [o["id"] for o in with_dwelling]
    assert jobcenter.pk in [o["id"] for o in with_dwelling]
