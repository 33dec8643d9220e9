"""The help guide as the HSDS 3.0 API, public and read-only, at `/api/hsds/`.

It follows the official HSDS 3.0 OpenAPI (`hsds_schema/openapi/openapi.json`, served at
`/api/hsds/openapi.json` with our title and server filled in): the same paths, parameters,
Page object and response schemas. The documents come from the export's mapping
(`hsds_api/documents.py`), the records from `hsds_api/selectors.py`. Every answer carries an
ETag and, where known, Last-Modified, and answers a conditional GET with 304.

A NinjaAPI of its own (namespace "hsds") beside the platform's `/api/v1/`: django-ninja parses
and types the query parameters; the API description is the official document rather than one
generated from our types, since the answers' schemas are HSDS's, not ours.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, reverse
from ninja import NinjaAPI

from lokalsundhed.core.access import public
from lokalsundhed.directory.hsds import HSDS_VERSION
from lokalsundhed.directory.hsds_api import documents, selectors
from lokalsundhed.directory.hsds_api.http import Paging, answer, bad_request, not_found, paged

OPENAPI_FILE = Path(__file__).resolve().parent / "hsds_schema" / "openapi" / "openapi.json"

api = NinjaAPI(
    title="lokalsundhed: the help guide (HSDS 3.0)",
    version=HSDS_VERSION,
    urls_namespace="hsds",
    openapi_url=None,
    docs_url=None,
)


# `minimal`: the fields a client needs to see what changed (and those HSDS requires).
MINIMAL = ("id", "name", "status", "last_modified")


class BadParameter(ValueError):
    """A query parameter that cannot be used: answered with 400."""


def _paging(page: int | None, per_page: int | None) -> Paging:
    if page is not None and page < 1:
        raise BadParameter("page starts at 1")
    if per_page is not None and per_page < 1:
        raise BadParameter("per_page must be at least 1")
    return Paging.of(page, per_page)


def _format(value: str | None) -> None:
    if value not in (None, "", "json"):
        raise BadParameter("only format=json is offered")


def _moment(value: str | None) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise BadParameter("modified_after must be an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise BadParameter("modified_after needs a time zone (e.g. 2026-01-31T00:00:00Z)")
    # Compared in UTC on every database (PostgreSQL refuses offsets past ±15:59).
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise BadParameter("modified_after is outside the years 1–9999 in UTC") from None


@api.exception_handler(BadParameter)
def _bad_parameter(request: HttpRequest, error: BadParameter) -> HttpResponse:
    return bad_request(str(error))


@cache
def _official_description() -> dict[str, Any]:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


@api.get("/", url_name="meta")
def meta(request: HttpRequest) -> HttpResponse:
    """What this API is: the HSDS version and where its OpenAPI description is."""
    return answer(request, {
        "version": HSDS_VERSION,
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
    })


@api.get("/openapi.json", url_name="openapi")
def openapi(request: HttpRequest) -> HttpResponse:
    """The official HSDS 3.0 OpenAPI with our title, licence and server."""
    description = dict(_official_description())
    description["info"] = {
        "title": "lokalsundhed: hjælpeguiden (Open Referral HSDS 3.0)",
        "version": HSDS_VERSION,
        "summary": "The local help guide of Danish municipalities in Open Referral HSDS 3.0.",
        "description": "Public and read-only. Every answer has an ETag (If-None-Match gives 304).",
        "license": {"name": "CC BY-SA 4.0 (the HSDS specification)",
                    "url": "https://creativecommons.org/licenses/by-sa/4.0/"},
    }
    description["servers"] = [{"url": request.build_absolute_uri(reverse("hsds:meta")).rstrip("/")}]
    return answer(request, description)


# --- Services ----------------------------------------------------------------------------------


@api.get("/services", url_name="services")
def services(request: HttpRequest, search: str | None = None, page: int | None = None,
             per_page: int | None = None, format: str | None = None,  # noqa: A002 (HSDS's name)
             taxonomy_term_id: str | None = None, taxonomy_id: str | None = None,
             organization_id: str | None = None, modified_after: str | None = None,
             minimal: bool = False, full: bool = False) -> HttpResponse:
    """A page of services: one-to-one fields with the organization; fully nested with `full`;
    only `id` and `last_modified` with `minimal`."""
    paging = _paging(page, per_page)
    _format(format)
    filters = selectors.ServiceFilters(search=search or "", taxonomy_term_id=taxonomy_term_id,
                                       taxonomy_id=taxonomy_id, organization_id=organization_id,
                                       modified_after=_moment(modified_after))
    qs = selectors.services(filters)
    total, newest = selectors.count_and_newest(qs, "last_modified")
    if full:
        qs = qs.select_related("municipality").prefetch_related("estates")

    def render(items: list[Any]) -> list[Any]:
        if full and not minimal:
            return documents.full_services(items)
        rows = [documents.service_row(s) for s in items]
        if minimal:
            return [{k: v for k, v in row.items() if k in MINIMAL} for row in rows]
        return rows

    return answer(request, paged(qs, total, paging, render), newest)


@api.get("/services/{id}", url_name="service")
def service(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002 (HSDS's name)
    """One service, fully nested."""
    found = selectors.service(id)
    if found is None:
        return not_found("No service with this id in the public help guide.")
    return answer(request, documents.full_services([found])[0], found.last_modified)


# --- Organizations -----------------------------------------------------------------------------


@api.get("/organizations", url_name="organizations")
def organizations(request: HttpRequest, search: str | None = None, full_service: bool = False,
                  full: bool = False, page: int | None = None, per_page: int | None = None,
                  format: str | None = None) -> HttpResponse:  # noqa: A002 (HSDS's name)
    """A page of organizations that run public services (one-to-one fields; nested with `full`)."""
    paging = _paging(page, per_page)
    _format(format)
    qs = selectors.organizations(search or "")
    total, _ = selectors.count_and_newest(qs)

    def render(items: list[Any]) -> list[Any]:
        if not full:
            return [documents.organization_row(o) for o in items]
        return [documents.full_organization(o, selectors.services_of(o), full_service=full_service)
                for o in items]

    return answer(request, paged(qs, total, paging, render))


@api.get("/organizations/{id}", url_name="organization")
def organization(request: HttpRequest, id: str, full_service: bool = False) -> HttpResponse:  # noqa: A002
    """One organization, fully nested, with its public services."""
    found = selectors.organization(id)
    if found is None:
        return not_found("No organization with this id runs a service in the public help guide.")
    services_run = list(selectors.services_of(found).prefetch_related("estates"))
    newest = max((s.last_modified for s in services_run if s.last_modified), default=None)
    return answer(request, documents.full_organization(found, services_run, full_service=full_service), newest)


# --- Services at locations ---------------------------------------------------------------------


@api.get("/service_at_locations", url_name="service_at_locations")
def service_at_locations(request: HttpRequest, search: str | None = None, taxonomy_term_id: str | None = None,
                         taxonomy_id: str | None = None, organization_id: str | None = None,
                         modified_after: str | None = None, full: bool = False, page: int | None = None,
                         per_page: int | None = None, format: str | None = None,  # noqa: A002
                         postcode: str | None = None, proximity: str | None = None) -> HttpResponse:
    """A page of services at their locations; `postcode` keeps the locations with that postcode."""
    paging = _paging(page, per_page)
    _format(format)
    if proximity not in (None, ""):
        raise BadParameter("proximity is not offered: the help guide has no postcode centroids")
    filters = selectors.ServiceFilters(search=search or "", taxonomy_term_id=taxonomy_term_id,
                                       taxonomy_id=taxonomy_id, organization_id=organization_id,
                                       modified_after=_moment(modified_after))
    qs = selectors.service_at_locations(filters)
    if postcode not in (None, ""):
        qs = qs.filter(location__addresses__postal_code=selectors.clean_text(postcode)).distinct()
    total, newest = selectors.count_and_newest(qs, "service__last_modified")
    if full:
        qs = qs.select_related("service__municipality").prefetch_related("service__estates")

    def render(items: list[Any]) -> list[Any]:
        if full:
            return documents.full_services_at_locations(items)
        return [documents.service_at_location_row(s) for s in items]

    return answer(request, paged(qs, total, paging, render), newest)


@api.get("/service_at_locations/{id}", url_name="service_at_location")
def service_at_location(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    """A service at one location, fully nested."""
    found = selectors.service_at_location(id)
    if found is None:
        return not_found("No service at a location with this id in the public help guide.")
    return answer(request, documents.full_service_at_location(found), found.service.last_modified)


# --- Taxonomies --------------------------------------------------------------------------------


@api.get("/taxonomies", url_name="taxonomies")
def taxonomies(request: HttpRequest, search: str | None = None, page: int | None = None,
               per_page: int | None = None, format: str | None = None) -> HttpResponse:  # noqa: A002
    paging = _paging(page, per_page)
    _format(format)
    qs = selectors.taxonomies(search or "")
    total, _ = selectors.count_and_newest(qs)
    return answer(request, paged(qs, total, paging, lambda items: [documents.taxonomy(t) for t in items]))


@api.get("/taxonomies/{id}", url_name="taxonomy")
def taxonomy(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    found = selectors.taxonomy(id)
    if found is None:
        return not_found("No taxonomy with this id.")
    return answer(request, documents.taxonomy(found))


@api.get("/taxonomy_terms", url_name="taxonomy_terms")
def taxonomy_terms(request: HttpRequest, search: str | None = None, page: int | None = None,
                   per_page: int | None = None, format: str | None = None,  # noqa: A002
                   taxonomy_id: str | None = None, top_only: bool = False,
                   parent_id: str | None = None) -> HttpResponse:
    paging = _paging(page, per_page)
    _format(format)
    qs = selectors.taxonomy_terms(search or "", taxonomy_id=taxonomy_id, parent_id=parent_id, top_only=top_only)
    total, _ = selectors.count_and_newest(qs)
    return answer(request, paged(qs, total, paging, lambda items: [documents.taxonomy_term(t) for t in items]))


@api.get("/taxonomy_terms/{id}", url_name="taxonomy_term")
def taxonomy_term(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    found = selectors.taxonomy_term(id)
    if found is None:
        return not_found("No taxonomy term with this id.")
    return answer(request, documents.taxonomy_term(found))


def urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns, each view declared public (core/access.py: default deny).
    Ninja's own root pattern is left out: our "/" (the HSDS meta information) answers there."""
    patterns, app_name, namespace = api.urls
    ours = [p for p in patterns if not (isinstance(p, URLPattern) and p.name == "api-root")]
    for pattern in ours:
        if isinstance(pattern, URLPattern):
            public(pattern.callback)
    return ours, app_name, namespace
