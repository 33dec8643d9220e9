"""The yardstick of the pages benchmark: a bare Django view, served by the same processes.

`lokalsundhed.bench.bare_settings` is the project's settings with this URL configuration, so
`/bench/bare/` runs through the same granian workers, middleware and database as the product's
pages; the ratio of a page's requests per second to this view's is what the benchmark reports.
`/bench/layout/` is the other end: a logged-in member's empty page (session, user, memberships,
the staff layout with its menu, no content), what every staff page costs before its own work.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path

from lokalsundhed.core.access import login_only, public


@public
def bare(request: HttpRequest) -> HttpResponse:
    """Nothing but a response: the framework's floor on this machine."""
    return HttpResponse("ok", content_type="text/plain")


_EMPTY = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}—{% endblock %}{% block content %}{% endblock %}')


@login_only
def layout(request: HttpRequest) -> HttpResponse:
    """A staff page with nothing on it: the floor of every staff page."""
    return HttpResponse(_EMPTY.render({}, request))


urlpatterns = [path("bench/bare/", bare), path("bench/layout/", layout), path("", include("lokalsundhed.urls"))]
handler403 = "lokalsundhed.core.views.permission_denied"
