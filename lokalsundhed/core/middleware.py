"""Middleware answered before sessions, auth or CSRF are touched: health checks, NUL bytes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict


def health_check_middleware(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """`/healthz`: the process answers. `/readyz`: and the database answers too."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            except Exception:  # noqa: BLE001 — any database failure means "not ready"
                return JsonResponse({"status": "database unavailable"}, status=503)
            return JsonResponse({"status": "ok"})
        return get_response(request)

    return middleware



class RefuseNulBytesMiddleware:
    """A NUL byte in the path is a page that cannot exist (404); in a query or a form, a bad request (400).

    PostgreSQL cannot hold NUL in text, so any such value that reaches a query on a text column
    (a private link's token, a municipality code, a search) fails with a server error. Nothing
    we serve or store has a NUL in it, so the one place to refuse it is here, before any view,
    session or login code reads the request. A cookie holding NUL is dropped (it cannot be
    ours, and a session cookie is looked up in a text column): the visitor carries on without it.
    Posted forms are read in `process_view`, when the CSRF check reads them anyway, and not
    for a view exempt from that check (it may read its upload its own way).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or "\x00" in request.path:
            raise Http404
        if _has_nul(request.GET):
            if request.path_info.startswith("/api/"):  # the APIs answer in problem+json (RFC 9457)
                return JsonResponse({"type": "about:blank", "title": "Bad request", "status": 400,
                                     "detail": "A query parameter holds a NUL byte."},
                                    status=400, content_type="application/problem+json")
            raise BadRequest("NUL byte in the query")
        for name in [name for name, value in request.COOKIES.items() if "\x00" in name + value]:
            del request.COOKIES[name]
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], *args: Any) -> None:
        if request.method == "POST" and not getattr(view_func, "csrf_exempt", False) and _has_nul(request.POST):
            raise BadRequest("NUL byte in the form")


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)
