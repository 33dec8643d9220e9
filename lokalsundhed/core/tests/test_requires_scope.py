"""`core.access.requires_scope`: the one scope rule every capability's API operations use."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from lokalsundhed.core.access import requires_scope


@requires_scope("offers:read")
def operation(request, offer_id):
    return {"offer_id": offer_id}


def _request(auth):
    request = RequestFactory().get("/api/v1/offers/7")
    request.user = AnonymousUser()
    if auth is not None:
        request.auth = auth
    return request


def test_the_operation_carries_its_scope_for_the_openapi_description_and_the_matrix():
    assert operation.api_scope == "offers:read"
    assert operation.__name__ == "operation"


def test_a_client_holding_the_scope_is_served():
    client = SimpleNamespace(has_scope=lambda scope: scope == "offers:read")
    assert operation(_request(client), offer_id=7) == {"offer_id": 7}


def test_a_client_without_the_scope_is_refused_and_told_which_one():
    client = SimpleNamespace(has_scope=lambda scope: scope == "referrals:read")
    with pytest.raises(PermissionDenied, match="lacks the scope offers:read"):
        operation(_request(client), offer_id=7)


@pytest.mark.parametrize("auth", [None, SimpleNamespace(is_authenticated=True)], ids=["no token", "a session user"])
def test_a_caller_that_is_not_an_api_client_is_refused(auth):
    with pytest.raises(PermissionDenied, match="needs an API client's token"):
        operation(_request(auth), offer_id=7)
