from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse


def test_healthz_answers_without_the_database(client):
    # No django_db mark: pytest-django makes any database access here an error.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_checks_the_database(client):
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_says_so_when_the_database_is_down(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get("/readyz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("account_login"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_login_page_is_danish_by_default(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert 'lang="da"' in response.content.decode()
