"""A user's active memberships kept in their session, so a staff page costs no memberships query.

The copy is stamped with `User.memberships_version`, which `accounts.services` bumps in the same
transaction as every change of a membership or of an organisation (`accounts/signals.py`). The user
row is read on every request anyway, so a stale copy is noticed on the very next request and read
again: a role taken away stops working at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.organisations.models import Organisation

SESSION_KEY = "memberships"


def _fields(model: type[Model]) -> list[Any]:
    return list(model._meta.concrete_fields)


def _row(obj: Model) -> list[Any]:
    return [getattr(obj, f.attname) for f in _fields(type(obj))]


def _build(model: type[Model], values: list[Any]) -> Any:
    fields = _fields(model)
    return model.from_db(DEFAULT_DB_ALIAS, [f.attname for f in fields],
                         [f.to_python(v) for f, v in zip(fields, values, strict=True)])


def encode(memberships: list[Membership]) -> str:
    return json.dumps([[_row(m), _row(m.organisation)] for m in memberships], cls=DjangoJSONEncoder)


def decode(data: str) -> list[Membership]:
    memberships = []
    for membership_values, organisation_values in json.loads(data):
        membership = _build(Membership, membership_values)
        membership.organisation = _build(Organisation, organisation_values)
        memberships.append(membership)
    return memberships


def attach(request: HttpRequest, user: User) -> None:
    """Give `user` its memberships from the session when the copy is current; else read and keep them."""
    session = request.session
    kept = session.get(SESSION_KEY)
    if isinstance(kept, dict) and kept.get("user") == user.pk and kept.get("version") == user.memberships_version:
        try:
            user.active_memberships = decode(kept["rows"])  # fills the cached_property
            return
        except (KeyError, TypeError, ValueError, LookupError):
            pass  # a copy from an older shape of the models: read it again
    session[SESSION_KEY] = {"user": user.pk, "version": user.memberships_version,
                            "rows": encode(user.active_memberships)}


class MembershipCacheMiddleware:
    """Placed right after AuthenticationMiddleware, before anything asks about roles."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            attach(request, user)
        return self.get_response(request)
