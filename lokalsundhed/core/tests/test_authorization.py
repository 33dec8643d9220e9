"""The authorization matrix, generated from the URL configuration.

Every URL of ours × every persona has an expected answer here. A new URL without a row
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

from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
from lokalsundhed.core.access import is_trusted_third_party, view_rule
from lokalsundhed.core.tests.world import PERSONAS, World, build_world
from lokalsundhed.referrals.subject_access import pdf_unavailable_reason

HOUSING_A = {"caretaker", "social_worker", "housing_admin", "housing_analyst"}
MUNICIPAL_M = {"intake", "unit_worker", "professional", "municipal_admin", "municipal_analyst", "auditor"}
OUTSIDERS = {"other_housing_caretaker", "other_municipality_intake", "other_municipality_admin"}
EVERYONE = set(PERSONAS)
REPORTERS = {"caretaker", "social_worker", "other_housing_caretaker"}
REFERRAL_WORKERS = {"intake", "unit_worker", "other_municipality_intake"}
AGGREGATE_READERS = {"housing_admin", "housing_analyst", "municipal_admin", "municipal_analyst", "other_municipality_admin"}


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


MATRIX: dict[str, Row] = {
    "core:home": Row(ok=EVERYONE),
    "core:residents": Row(ok=EVERYONE, public=True),
    "organisations:estate_list": Row(ok=EVERYONE),
    # Estate A: its housing organisation and its municipality; everyone else is told it does not exist.
    "organisations:estate_detail": Row(
        ok=HOUSING_A | MUNICIPAL_M, not_found=OUTSIDERS, kwargs=lambda w: {"pk": w.estate_a.pk}
    ),
    "organisations:partnership_list": Row(ok=EVERYONE),
    "organisations:partnership_detail": Row(
        ok=HOUSING_A | MUNICIPAL_M, not_found=OUTSIDERS, kwargs=lambda w: {"pk": w.partnership.pk}
    ),
    "accounts:member_list": Row(ok={"housing_admin", "municipal_admin", "other_municipality_admin"}),
    # Releasing the caretaker of A: only A's administrator; other administrators cannot find them.
    "accounts:member_release_lockout": Row(
        ok={"housing_admin"},
        not_found={"municipal_admin", "other_municipality_admin"},
        kwargs=lambda w: {"pk": w.users["caretaker"].pk},
        method="post",
        ok_status=302,
    ),
    "audit:entry_list": Row(ok={"auditor"}),
    # Bridge-building: housing staff report; the municipality works the queue.
    "referrals:observation_new": Row(ok=REPORTERS),
    "referrals:dwelling_search": Row(ok=REPORTERS, method="post"),
    "referrals:my_reports": Row(ok=REPORTERS),
    # The receipt is the reporter's own; colleagues cannot find it.
    "referrals:observation_receipt": Row(
        ok={"caretaker"}, not_found=REPORTERS - {"caretaker"}, kwargs=lambda w: {"pk": w.observation.pk}
    ),
    "referrals:queue": Row(ok=REFERRAL_WORKERS),
    # Routed to the default unit: intake sees it; a unit worker of another unit and another
    # municipality cannot find it.
    **{
        name: Row(
            ok={"intake"},
            not_found={"unit_worker", "other_municipality_intake"},
            kwargs=lambda w: {"pk": w.referral.pk},
            method=method,
            ok_status=status,
        )
        for name, method, status in [
            ("referrals:referral_detail", "get", 200),
            ("referrals:referral_receive", "post", 302),
            ("referrals:referral_claim", "post", 302),
            ("referrals:referral_take_over", "post", 302),
            ("referrals:referral_close", "post", 302),
            ("referrals:referral_return", "post", 302),
        ]
    },
    # Routing settings: municipal administrators, for their own municipality. A housing
    # organisation's administrator administers no municipality: refused (403), not an empty page.
    "referrals:routing_settings": Row(ok={"municipal_admin", "other_municipality_admin"}),
    **{
        name: Row(ok={"municipal_admin"}, not_found={"other_municipality_admin"},
                  kwargs=lambda w: {"municipality_pk": w.municipality_m.pk})
        for name in ("referrals:unit_new", "referrals:routing_grid", "referrals:deadlines", "referrals:retention")
    },
    "referrals:unit_edit": Row(
        ok={"municipal_admin"}, not_found={"other_municipality_admin"}, kwargs=lambda w: {"pk": w.referral.unit_id}
    ),
    # Numbers: analysts and administrators of the partnership's (or estate's) organisations.
    "referrals:numbers": Row(ok=AGGREGATE_READERS),
    **{
        name: Row(ok=AGGREGATE_READERS - {"other_municipality_admin"}, not_found={"other_municipality_admin"},
                  kwargs=kwargs)
        for name, kwargs in [
            ("referrals:numbers_partnership", lambda w: {"pk": w.partnership.pk}),
            ("referrals:numbers_partnership_csv", lambda w: {"pk": w.partnership.pk}),
            ("referrals:numbers_estate", lambda w: {"pk": w.estate_a.pk}),
            ("referrals:numbers_estate_csv", lambda w: {"pk": w.estate_a.pk}),
        ]
    },
    # A data subject's access request: administrators of the estate's housing organisation and
    # of its municipality; another municipality's administrator cannot find the dwelling.
    "referrals:subject_access": Row(ok={"housing_admin", "municipal_admin", "other_municipality_admin"}),
    **{
        name: Row(ok={"housing_admin", "municipal_admin"}, not_found={"other_municipality_admin"},
                  kwargs=lambda w: {"pk": w.observation.dwelling_id}, method=method, ok_status=status)
        for name, method, status in [
            ("referrals:subject_dwelling", "get", 200),
            ("referrals:subject_export_json", "post", 200),
            ("referrals:subject_export_pdf", "post", 200 if pdf_unavailable_reason() is None else 503),
        ]
    },
    # Every other capability: rows in its own tests/matrix.py.
    **{name: Row(**spec) for matrix in APP_MATRICES for name, spec in matrix.ROWS.items()},
}


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


@pytest.fixture
def world(db) -> World:
    from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe

    world = build_world()
    ReceivingUnitFactory(municipality=world.municipality_m, name="Én Indgang", is_default=True)
    ReceivingUnitFactory(municipality=world.municipality_m, name="Hjemmeplejen").members.add(
        world.users["unit_worker"]
    )
    world.observation = observe(world.users["caretaker"], world.estate_a, "falls")  # type: ignore[attr-defined]
    world.referral = world.observation.referral  # type: ignore[attr-defined]
    for matrix in APP_MATRICES:
        if hasattr(matrix, "add_to_world"):
            matrix.add_to_world(world)
    return world


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_the_matrix(client, world, url_name):
    row = MATRIX[url_name]
    url = reverse(url_name, kwargs=row.kwargs(world))
    answers: dict[str, int] = {}
    for persona in ["anonymous", *PERSONAS]:
        client.logout()
        if persona != "anonymous":
            client.force_login(world.users[persona])
            session = client.session
            session[TWO_FACTOR_OK_KEY] = True
            session.save()
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
