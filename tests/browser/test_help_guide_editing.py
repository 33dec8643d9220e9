"""A municipality's administrator adds a service to the help guide on a phone: with a place
and its address, a phone number and opening hours — and finds it in the guide at once."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo_logins(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    return {d["email"].split("@")[0]: d for d in json.loads((tmp_path / "demo-logins.json").read_text(encoding="utf-8"))}


def test_an_administrator_adds_a_service_with_a_place_and_opening_hours(page, check, login, demo_logins):
    admin = demo_logins["hanne.joergensen"]
    secret = parse_qs(urlparse(admin["totp_uri"]).query)["secret"][0] if admin["totp_uri"] else None
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, admin["email"], admin["password"], secret)
    page.goto("/hjaelpeguide/administrer/")
    check(page, "help-guide-keep")
    page.get_by_role("link", name="Opret et tilbud").click()
    page.wait_for_load_state()
    page.fill("#id_name", "Seniorrådgivningen")
    page.fill("#id_new_organization", "Fredericia Seniorråd")
    page.fill("#id_description", "Rådgivning for ældre om hverdagen, økonomi og hjælpemidler.")
    page.fill("#id_places-0-name", "Fælleshuset Egeskovparken")
    page.fill("#id_places-0-address_1", "Egeskovvej 4")
    page.fill("#id_places-0-postal_code", "7000")
    page.fill("#id_places-0-city", "Fredericia")
    page.fill("#id_phones-0-number", "72 10 99 00")
    page.check("#id_hours-0-days_0")  # Monday
    page.check("#id_hours-0-days_2")  # Wednesday
    page.fill("#id_hours-0-opens_at", "09:00")
    page.fill("#id_hours-0-closes_at", "12:00")
    check(page, "help-guide-add-service", sizes=("phone",))
    page.get_by_role("button", name="Opret tilbuddet").click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == "Seniorrådgivningen"
    body = page.locator("main").inner_text()
    assert "Fælleshuset Egeskovparken, Egeskovvej 4, 7000 Fredericia" in body
    assert "72 10 99 00" in body
    assert "09:00–12:00" in body
    check(page, "help-guide-added-service")

    # The staff search finds it in Danish.
    page.goto("/hjaelpeguide/?q=senior")
    assert page.locator("#help-results .help-service-name a", has_text="Seniorrådgivningen").count() == 1
