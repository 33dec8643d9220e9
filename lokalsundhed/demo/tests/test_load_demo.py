"""The demo: idempotent, every role in the right kind of organisation, logins that work."""

from __future__ import annotations

import base64
import json
from io import StringIO
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.audit.models import Entry
from lokalsundhed.core.access import scoped
from lokalsundhed.core.permissions import Role
from lokalsundhed.demo.partnership import DEMO_PASSWORD
from lokalsundhed.demo.two_factor import DEMO_DOMAIN, current_code, totp_secret
from lokalsundhed.organisations.models import Dwelling, Estate, Organisation, Partnership

pytestmark = pytest.mark.django_db

HOUSING_ROLES = {Role.CARETAKER, Role.SOCIAL_WORKER, Role.ADMIN, Role.ANALYST}
MUNICIPAL_ROLES = {Role.INTAKE, Role.UNIT_WORKER, Role.PROFESSIONAL, Role.ANALYST, Role.ADMIN, Role.AUDITOR}


@pytest.fixture
def logins(demo_for_the_module, db):
    """The logins the demo printed, the demo loaded once for the module (conftest.py)."""
    return json.loads((demo_for_the_module / "demo-logins.json").read_text(encoding="utf-8"))


def _row_counts() -> dict[str, int]:
    """Rows per table; the SQLite search index is a table only on SQLite."""
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.db_table in tables
    }


def test_it_changes_nothing_when_run_twice(var_dir):
    call_command("load_demo", stdout=StringIO())
    counts = _row_counts()
    first = (var_dir / "demo-logins.json").read_text(encoding="utf-8")
    hashes = dict(User.objects.values_list("email", "password"))

    call_command("load_demo", stdout=StringIO())

    assert _row_counts() == counts
    # Same passwords, same two-factor secrets: the printed logins stay valid.
    assert (var_dir / "demo-logins.json").read_text(encoding="utf-8") == first
    assert dict(User.objects.values_list("email", "password")) == hashes


def test_it_builds_the_fredericia_partnership_and_a_vejle_neighbour(logins):
    fredericia = Partnership.objects.get(municipality__municipality__code="0607")
    assert fredericia.yearly_theme == "Ældre i eget hjem"
    assert fredericia.organisation_of_work
    assert fredericia.housing_organisations.count() == 2
    assert fredericia.estates.count() == 3
    assert Dwelling.objects.filter(estate__municipality__code="0607", postcode="7000").count() == 288
    assert Dwelling.objects.filter(estate__municipality__code="0630").count() == 12
    assert Estate.objects.filter(municipality__code="0630").count() == 1


def test_every_role_is_held_in_the_right_kind_of_organisation(logins):
    memberships = Membership.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").select_related("organisation")
    assert {m.role for m in memberships} == set(Role.values)
    for m in memberships:
        allowed = MUNICIPAL_ROLES if m.organisation.is_municipality else HOUSING_ROLES
        assert m.role in allowed, m
    vejle = {m.role for m in memberships if m.organisation.municipality.code == "0630"}
    assert {Role.CARETAKER, Role.INTAKE, Role.ADMIN} <= vejle


def test_the_logins_file_promises_its_fields_and_valid_otpauth_uris(logins):
    assert len(logins) == User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()
    for login in logins:
        assert {"email", "password", "role", "organisation", "totp_uri"} <= login.keys()
        assert login["password"] == DEMO_PASSWORD and len(DEMO_PASSWORD) >= 12
        user = User.objects.get(email=login["email"])
        if not user.requires_two_factor:
            assert login["totp_uri"] is None
            continue
        uri = urlsplit(login["totp_uri"])
        query = parse_qs(uri.query)
        assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
        assert unquote(uri.path.lstrip("/")) == user.email
        assert query["issuer"] == ["lokalsundhed"]
        assert query["secret"] == [totp_secret(user)]
        assert len(base64.b32decode(query["secret"][0])) == 20
    superuser = next(login for login in logins if login["organisation"] is None)
    assert User.objects.filter(email=superuser["email"], is_staff=True, is_superuser=True).exists()


def test_it_prints_the_logins_as_a_table(var_dir):
    out = StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "E-mail" in text and "Two-factor" in text
    assert f"mette.andersen@{DEMO_DOMAIN}" in text and DEMO_PASSWORD in text


def test_every_demo_user_logs_in_through_allauth(client, logins, settings, fresh_totp_window):
    settings.ACCOUNT_RATE_LIMITS = False  # twenty logins from one address in a minute is the point here
    cache.clear()
    for login in logins:
        client.logout()
        fresh_totp_window()
        response = client.post(reverse("account_login"), {"login": login["email"], "password": login["password"]})
        assert response.status_code == 302, login["email"]
        if login["totp_uri"]:
            assert response.url == reverse("mfa_authenticate")
            secret = parse_qs(urlsplit(login["totp_uri"]).query)["secret"][0]
            response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
            assert response.status_code == 302, login["email"]
        assert client.get(reverse("core:home")).status_code == 200, login["email"]
        if login["organisation"] is None:
            assert client.get("/admin/").status_code == 200


def test_a_caretaker_is_refused_with_a_wrong_code(client, logins, settings, fresh_totp_window):
    settings.ACCOUNT_RATE_LIMITS = False
    email = f"jens.pedersen@{DEMO_DOMAIN}"
    client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    secret = totp_secret(User.objects.get(email=email))
    fresh_totp_window()
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"
    assert client.post(reverse("mfa_authenticate"), {"code": wrong}).status_code == 200
    assert client.get(reverse("organisations:estate_list")).status_code == 302


def test_the_organisations_are_kept_apart(logins):
    vejle_caretaker = User.objects.get(email=f"henrik.post@{DEMO_DOMAIN}")
    fredericia_intake = User.objects.get(email=f"mette.andersen@{DEMO_DOMAIN}")
    lillebaelt_caretaker = User.objects.get(email=f"jens.pedersen@{DEMO_DOMAIN}")
    assert set(scoped(vejle_caretaker, Dwelling).values_list("city", flat=True)) == {"Vejle"}
    assert scoped(fredericia_intake, Dwelling).count() == 288
    assert set(scoped(lillebaelt_caretaker, Estate).values_list("name", flat=True)) == {
        "Egeskovparken",
        "Vestervoldhusene",
    }
    assert scoped(vejle_caretaker, Organisation).get().name == "Boligforeningen Vejlefjord"


def test_the_auditors_find_accesses_of_their_own_municipality_only(logins):
    fredericia = User.objects.get(email=f"peter.christensen@{DEMO_DOMAIN}")
    vejle = User.objects.get(email=f"ulla.brandt@{DEMO_DOMAIN}")
    seen_in_fredericia = scoped(fredericia, Entry)
    assert seen_in_fredericia.count() >= 4
    assert {e.organisation.name for e in seen_in_fredericia} == {"Fredericia Kommune"}
    assert {e.organisation.name for e in scoped(vejle, Entry)} == {"Vejle Kommune"}
