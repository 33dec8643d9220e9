"""Local offers in a data subject's access request: sign-ups found by mobile number (however it
was written) or e-mail, with booked times, attendance and messages — only for the offers the
exporting organisation runs, never another organisation's, and without staff names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.offers import services
from lokalsundhed.offers.housekeeping import apply_retention
from lokalsundhed.offers.models import Offer, SignUp
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.subject_access.tests import support
from lokalsundhed.subject_access.tests.support import export_subject, exported_section, needs_pdf

pytestmark = pytest.mark.django_db


def _resident(first_name="Inge", *, phone="", email="", language="da", first_time=None):
    return services.ResidentDetails(first_name=first_name, phone=phone, email=email, language=language,
                                    first_time=first_time)


@pytest.fixture
def world(committed):
    world = bridge_world()
    world.dwelling = world.estate_a.dwellings.first()
    worker, facilitator = world.users["social_worker"], world.users["professional"]
    facilitator.full_name = "Hanne Instruktør"
    facilitator.save(update_fields=["full_name"])
    with committed():
        # A course on A's estate, the number written the way the resident typed it.
        world.course = make_offer(worker, estate=world.estate_a, sessions=2, facilitator=facilitator)
        world.on_course = services.sign_up(world.course, _resident(phone="+45 20 30 40 50", language="ar",
                                                                   first_time=True))
        # Outreach hours on A's estate, booked by staff on her behalf with the bare number.
        world.outreach = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.OUTREACH, hours=0.5,
                                    title="Lægen i Nørreparken")
        slot = services.add_slots(world.outreach.sessions.get(), 15, actor=worker)[0]
        world.booking = services.sign_up(world.outreach, _resident(phone="20304050"), actor=worker, slot=slot)
        # The partnership's café: signed up by e-mail only.
        world.cafe = make_offer(worker, partnership=world.partnership, kind=Offer.Kind.ACTIVITY, title="Fredagscafé")
        world.at_cafe = services.sign_up(world.cafe, _resident(email="Inge@Example.dk"))
        # Someone else on the course.
        world.karl = services.sign_up(world.course, _resident("Karl", phone="30405060"))
        # The same number with housing organisation B (Fredericia) and C (Vejle).
        world.offer_b = make_offer(world.users["other_housing_caretaker"], estate=world.estate_b,
                                   title="Fjordhjems strikkeklub")
        world.at_b = services.sign_up(world.offer_b, _resident(phone="20304050", email="inge@example.dk"))
        world.offer_c = make_offer(world.users["other_municipality_admin"], estate=world.estate_c,
                                   title="Vejle Bolig gåtur")
        world.at_c = services.sign_up(world.offer_c, _resident(phone="+4520304050"))
    services.set_attendance(world.course.sessions.first(), world.on_course, True, actor=facilitator)
    return world


def _sign_ups(client, world, **fields):
    return exported_section(export_subject(client, world.dwelling, **fields), "offers")


@pytest.mark.parametrize("phone", ["20304050", "+45 20 30 40 50", "+4520304050", "0045 20 30 40 50", "20 30 40 50"])
def test_sign_ups_are_found_by_phone_with_or_without_45_and_spaces(client, world, phone):
    log_in(client, world.users["housing_admin"])
    sign_ups = _sign_ups(client, world, phone=phone)
    assert [s["id"] for s in sign_ups] == [world.on_course.pk, world.booking.pk]
    assert all(s["matched_by"] == ["phone"] for s in sign_ups)


def test_sign_ups_are_found_by_e_mail_whatever_its_case(client, world):
    log_in(client, world.users["housing_admin"])
    sign_ups = _sign_ups(client, world, email="INGE@example.dk")
    assert [(s["id"], s["matched_by"]) for s in sign_ups] == [(world.at_cafe.pk, ["email"])]
    assert sign_ups[0]["offer"] == "Fredagscafé" and sign_ups[0]["where"] == world.partnership.name


def test_phone_and_e_mail_together_find_every_sign_up(client, world):
    log_in(client, world.users["housing_admin"])
    sign_ups = _sign_ups(client, world, phone="20304050", email="inge@example.dk")
    assert [s["id"] for s in sign_ups] == [world.on_course.pk, world.booking.pk, world.at_cafe.pk]


def test_without_a_phone_or_e_mail_no_sign_up_is_searched(client, world):
    log_in(client, world.users["housing_admin"])
    assert _sign_ups(client, world) == []
    assert _sign_ups(client, world, first_name="Inge") == []


def test_a_first_name_narrows_the_sign_ups(client, world):
    world.karl_with_her_number = services.sign_up(world.course, _resident("Karl", phone="20304050"))
    log_in(client, world.users["housing_admin"])
    assert world.karl_with_her_number.pk in {s["id"] for s in _sign_ups(client, world, phone="20304050")}
    narrowed = _sign_ups(client, world, first_name="inge", phone="20304050")
    assert [s["id"] for s in narrowed] == [world.on_course.pk, world.booking.pk]


def test_a_sign_up_holds_the_booked_time_attendance_messages_and_answers(client, world):
    log_in(client, world.users["housing_admin"])
    on_course, booking = _sign_ups(client, world, phone="20304050")
    assert on_course["offer"] == "LÆR AT TACKLE kroniske smerter" and on_course["kind"] == "course"
    assert (on_course["first_name"], on_course["phone"], on_course["language"], on_course["first_time"]) == (
        "Inge", "+45 20 30 40 50", "ar", True)
    assert on_course["status"] == SignUp.Status.CONFIRMED and on_course["signed_up_by_staff"] is False
    assert len(on_course["attended"]) == 1 and on_course["booked_time"] is None
    assert [m["kind"] for m in on_course["messages"]] == ["confirmation"]
    assert booking["booked_time"]["starts_at"] and booking["signed_up_by_staff"] is True


def test_another_housing_organisation_s_sign_ups_with_the_same_phone_never_appear(client, world):
    log_in(client, world.users["housing_admin"])
    response = export_subject(client, world.dwelling, phone="20304050", email="inge@example.dk")
    ids = {s["id"] for s in exported_section(response, "offers")}
    assert not ids & {world.at_b.pk, world.at_c.pk, world.karl.pk}
    text = response.content.decode()
    assert "Fjordhjems strikkeklub" not in text and "Vejle Bolig gåtur" not in text


def test_the_other_housing_organisation_exports_only_its_own_sign_ups(client, world):
    admin_b = member(world.housing_b, Role.ADMIN)
    log_in(client, admin_b)
    response = export_subject(client, world.estate_b.dwellings.first(), phone="20304050", email="inge@example.dk")
    assert [s["id"] for s in exported_section(response, "offers")] == [world.at_b.pk]


def test_another_municipality_s_administrator_exports_only_its_own_sign_ups(client, world):
    log_in(client, world.users["other_municipality_admin"])
    response = export_subject(client, world.estate_c.dwellings.first(), phone="20304050")
    assert [s["id"] for s in exported_section(response, "offers")] == [world.at_c.pk]


def test_a_sign_up_whose_details_were_removed_is_no_longer_held(client, world):
    apply_retention(now=timezone.now() + timedelta(days=400))
    log_in(client, world.users["housing_admin"])
    assert _sign_ups(client, world, phone="20304050", email="inge@example.dk") == []


def test_staff_names_are_left_out_of_the_sign_ups(client, world):
    log_in(client, world.users["housing_admin"])
    text = export_subject(client, world.dwelling, phone="20304050", email="inge@example.dk").content.decode()
    for user in (world.users["social_worker"], world.users["professional"]):
        assert user.email not in text
    assert "Hanne Instruktør" not in text


def test_the_export_of_sign_ups_is_written_to_the_access_log(client, world):
    log_in(client, world.users["housing_admin"])
    export_subject(client, world.dwelling, phone="20304050", email="inge@example.dk")
    entry = Entry.objects.get(action=Action.EXPORT)
    assert entry.actor == world.users["housing_admin"] and entry.organisation_id == world.housing_a.pk
    assert "phone, email" in entry.purpose and "inge@example.dk" not in entry.purpose


@needs_pdf
def test_the_pdf_shows_local_offers_under_its_own_heading(client, world):
    log_in(client, world.users["housing_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = export_subject(client, world.dwelling, kind="pdf", phone="+45 20304050", email="inge@example.dk")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = support.pdf_text(response)
    assert "Local offers (3)" in text and "Fredagscafé" in text and "Lægen i Nørreparken" in text
    assert "Bridge-building (0)" in text and "Nothing held." in text
    assert "Fjordhjems strikkeklub" not in text


def test_the_municipality_exports_the_sign_ups_of_the_offers_it_runs_and_of_its_partnerships(client, world):
    # The scope of sign-ups: offers the municipality runs (its facilitator's course) and the
    # partnership's café. The housing organisations' own offers on estates in the municipality
    # (A's outreach hours, B's knitting club) are theirs: the municipality holds no sign-ups of them.
    log_in(client, world.users["municipal_admin"])
    sign_ups = _sign_ups(client, world, phone="20304050", email="inge@example.dk")
    assert [s["id"] for s in sign_ups] == [world.on_course.pk, world.at_cafe.pk]
