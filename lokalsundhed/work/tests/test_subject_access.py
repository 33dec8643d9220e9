"""Small steps into work in a data subject's access request: the resident's interests found by
their mobile number, only the exporting housing organisation's own, without staff names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.referrals.models import ReceivingUnit
from lokalsundhed.subject_access.tests.support import (
    export_subject,
    exported_section,
    needs_pdf,
    pdf_text,
)
from lokalsundhed.work import housekeeping, services
from lokalsundhed.work.models import Interest
from lokalsundhed.work.tests.factories import company, interest, opportunity

pytestmark = pytest.mark.django_db
State = Interest.State


@pytest.fixture
def world():
    world = build_world()
    worker = world.users["social_worker"]
    worker.full_name = "Jens Boligsocial"
    worker.save(update_fields=["full_name"])
    bakery = opportunity(world.estate_a, worker, company=company(world.housing_a, worker))
    garden = opportunity(world.estate_a, worker, title="Grønne hænder i gårdhaven")
    # Ahmed showed interest twice (his number written two ways); the bakery one was followed up and stopped.
    world.bakery = interest(bakery, "Ahmed", "+45 20 30 40 50")
    services.move(world.bakery, State.CONTACTED, actor=worker)
    services.move(world.bakery, State.STOPPED, actor=worker, stop_reason=Interest.StopReason.OTHER_WORK)
    world.garden = services.show_interest(garden, first_name="Ahmed", phone="20304050", consent=True,
                                          message="Jeg kan om eftermiddagen")
    # Another resident with his own number, his wife on the same number, and the number in another housing organisation.
    world.karl = interest(garden, "Karl", "30405060")
    world.samira = interest(garden, "Samira", "20304050")
    other_worker = member(world.housing_b, Role.SOCIAL_WORKER)
    world.elsewhere = interest(opportunity(world.estate_b, other_worker, title="Fjordhjems værksted"), "Ahmed", "20304050")
    return world


def _interests(client, **fields):
    return exported_section(export_subject(client, **fields), "work")


@pytest.mark.parametrize("phone", ["20304050", "+45 20 30 40 50", "0045 2030 4050"])
def test_the_export_holds_the_interests_with_the_resident_s_number(client, world, phone):
    log_in(client, world.users["housing_admin"])
    found = _interests(client, phone=phone)
    assert [i["id"] for i in found] == [world.bakery.pk, world.garden.pk, world.samira.pk]
    bakery, garden, _samira = found
    assert (bakery["opportunity"], bakery["company"], bakery["state"], bakery["stop_reason"]) == (
        "Hjælp i bageriet om lørdagen", "Bageriet på Hjørnet", "stopped", "other_work")
    assert [(c["from_state"], c["to_state"], c["by"]) for c in bakery["changes"]] == [
        (None, "interested", "resident"), ("interested", "contacted", "staff"), ("contacted", "stopped", "staff")]
    assert bakery["contacted_at"] and bakery["closed_at"] and bakery["agreed_to_be_contacted"] is True
    assert (garden["message"], garden["matched_by"], garden["sent_to_jobcenter"]) == (
        "Jeg kan om eftermiddagen", ["phone"], False)


def test_a_first_name_narrows_the_interests_to_one_resident(client, world):
    log_in(client, world.users["housing_admin"])
    assert [i["id"] for i in _interests(client, phone="20304050", first_name="ahmed")] == [
        world.bakery.pk, world.garden.pk]


def test_without_a_number_no_interest_is_searched(client, world):
    log_in(client, world.users["housing_admin"])
    assert _interests(client, email="ahmed@example.dk") == []
    assert [i["id"] for i in _interests(client, phone="30405060")] == [world.karl.pk]


def test_only_the_exporting_housing_organisation_s_interests_and_none_for_a_municipality(client, world):
    log_in(client, member(world.housing_b, Role.ADMIN))
    assert [i["id"] for i in _interests(client, phone="20304050")] == [world.elsewhere.pk]
    client.logout()
    log_in(client, world.users["municipal_admin"])
    assert _interests(client, phone="20304050") == []


def test_an_interest_sent_on_to_the_jobcenter_is_found_by_the_municipality_too(client, world):
    ReceivingUnit.objects.create(municipality=world.municipality_m, name="Jobcenter Fredericia",
                                 kind=ReceivingUnit.Kind.JOBCENTER, is_default=True)
    contacted = services.move(world.garden, State.CONTACTED, actor=world.users["social_worker"])
    observation = services.send_to_jobcenter(contacted, actor=world.users["social_worker"], consent=True)
    log_in(client, world.users["housing_admin"])
    assert exported_section(export_subject(client, phone="20304050", first_name="Ahmed"), "work")[1][
        "sent_to_jobcenter"] is True
    client.logout()
    # The municipality holds no interest, but the observation its jobcenter received: no dwelling,
    # the resident's number in its text.
    log_in(client, world.users["municipal_admin"])
    response = export_subject(client, phone="+45 20 30 40 50", first_name="Ahmed")
    assert exported_section(response, "work") == []
    [found] = exported_section(response, "bridge_building")
    assert (found["id"], found["referral"]["unit"], found["matched_by"]) == (
        observation.pk, "Jobcenter Fredericia", ["phone"])


def test_an_interest_anonymised_by_retention_is_no_longer_held(client, world):
    housekeeping.apply_retention(now=timezone.now() + timedelta(days=400))
    log_in(client, world.users["housing_admin"])
    assert _interests(client, phone="20304050") == []


def test_staff_who_followed_an_interest_up_are_left_out(client, world):
    log_in(client, world.users["housing_admin"])
    text = export_subject(client, phone="20304050").content.decode()
    assert "Jens Boligsocial" not in text and world.users["social_worker"].email not in text


@needs_pdf
def test_the_pdf_shows_the_interests(client, world):
    log_in(client, world.users["housing_admin"])
    text = pdf_text(export_subject(client, kind="pdf", phone="20304050", first_name="Ahmed"))
    assert "Hjælp i bageriet om lørdagen" in text and "Grønne hænder i gårdhaven" in text
    assert "Jeg kan om eftermiddagen" in text


def test_the_section_costs_two_queries_however_many_interests(world, django_assert_num_queries):
    from lokalsundhed.core.subject_access import Subject
    from lokalsundhed.work.subject_access import interests

    admin = world.users["housing_admin"]
    admin.active_memberships  # noqa: B018 (read once per request, before the sections)
    with django_assert_num_queries(2):  # the interests with opportunity, company and estate; their changes
        assert len(interests(admin, Subject.of(phone="20304050"))) == 3
