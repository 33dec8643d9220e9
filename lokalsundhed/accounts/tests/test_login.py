from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from lokalsundhed.accounts.models import LoginAttempt, is_locked_out
from lokalsundhed.accounts.tests.factories import PASSWORD, member
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_logs_in_with_email_and_records_the_attempt(client):
    user = member(HousingOrganisationFactory(), Role.ANALYST)
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert LoginAttempt.objects.filter(user=user, succeeded=True).count() == 1
    assert Entry.objects.filter(actor=user, action=Action.LOGIN).exists()


def test_it_locks_out_after_five_failures_even_with_the_right_password(client):
    user = member(HousingOrganisationFactory(), Role.ANALYST)
    for _ in range(5):
        assert _login(client, user.email, "wrong password").status_code == 200
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 200
    assert "locked" in response.content.decode().lower() or "låst" in response.content.decode().lower()
    assert LoginAttempt.objects.filter(user=user, succeeded=False).count() == 5
    assert Entry.objects.filter(actor=user, action=Action.LOCKED_OUT).exists()


def _lock(client, user):
    for _ in range(5):
        _login(client, user.email, "wrong password")


def test_the_lock_opens_when_the_24_hour_window_has_passed(client):
    user = member(HousingOrganisationFactory(), Role.ANALYST)
    _lock(client, user)
    LoginAttempt.objects.filter(user=user).update(at=timezone.now() - timedelta(hours=24, minutes=1))
    assert _login(client, user.email, PASSWORD).status_code == 302


def test_an_administrator_releases_a_locked_out_member(client):
    organisation = HousingOrganisationFactory()
    user = member(organisation, Role.ANALYST)
    admin = member(organisation, Role.ADMIN)
    _lock(client, user)
    log_in(client, admin)
    listing = client.get(reverse("accounts:member_list")).content.decode()
    assert reverse("accounts:member_release_lockout", args=[user.pk]) in listing
    response = client.post(reverse("accounts:member_release_lockout", args=[user.pk]))
    assert response.status_code == 302
    assert Entry.objects.filter(actor=admin, action=Action.CHANGE, object_id=str(user.pk)).exists()
    client.logout()
    assert _login(client, user.email, PASSWORD).status_code == 302


def test_failed_logins_for_unknown_addresses_are_recorded_without_a_user(client):
    _login(client, "nobody@example.dk", "whatever")
    attempt = LoginAttempt.objects.get()
    assert attempt.user is None and attempt.email == "nobody@example.dk" and not attempt.succeeded


def test_an_address_of_no_account_is_kept_in_the_login_history_only_not_in_the_sealed_log(client):
    """Whatever is typed at the login page may be anyone's address (or a password in the wrong
    field): the login history, pruned after LOGIN_ATTEMPTS_KEPT_DAYS, keeps it for the lock-out and
    an investigation; the access log, kept for years and sealed, says only that no account had it."""
    typed = "bodil.privat@example.dk"
    assert _login(client, typed, "Sommer2026!").status_code == 200
    assert LoginAttempt.objects.get(succeeded=False).email == typed
    entry = Entry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.actor_id is None and typed not in entry.actor_label and "bodil" not in entry.path
    with translation.override("da"):
        assert entry.get_actor_display() == "en adresse uden en konto"
    # A failed login to an account is still logged under it, to follow attacks on that account.
    user = member(HousingOrganisationFactory(), Role.ANALYST)
    _login(client, user.email, "wrong password")
    assert Entry.objects.filter(action=Action.LOGIN_FAILED, actor=user, actor_label=user.email).exists()


def _code_for(client, email):
    """Ask for a one-time code (the login without a password volunteers use, open to staff too)."""
    client.post(reverse("account_request_login_code"), {"email": email})
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M).group(1)


def _confirm(client, code):
    return client.post(reverse("account_confirm_login_code"), {"code": code})


def test_wrong_one_time_codes_are_failed_logins_that_count_toward_the_lock_out(client):
    user = member(HousingOrganisationFactory(), Role.ANALYST)
    for wrong in (3, 2):  # a code takes three tries, then a new one must be asked for
        _code_for(client, user.email)
        for _ in range(wrong):
            _confirm(client, "AAAA-AAAA")
    assert LoginAttempt.objects.filter(user=user, succeeded=False).count() == 5
    assert Entry.objects.filter(actor=user, action=Action.LOGIN_FAILED).count() == 5
    assert is_locked_out(user)


def test_a_locked_account_is_refused_at_the_one_time_code_too(client):
    """A role without a second factor (an analyst, a volunteer) is logged in by the code alone: the
    lock-out must hold there as it does at the password."""
    user = member(HousingOrganisationFactory(), Role.ANALYST)
    _lock(client, user)
    response = _confirm(client, _code_for(client, user.email))
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert Entry.objects.filter(actor=user, action=Action.LOCKED_OUT).exists()
    assert not LoginAttempt.objects.filter(user=user, succeeded=True).exists()
