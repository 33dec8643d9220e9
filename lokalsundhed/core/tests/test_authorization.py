"""The authorization matrix, generated from the URL configuration.

Every URL of ours × every persona has an expected answer: each app keeps the rows of its URLs in
its `tests/matrix.py`, and this module holds only the machinery. A new URL without a row
fails `test_every_url_has_a_row`; a view without a declared access rule fails
`test_every_view_declares_an_access_rule` — and is refused at run time anyway.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lokalsundhed.core.access import is_trusted_third_party, view_rule
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import PERSONAS, World, build_world


def _app_matrices() -> list[Any]:
    """Each capability keeps the rows of its own URLs in `<app>/tests/matrix.py`: a dict `ROWS`
    of `Row` arguments and, where its rows need records, `add_to_world(world)`."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("lokalsundhed."):
            try:
                found.append(importlib.import_module(f"{config.name}.tests.matrix"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tests.matrix":
                    raise
    return found


APP_MATRICES = _app_matrices()


@dataclass(frozen=True)
class Row:
    """Who gets what at one URL. Personas not named in `ok` or `not_found` get 403;
    anonymous visitors are sent to the login page unless `public`."""

    ok: set[str]
    not_found: set[str] = field(default_factory=set)
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    method: str = "get"
    ok_status: int = 200
    public: bool = False

    def expected(self, persona: str) -> int:
        if persona == "anonymous":
            return self.ok_status if self.public else 302
        if persona in self.ok:
            return self.ok_status
        if persona in self.not_found:
            return 404
        return 403


MATRIX: dict[str, Row] = {name: Row(**spec) for matrix in APP_MATRICES for name, spec in matrix.ROWS.items()}


def _our_url_patterns(
    resolver: URLResolver | None = None, namespaces: tuple[str, ...] = ()
) -> Iterator[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _our_url_patterns(entry, (*namespaces, entry.namespace) if entry.namespace else namespaces)
        elif not is_trusted_third_party(entry.callback, namespaces):
            yield ":".join((*namespaces, str(entry.name))), entry


OUR_URLS = dict(_our_url_patterns())


def test_every_url_has_a_row():
    missing = sorted(set(OUR_URLS) - set(MATRIX))
    assert not missing, f"URLs without a row in the authorization matrix: {missing}"
    stale = sorted(set(MATRIX) - set(OUR_URLS))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def test_every_view_declares_an_access_rule():
    undeclared = sorted(name for name, pattern in OUR_URLS.items() if view_rule(pattern.callback) is None)
    assert not undeclared, f"Views without an access rule (add @public, @login_only or @require_perm): {undeclared}"


def matrix_world() -> World:
    """The authorization world with the records every app's matrix adds to it."""
    world = build_world()
    for matrix in APP_MATRICES:
        if hasattr(matrix, "add_to_world"):
            matrix.add_to_world(world)
    return world


@pytest.fixture
def world(db) -> World:
    return matrix_world()


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_the_matrix(client, world, url_name):
    row = MATRIX[url_name]
    url = reverse(url_name, kwargs=row.kwargs(world))
    answers: dict[str, int] = {}
    for persona in ["anonymous", *PERSONAS]:
        client.logout()
        if persona != "anonymous":
            log_in(client, world.users[persona])
        response = getattr(client, row.method)(url)
        answers[persona] = response.status_code
    expected = {persona: row.expected(persona) for persona in answers}
    wrong = {p: f"got {answers[p]}, expected {expected[p]}" for p in answers if answers[p] != expected[p]}
    assert not wrong, f"{url_name} ({url}): {wrong}"


def test_an_undeclared_view_is_refused(rf, world):
    """Default deny at run time: the middleware refuses a view of ours without a rule."""
    from django.core.exceptions import PermissionDenied

    from lokalsundhed.core.access import AccessPolicyMiddleware

    def naked_view(request):  # pragma: no cover — never reached
        raise AssertionError("the view must not run")

    naked_view.__module__ = "lokalsundhed.organisations.views"
    middleware = AccessPolicyMiddleware(lambda request: None)
    request = rf.get("/")
    request.user = world.users["housing_admin"]
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, naked_view, (), {})
