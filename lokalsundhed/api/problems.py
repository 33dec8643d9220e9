"""Every error of the API as RFC 9457 `application/problem+json`.

`type` is a stable URI of ours per kind of problem, `title` a short summary, `status` the HTTP
status, `detail` what went wrong; a 422 lists each refused field in `errors` as
`{"field": "body.outcome", "detail": …}`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lokalsundhed.api.auth import RateLimited

logger = logging.getLogger("lokalsundhed.api")

PROBLEM_TYPE_BASE = "https://lokalsundhed.dk/problems/"
MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Invalid input",
    429: "Too many requests",
    500: "Server error",
}
TYPES = {
    400: "bad-request",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    422: "invalid-input",
    429: "rate-limited",
    500: "server-error",
}


class Conflict(Exception):
    """The request is valid but the record is not in a state that allows it (409)."""


class InvalidField(Exception):
    """One input field was refused after parsing (422 naming the field)."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.detail = detail


def problem(status: int, detail: str = "", *, request: HttpRequest | None = None, **extra: Any) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + TYPES.get(status, "error"),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or TITLES.get(status, "Error"),
    }
    if request is not None:
        body["instance"] = request.path
    body.update(extra)
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE)


def _field_name(loc: Any) -> str:
    parts = [str(part) for part in (loc or ())]
    # ninja wraps a whole body model as the parameter "payload"/"data": name the field itself.
    if len(parts) >= 3 and parts[0] == "body":
        parts = [parts[0], *parts[2:]]
    return ".".join(parts)


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field_name(error.get("loc")), "detail": str(error.get("msg", ""))} for error in exc.errors]
    names = ", ".join(e["field"] for e in errors) or "the request"
    return problem(422, f"Invalid value for {names}.", request=request, errors=errors)


def _invalid_field(request: HttpRequest, exc: InvalidField) -> HttpResponse:
    return problem(422, f"Invalid value for {exc.field}.", request=request,
                   errors=[{"field": exc.field, "detail": exc.detail}])


def _authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(401, "Send a valid, unexpired token: Authorization: Bearer <token>.", request=request)
    response["WWW-Authenticate"] = 'Bearer realm="lokalsundhed"'
    return response


def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = problem(429, f"Too many requests from this client; retry in {exc.retry_after} seconds.",
                       request=request)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, str(exc), request=request)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, "No such resource, or not one this client may see.", request=request)


def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(403, str(exc) or "The client's scopes do not allow this.", request=request)


def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(409, str(exc), request=request)


def _data_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(422, "A value could not be stored or compared (too long or not valid text).", request=request,
                   errors=[])


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error at %s", request.path, exc_info=exc)
    return problem(500, "Something went wrong on our side; it has been logged.", request=request)


def install(api: NinjaAPI) -> None:
    """Replace ninja's default error answers by problem documents."""
    add: Any = api.add_exception_handler  # ninja's stub types the handler's argument too narrowly
    add(Exception, _server_error)
    add(ValidationError, _validation)
    add(InvalidField, _invalid_field)
    add(AuthenticationError, _authentication)
    add(RateLimited, _rate_limited)
    add(HttpError, _http_error)
    add(Http404, _not_found)
    add(PermissionDenied, _forbidden)
    add(Conflict, _conflict)
    add(DataError, _data_error)


def as_problem(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """An error answer that is not yet a problem document (e.g. ninja's 405) made into one."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(MEDIA_TYPE):
        return response
    converted = problem(response.status_code, request=request)
    for header in ("Allow", "Retry-After", "WWW-Authenticate"):
        if header in response:
            converted[header] = response[header]
    return converted
