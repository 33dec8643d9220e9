"""Volunteering in a data subject's access request: a volunteer found by mobile number or e-mail
address, with their activities and shifts; only the exporting housing organisation's own,
without the coordinators' names."""

from __future__ import annotations

from datetime import date

import pytest

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.subject_access.tests.support import (
    export_subject,
    exported_section,
    needs_pdf,
    pdf_text,
)
from lokalsundhed.volunteers import services
from lokalsundhed.volunteers.tests.factories import volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    coordinator = world.users["social_worker"]
    coordinator.full_name = "Jens Koordinator"
    coordinator.save(update_fields=["full_name"])
    homework = make_offer(coordinator, estate=world.estate_a, sessions=2, title="Lektiecafé", kind="activity")
    amal = volunteer(world.estate_a, "Amal", phone="+45 20 30 40 50", email="Amal@Example.dk",
                     certificate_on=date(2026, 3, 1), admin=coordinator)
    amal.skills, amal.availability = "Matematik og arabisk", "Tirsdag eftermiddag"
    amal.save(update_fields=["skills", "availability"])
    services.assign(amal, homework, role="Lektiehjælp", actor=coordinator)
    first = homework.sessions.order_by("starts_at").first()
    services.add_shift(first, role="Lektiehjælp", volunteer=amal, actor=coordinator)
    return {
        "amal": amal,
        "applicant": volunteer(world.estate_a, "Hassan", phone="30405060", active=False),
        "same_number": volunteer(world.estate_a, "Noor", phone="20304050", admin=coordinator),
        "elsewhere": volunteer(world.estate_b, "Amal", phone="20304050",
                               admin=member(world.housing_b, Role.SOCIAL_WORKER)),
    }


def _volunteers(client, **fields):
    return exported_section(export_subject(client, **fields), "volunteers")


def test_the_export_holds_the_volunteer_with_activities_and_shifts(client, world, people):
    log_in(client, world.users["housing_admin"])
    found = _volunteers(client, phone="20 30 40 50")
    assert [v["id"] for v in found] == [people["amal"].pk, people["same_number"].pk]
    amal = found[0]
    assert (amal["first_name"], amal["phone"], amal["email"], amal["status"]) == (
        "Amal", "+45 20 30 40 50", "Amal@Example.dk", "active")
    assert (amal["skills"], amal["availability"], amal["languages"]) == (
        "Matematik og arabisk", "Tirsdag eftermiddag", ["da", "ar"])
    assert amal["language_of_messages"] == "da"
    assert amal["criminal_record_certificate_dated"] == "2026-03-01" and amal["consent_given_at"]
    assert [(a["activity"], a["role"]) for a in amal["assignments"]] == [("Lektiecafé", "Lektiehjælp")]
    assert [(s["activity"], s["role"], s["minutes"]) for s in amal["shifts"]] == [("Lektiecafé", "Lektiehjælp", None)]
    assert amal["matched_by"] == ["phone"]


def test_an_e_mail_address_finds_the_volunteer_case_aside_and_a_first_name_narrows(client, world, people):
    log_in(client, world.users["housing_admin"])
    by_email = _volunteers(client, email="amal@example.DK")
    assert [(v["id"], v["matched_by"]) for v in by_email] == [(people["amal"].pk, ["email"])]
    assert [v["id"] for v in _volunteers(client, phone="20304050", first_name="noor")] == [people["same_number"].pk]


def test_an_applicant_not_yet_approved_is_held_too(client, world, people):
    log_in(client, world.users["housing_admin"])
    assert [(v["id"], v["status"]) for v in _volunteers(client, phone="30405060")] == [
        (people["applicant"].pk, "applied")]


def test_only_the_exporting_housing_organisation_s_volunteers_and_none_for_a_municipality(client, world, people):
    log_in(client, member(world.housing_b, Role.ADMIN))
    assert [v["id"] for v in _volunteers(client, phone="20304050")] == [people["elsewhere"].pk]
    client.logout()
    log_in(client, world.users["municipal_admin"])
    assert _volunteers(client, phone="20304050") == []


def test_coordinators_are_left_out(client, world, people):
    log_in(client, world.users["housing_admin"])
    text = export_subject(client, phone="20304050").content.decode()
    assert "Jens Koordinator" not in text and world.users["social_worker"].email not in text


@needs_pdf
def test_the_pdf_shows_the_volunteer(client, world, people):
    log_in(client, world.users["housing_admin"])
    text = pdf_text(export_subject(client, kind="pdf", phone="20304050", first_name="Amal"))
    assert "Matematik og arabisk" in text and "Lektiecafé" in text and "Dansk og arabisk" in text


def test_the_section_costs_three_queries_however_many_volunteers(world, people, django_assert_num_queries):
    from lokalsundhed.core.subject_access import Subject
    from lokalsundhed.volunteers.subject_access import volunteers

    admin = world.users["housing_admin"]
    admin.active_memberships  # noqa: B018 (read once per request, before the sections)
    with django_assert_num_queries(3):  # the volunteers; their activities; their shifts
        assert len(volunteers(admin, Subject.of(phone="20304050", email="amal@example.dk"))) == 2


def test_the_volunteer_s_own_steps_are_by_the_resident_in_the_access_log_part(client, world, people):
    """Sending their shifts to their phone is the volunteer's own step, logged with their login: the
    export says the resident did it, not staff; the coordinator's approval stays staff's."""
    amal = people["amal"]
    amal.refresh_from_db()
    services.send_shifts_by_sms(amal)
    log_in(client, world.users["housing_admin"])
    entries = exported_section(export_subject(client, phone="20304050", first_name="Amal"), "access_log")
    by = {entry["purpose"]: entry["by"] for entry in entries if entry["record_type"] == "volunteers.volunteer"}
    assert by["volunteer's shifts sent by SMS"] == "resident"
    assert by["volunteer approved"] == "staff"
