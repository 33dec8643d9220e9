"""Which languages a page may be shown in.

Staff pages speak Danish and English (settings.STAFF_LANGUAGES); pages for residents also
speak the resident languages (settings.RESIDENT_LANGUAGES, e.g. Arabic, right to left). All of
them are in settings.LANGUAGES so that Django's language switch and LocaleMiddleware know
them; this middleware keeps a staff page in Danish when the visitor's language is a resident
language only.

Volunteers are mostly residents: a logged-in person with no staff role (a volunteer) reads every
page in the resident languages — their shifts, their overview, a 403 — and so does anyone on the
login by a code sent by e-mail, which is how volunteers log in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def resident_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view as a residents' page: it may be shown in every resident language."""
    view.resident_page = True  # type: ignore[attr-defined]
    return view


def is_resident_page(view: Any) -> bool:
    return bool(getattr(view, "resident_page", False) or getattr(getattr(view, "view_class", None), "resident_page", False))


# allauth's login by a code sent by e-mail (our templates: templates/account/): volunteers log in there.
RESIDENT_URL_NAMES = frozenset({"account_request_login_code", "account_confirm_login_code"})


def reads_as_resident(user: Any) -> bool:
    """A logged-in person without any staff role or staff flag: a volunteer."""
    return bool(getattr(user, "is_authenticated", False) and not user.is_staff and not user.is_superuser
                and not user.active_memberships)


def speaks_resident_languages(request: HttpRequest, view: Any) -> bool:
    """Whether this page may be shown in every resident language."""
    match = request.resolver_match
    return (is_resident_page(view) or (match is not None and match.url_name in RESIDENT_URL_NAMES)
            or reads_as_resident(getattr(request, "user", None)))


class StaffLanguageMiddleware:
    """After LocaleMiddleware: a language staff pages do not speak falls back to the default."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        if speaks_resident_languages(request, view):
            # The language switch (templatetags/languages.py) then offers them all.
            request.page_languages = "resident"  # type: ignore[attr-defined]
            return
        if translation.get_language() not in settings.STAFF_LANGUAGES:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
