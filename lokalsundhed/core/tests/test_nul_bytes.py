"""A NUL byte in a path, a query or a cookie is a bad request, never a server error.

PostgreSQL refuses NUL in text ("text fields cannot contain NUL"): every value that reaches
a text column must be refused before it gets there. Run these on PostgreSQL too
(DATABASE_URL=postgresql://…) — on SQLite the old code answered 404 by luck.
"""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/kalender/%00/",
        "/tilmelding/%00/",
        "/hjaelp-i-hjemmet/status/%00/",
        "/hjaelp/%00/",
        "/hjaelp/0101%00/",
        "/hjaelpeguide/noedraab/%00/",
        "/%00",
        "/admin/%00/",
        "/accounts/%00/",
    ],
)
def test_it_answers_not_found_for_a_nul_byte_in_the_path(client, path):
    response = client.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/hjaelp/0101/?q=%00",
        "/hjaelp/0101/?need=%00",
        "/hjaelpeguide/?municipality=%00",
        "/kalender/?q=a%00b",
        "/hjaelp/?%00=1",
    ],
)
def test_it_answers_bad_request_for_a_nul_byte_in_the_query(client, path):
    response = client.get(path)
    assert response.status_code == 400


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_it_answers_bad_request_for_a_nul_byte_in_a_posted_form(client, encoding):
    from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
    from lokalsundhed.accounts.tests.factories import MembershipFactory
    from lokalsundhed.core.permissions import Role

    client.force_login(MembershipFactory(role=Role.CARETAKER).user)
    session = client.session
    session[TWO_FACTOR_OK_KEY] = True
    session.save()
    url = "/observation/adresser/"  # the type-ahead reads `q` straight from the form into a text search
    if encoding == "multipart":
        response = client.post(url, {"q": "Nørre\x00vej"})
    else:
        response = client.post(url, "q=N%C3%B8rre%00vej", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_it_ignores_a_session_cookie_with_a_nul_byte(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "abcdefgh\x00ijklmnop"
    response = client.get("/kalender/")
    assert response.status_code == 200
