"""The yardstick of the pages benchmark: a bare Django view, served by the same processes.

`lokalsundhed.bench.bare_settings` is the project's settings with this URL configuration, so
`/bench/bare/` runs through the same granian workers, middleware and database as the product's
pages; the ratio of a page's requests per second to this view's is what the benchmark reports.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from lokalsundhed.core.access import public


@public
def bare(request: HttpRequest) -> HttpResponse:
    """Nothing but a response: the framework's floor on this machine."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), path("", include("lokalsundhed.urls"))]
handler403 = "lokalsundhed.core.views.permission_denied"
