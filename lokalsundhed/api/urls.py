"""/api/v1/: the NinjaAPI's URLs, each declared as token-authenticated (the API checks each
operation's token and scope itself), every error answered as a problem document."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path, reverse
from django.views.decorators.csrf import csrf_exempt

from lokalsundhed.api import views
from lokalsundhed.api.problems import as_problem, problem
from lokalsundhed.api.v1 import api
from lokalsundhed.core.access import public


def _declared(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return as_problem(view(request, *args, **kwargs), request)
        except Http404:
            return problem(404, "No such resource.", request=request)

    # Default deny still holds: every operation but the public reads requires a client token.
    wrapper.access_rule = "api-token"  # type: ignore[attr-defined]
    return wrapper


@public
@csrf_exempt
def index(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """/api/v1/: where the description and the documentation are."""
    return JsonResponse({"openapi": reverse("api:api-v1:openapi-json"), "docs": reverse("api:api-v1:openapi-view")})


def _declare_all(patterns: list[Any]) -> list[Any]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _declare_all(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = index if entry.name == "api-root" else _declared(entry.callback)
    return patterns


@public
@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/v1/: a problem document, not the HTML page."""
    return problem(404, "No such resource.", request=request)


api_patterns, _app_name, namespace = api.urls
# [\s\S], not ".": a path with a line break in it is still ours to answer.
api_patterns = [*_declare_all(api_patterns), re_path(r"^(?P<rest>[\s\S]*)$", not_found, name="not_found")]

app_name = "api"
urlpatterns = [
    path("api/v1/", include((api_patterns, namespace), namespace=namespace)),
    path("indstillinger/api/", views.client_list, name="client_list"),
    path("indstillinger/api/<int:pk>/tilbagekald/", views.client_revoke, name="client_revoke"),
    path("indstillinger/api/godkendelser/", views.client_approvals, name="client_approvals"),
    path("indstillinger/api/<int:pk>/godkend/", views.client_decide, name="client_decide"),
    path("indstillinger/api/webhooks/", views.webhook_new, name="webhook_new"),
    path("indstillinger/api/webhooks/<int:pk>/fjern/", views.webhook_remove, name="webhook_remove"),
]
