"""Two-factor for personal-data roles, idle time-out, and what the base layout costs."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.urls import reverse

from lokalsundhed.accounts.middleware import LAST_SEEN_KEY
from lokalsundhed.accounts.tests.factories import PASSWORD, member
from lokalsundhed.core.permissions import Role, role_requires_two_factor
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_it_requires_two_factor_exactly_for_roles_that_reach_personal_data(client, role):
    user = member(HousingOrganisationFactory(), role)
    client.force_login(user)
    response = client.get(reverse("core:home"))
    if role_requires_two_factor(role):
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")
    else:
        assert response.status_code == 200


def test_the_analyst_role_is_the_only_one_without_two_factor():
    assert [r for r in Role if not role_requires_two_factor(r)] == [Role.ANALYST]


def test_a_caretaker_with_totp_logs_in_with_the_code(client):
    user = member(HousingOrganisationFactory(), Role.CARETAKER)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    # Not logged in yet: the personal-data pages stay closed.
    assert client.get(reverse("organisations:estate_list")).status_code == 302
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("organisations:estate_list")).status_code == 200


def test_a_wrong_totp_code_is_refused(client):
    user = member(HousingOrganisationFactory(), Role.CARETAKER)
    TOTP.activate(user, generate_totp_secret())
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert client.get(reverse("organisations:estate_list")).status_code == 302


def test_it_logs_out_after_the_idle_timeout(client, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    user = member(HousingOrganisationFactory(), Role.ANALYST)
    client.force_login(user)
    assert client.get(reverse("core:home")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.get(reverse("core:home")).status_code == 302


def test_activity_within_the_timeout_keeps_the_session(client, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(member(HousingOrganisationFactory(), Role.ANALYST))
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 29 * 60
    session.save()
    assert client.get(reverse("core:home")).status_code == 200


def test_the_base_layout_costs_at_most_two_queries(client, django_assert_max_num_queries):
    # An analyst's overview holds links only, so the page costs what the layout costs (the
    # overview's own counts are budgeted in core/tests/test_overview.py).
    user = member(HousingOrganisationFactory(), Role.ANALYST)
    log_in(client, user)
    client.get(reverse("core:home"))  # first request stamps the session's last activity and memberships
    # 1 session (with the user's memberships and their organisations: navigation, roles, two-factor
    # rule), 2 user (with the stamp that says whether the session's memberships are current)
    with django_assert_max_num_queries(2):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
