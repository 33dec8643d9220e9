"""Wrong second-factor codes count toward the account's lock-out like wrong passwords, and the
first two-factor set-up right after login is one step (no second password prompt)."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from lokalsundhed.accounts.models import LoginAttempt, is_locked_out
from lokalsundhed.accounts.tests.factories import PASSWORD, member
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.permissions import Role
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory

pytestmark = pytest.mark.django_db


def _code(secret: str) -> str:
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


def _caretaker_with_totp():
    user = member(HousingOrganisationFactory(), Role.CARETAKER)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, settings):
    user, secret = _caretaker_with_totp()
    assert client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}).url == \
        reverse("mfa_authenticate")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    assert LoginAttempt.objects.filter(user=user, succeeded=False).count() == settings.LOGIN_FAILURE_LIMIT
    assert Entry.objects.filter(action=Action.LOGIN_FAILED, object_id=str(user.pk), purpose="second factor").exists()
    assert is_locked_out(user)
    # Now even the right code is refused, and so is the right password from a fresh start.
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert response.status_code == 200 and response.context["form"].errors.as_data()["code"][0].code == "locked_out"
    assert client.get(reverse("organisations:estate_list")).status_code == 302
    other = client.__class__()
    response = other.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert Entry.objects.filter(action=Action.LOCKED_OUT, object_id=str(user.pk)).exists()


def test_wrong_codes_from_a_second_address_still_count(client, settings):
    """The per-address rate limit starts afresh on another address; the account's lock-out does not."""
    user, _secret = _caretaker_with_totp()
    for address in ("192.0.2.1", "198.51.100.7"):
        browser = client.__class__(REMOTE_ADDR=address)
        browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        for _ in range(3):
            browser.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert is_locked_out(user)


def test_the_first_set_up_right_after_login_asks_for_no_password_again(client):
    user = member(HousingOrganisationFactory(), Role.CARETAKER)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert response.status_code == 200 and "reauthenticate" not in response.redirect_chain[-1][0]
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302 and "reauthenticate" not in response.url
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # The recovery codes shown next need no password either; the overview is open.
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    assert client.get(reverse("core:home")).status_code == 200


def test_a_later_change_to_two_factor_still_asks_for_the_password(client):
    user, secret = _caretaker_with_totp()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    response = client.get(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302 and "reauthenticate" in response.url


def test_the_smooth_first_set_up_lasts_only_a_while_after_login(client):
    user = member(HousingOrganisationFactory(), Role.CARETAKER)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    session = client.session
    records = session["account_authentication_methods"]
    records[-1]["at"] -= 60 * 60
    session["account_authentication_methods"] = records
    session.save()
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and "reauthenticate" in response.url
