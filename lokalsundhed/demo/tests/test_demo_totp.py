from __future__ import annotations

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command

from lokalsundhed.accounts.models import User
from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.core.permissions import Role
from lokalsundhed.demo.two_factor import DEMO_DOMAIN, ensure_two_factor, totp_secret
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory

pytestmark = pytest.mark.django_db


def _demo_user(local: str, role: Role) -> User:
    return member(HousingOrganisationFactory(), role, email=f"{local}@{DEMO_DOMAIN}")


def test_it_prints_the_current_code_of_a_demo_user(fresh_totp_window):
    user = _demo_user("vicevaert", Role.CARETAKER)
    ensure_two_factor(user)
    fresh_totp_window()
    out = StringIO()
    call_command("demo_totp", user.email.upper(), stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert validate_totp_code(totp_secret(user), code)


def test_it_refuses_users_outside_the_demo_domain():
    user = member(HousingOrganisationFactory(), Role.CARETAKER, email="someone@example.dk")
    ensure_two_factor(user)
    with pytest.raises(CommandError, match="Only demo users"):
        call_command("demo_totp", user.email, stdout=StringIO())


def test_it_refuses_a_look_alike_domain():
    with pytest.raises(CommandError, match="Only demo users"):
        call_command("demo_totp", f"x@evil{DEMO_DOMAIN}", stdout=StringIO())


def test_it_says_so_for_a_demo_user_without_two_factor():
    user = _demo_user("analytiker", Role.ANALYST)
    with pytest.raises(CommandError, match="no authenticator"):
        call_command("demo_totp", user.email, stdout=StringIO())


def test_it_keeps_an_existing_secret():
    user = _demo_user("socialvicevaert", Role.SOCIAL_WORKER)
    first = ensure_two_factor(user)
    assert ensure_two_factor(user) == first
    assert Authenticator.objects.filter(user=user).count() == 2  # TOTP and recovery codes, once each
