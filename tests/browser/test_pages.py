"""What a member of staff does in the browser: log in, use every page of the menu, switch
language, and meet the refusal pages — each page checked for WCAG 2.1 AA, CSP and 360 px."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import PASSWORD, member
from lokalsundhed.core.permissions import Role, role_requires_two_factor
from lokalsundhed.core.tests.support import bridge_world
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.organisations.tests.factories import DwellingFactory, HousingOrganisationFactory
from lokalsundhed.referrals import services as referral_services
from lokalsundhed.referrals.models import Referral
from lokalsundhed.referrals.tests.factories import observe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# One persona of the authorization world per role.
PERSONA_FOR_ROLE = {
    Role.CARETAKER: "caretaker",
    Role.SOCIAL_WORKER: "social_worker",
    Role.INTAKE: "intake",
    Role.UNIT_WORKER: "unit_worker",
    Role.PROFESSIONAL: "professional",
    Role.ANALYST: "housing_analyst",
    Role.ADMIN: "municipal_admin",
    Role.AUDITOR: "auditor",
}


def _with_totp(user) -> str | None:
    """Give a personal-data role its authenticator; the secret lets the test type the code."""
    if not user.requires_two_factor:
        return None
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_can_use_every_page_in_its_menu(page, check, login, menu, role):
    world = build_world()
    # More dwellings than fit on one page, so the pagination is shown and checked.
    DwellingFactory.create_batch(55, estate=world.estate_a)
    user = world.users[PERSONA_FOR_ROLE[role]]
    secret = _with_totp(user)
    assert (secret is not None) == role_requires_two_factor(role)

    login(page, user.email, PASSWORD, secret)
    check(page, f"{role}-home")

    links = menu(page)
    assert links, "the menu is empty"
    assert links[0][1] == "/"
    for label, href in links[1:]:
        page.goto(href)
        assert page.locator("h1").first.is_visible()
        check(page, f"{role}-{href.strip('/').replace('/', '-')}")
        assert page.locator(".navigation-menu li.active a").first.inner_text().strip() == label

    # The detail pages behind the lists.
    for list_url in ("/afdelinger/", "/partnerskaber/"):
        if any(href == list_url for _, href in links):
            page.goto(list_url)
            page.locator("main table a").first.click()
            page.wait_for_load_state()
            check(page, f"{role}-{list_url.strip('/')}-detail")
            if list_url == "/afdelinger/" and page.locator("nav.pagination").count():
                page.locator("nav.pagination a[rel=next]").click()
                page.wait_for_load_state()
                assert "page=2" in page.url
                check(page, f"{role}-{list_url.strip('/')}-detail-page-2")


def test_the_overview_leads_a_caretaker_and_an_intake_worker_to_what_needs_them(page, check, login):
    world = bridge_world()
    caretaker, intake = world.users["caretaker"], world.users["intake"]
    returned = observe(caretaker, world.estate_a).referral
    referral_services.return_to_reporter(returned, actor=intake, reason="Ikke vores område")
    late = observe(caretaker, world.estate_a).referral
    Referral.objects.filter(pk=late.pk).update(deadline_at=timezone.now() - timedelta(hours=1))

    # The caretaker on a phone: the big button first, on the first screen, and the returned referral.
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, caretaker.email, PASSWORD, _with_totp(caretaker))
    page.goto("/")
    button = page.locator("main a.overview-report-button")
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 740 and box["width"] >= 300
    warning = page.locator("main .alert-warning")
    assert warning.locator(".alert-heading").inner_text().startswith("1 ")
    check(page, "overview-caretaker")
    warning.get_by_role("link").click()
    page.wait_for_url("**/mine-henvisninger/")
    page.goto("/")
    button.click()
    page.wait_for_url("**/observation/ny/")

    # The intake worker: one tap from the overdue figure to the overdue referral in the queue.
    page.context.clear_cookies()
    login(page, intake.email, PASSWORD, _with_totp(intake))
    page.goto("/")
    overdue = page.locator("main a.overview-figure-warning")
    assert overdue.locator(".overview-number").inner_text() == "1"
    check(page, "overview-intake")
    overdue.click()
    page.wait_for_url("**/henvisninger/?state=overdue")
    assert page.locator("#id_state").input_value() == "overdue"
    assert page.locator("li.referral-card").count() == 1


def test_login_two_factor_setup_recovery_codes_and_logout(page, check, login, totp):
    user = member(HousingOrganisationFactory(), Role.CARETAKER)

    # A wrong password shows the form's error in DKFDS style.
    page.goto("/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", "not the password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-error").is_visible()
    check(page, "login-wrong-password")

    # A caretaker without an authenticator is sent to set one up before anything else.
    login(page, user.email, PASSWORD, check=True)
    # allauth asks for the password once more before an authenticator is added.
    if "/accounts/reauthenticate/" in page.url:
        check(page, "reauthenticate")
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    assert page.url.endswith("/accounts/2fa/totp/activate/")
    check(page, "two-factor-setup")
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", "000000")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".form-error .form-error-message").is_visible()
    check(page, "two-factor-setup-wrong-code")

    page.fill("#id_code", totp(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/2fa/totp/activate" not in page.url
    check(page, "two-factor-activated")

    page.goto("/accounts/2fa/")
    check(page, "two-factor-overview")
    page.goto("/accounts/2fa/recovery-codes/")
    check(page, "recovery-codes")

    page.goto("/")
    check(page, "home-after-two-factor")

    page.goto("/accounts/logout/")
    check(page, "logout")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    # Logged out, the front page leads to the residents' entrance, which has the staff login.
    assert page.url.endswith("/borger/")
    assert page.locator(".navigation-menu").count() == 0
    page.locator(".resident-entrance-staff a").click()
    page.wait_for_url("**/accounts/login/")


def test_the_refusal_pages(page, check, login):
    analyst = member(HousingOrganisationFactory(), Role.ANALYST)
    login(page, analyst.email, PASSWORD)
    response = page.goto("/personer/")
    assert response.status == 403
    check(page, "403")
    response = page.goto("/afdelinger/999999/")
    assert response.status == 404
    check(page, "404")


def test_the_language_switch_goes_to_english_and_back(page, check, login):
    analyst = member(HousingOrganisationFactory(), Role.ANALYST)
    login(page, analyst.email, PASSWORD)
    page.goto("/afdelinger/")
    assert page.get_attribute("html", "lang") == "da"
    assert page.locator("h1").inner_text() == "Afdelinger"

    page.locator(".language-switch button[value=en]").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    assert page.url.endswith("/afdelinger/")
    assert page.locator("h1").inner_text() == "Estates"
    check(page, "estates-in-english")

    page.locator(".language-switch button[value=da]").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "da"
    assert page.locator("h1").inner_text() == "Afdelinger"


def test_the_phone_menu_opens_and_closes(page, check, login):
    analyst = member(HousingOrganisationFactory(), Role.ANALYST)
    login(page, analyst.email, PASSWORD)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    drawer = page.locator(".mobile-drawer")
    assert not drawer.is_visible()
    page.locator(".js-menu-open").click()
    assert drawer.is_visible()
    page.wait_for_timeout(400)  # the drawer slides in
    check(page, "phone-menu-open", sizes=("current",))
    page.locator(".js-menu-close").click()
    assert not drawer.is_visible()
    page.locator(".js-menu-open").click()
    drawer.locator("a.nav-link[href='/afdelinger/']").click()
    page.wait_for_load_state()
    assert page.url.endswith("/afdelinger/")
