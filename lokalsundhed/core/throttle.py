"""The throttle of residents' public forms: every POST to a view declared `@public` is counted.

Two limits, both counted in the shared cache (the database or Redis: every app server sees the
same counts, nothing is kept in a process):
- per connection: PUBLIC_FORM_RATE_LIMIT POSTs per PUBLIC_FORM_RATE_WINDOW_SECONDS to one view from
  one IP address (an IPv6 address by its /64 network), in fixed windows. Generous, because many
  residents share one address (an estate's Wi-Fi, a course leader at a health centre's PC);
  attempts are counted, not successes;
- per recipient: PUBLIC_FORM_MESSAGES_PER_RECIPIENT messages a Danish day to one phone number or
  e-mail address, from forms that send one (`keeps_input(recipients=…)`): a form cannot be used to
  flood someone's phone, from however many addresses.

Cache keys and log lines hold a keyed hash (HMAC with SECRET_KEY) of an address or number, never
the value. The API's own rate limit (api/auth.py) counts per client in a table of the API; this
one has no client to count by, so it counts in the cache like the login limits.

`PublicFormThrottleMiddleware` counts and, over the limit, answers 429 with a page in the
resident's language. A view that shows a form declares `@keeps_input`: over the limit it runs
anyway, every form bound in that request is invalid with the refusal as its form-level error,
and the page is answered with 429, so the resident keeps what they typed.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import ipaddress
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lokalsundhed.core import cldr
from lokalsundhed.core.access import view_rule

if TYPE_CHECKING:
    from django import forms

logger = logging.getLogger("lokalsundhed.throttle")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# The machine interfaces (the REST API, the HSDS API) answer programs, not residents; the REST API
# has its own limit per client.
MACHINE_NAMESPACES = frozenset({"api-v1", "hsds"})

ViewFunc = Callable[..., HttpResponseBase]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Refusal:
    """Why a POST is refused, and when the resident may send again."""

    reason: str  # "connection" or "recipient"
    until: datetime

    @property
    def retry_after(self) -> int:
        """Whole seconds until the window ends (the Retry-After header)."""
        return max(1, math.ceil((self.until - now()).total_seconds()))

    def message(self) -> str:
        if self.reason == "recipient":
            return _("Too many messages have been sent to this phone number or e-mail address today. "
                     "Please try again tomorrow.")
        return _("Too many forms have been sent from this connection in a short time. "
                 "Please try again after %(time)s.") % {"time": _when(self.until)}


def now() -> datetime:
    """The clock of the windows (tests move it)."""
    return timezone.now()


def _when(moment: datetime) -> str:
    """The time of day, and the day too when it is not today, as the resident's language writes
    them ("21.30"; "tirsdag 8. december 01.05"), isolated so that a right-to-left line keeps it whole."""
    if timezone.localdate(moment) == timezone.localdate(now()):
        return f"\u2068{cldr.clock(moment)}\u2069"
    return f"\u2068{cldr.day_time(moment)}\u2069"


def digest(kind: str, value: str) -> str:
    """A keyed hash of an address or number: the same for the same value on every app server,
    and useless without SECRET_KEY."""
    key = str(settings.SECRET_KEY).encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:24]


def source(request: HttpRequest) -> str:
    """The connection a POST came from: REMOTE_ADDR, the address the access log records
    (audit.services.client_ip); an IPv6 address by its /64, which one household holds."""
    raw = str(request.META.get("REMOTE_ADDR") or "").strip().split("%", 1)[0]
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _count(key: str, timeout: int) -> int:
    """Add one to a counter in the shared cache and return it. Redis counts atomically; the
    database cache may lose a count when two servers add at the same moment, which only makes
    the limit a little more generous."""
    cache.add(key, 0, timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # the counter ran out between add and incr
        cache.add(key, 1, timeout)
        return 1


def count_post(request: HttpRequest, scope: str, scale: int = 1) -> Refusal | None:
    """Count one POST to `scope` (a view's name) from the request's connection; the refusal
    when that passes the limit, else None."""
    limit = settings.PUBLIC_FORM_RATE_LIMIT * scale
    if limit <= 0:
        return None
    window = settings.PUBLIC_FORM_RATE_WINDOW_SECONDS
    moment = now().timestamp()
    start = int(moment // window) * window
    key = f"throttle:post:{scope}:{digest('ip', source(request))}:{start}"
    if _count(key, window + 60) <= limit:
        return None
    return Refusal("connection", datetime.fromtimestamp(start + window, tz=timezone.get_current_timezone()))


def count_message(kind: str, value: str) -> Refusal | None:
    """Count one message to a phone number or e-mail address today (the Danish day); the
    refusal when that passes the limit, else None."""
    limit = settings.PUBLIC_FORM_MESSAGES_PER_RECIPIENT
    if limit <= 0 or not value:
        return None
    today = timezone.localdate(now())
    key = f"throttle:to:{kind}:{digest(kind, value.strip().lower())}:{today.isoformat()}"
    if _count(key, 25 * 60 * 60) <= limit:
        return None
    midnight = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=timezone.get_current_timezone())
    return Refusal("recipient", midnight)


def _log(request: HttpRequest, refusal: Refusal, response: HttpResponseBase) -> None:
    """One line per throttled request, with no address: Django's own line for a 4xx (the path, which
    may hold a private link's token) is left out."""
    response._has_been_logged = True  # type: ignore[attr-defined]
    match = request.resolver_match
    logger.warning("public form throttled: view=%s reason=%s source=%s retry_after=%s",
                   match.view_name if match else "?", refusal.reason, digest("ip", source(request))[:8],
                   refusal.retry_after)


def refusal_page(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """The 429 page in the resident's language, for a POST whose form cannot be shown again."""
    response = render(request, "429.html", {"message": refusal.message(), "back": request.get_full_path(),
                                            "page_languages": "resident"}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    _log(request, refusal, response)
    return response


class PublicFormThrottleMiddleware:
    """Counts every POST (any unsafe method) to a public view of ours; over the limit answers 429,
    or lets a `@keeps_input` view show its form again with the refusal. After the CSRF check
    and the access rule, so a forged or refused POST is not counted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if request.method in SAFE_METHODS or view_rule(view) != "public":
            return None
        match = request.resolver_match
        if match is None or MACHINE_NAMESPACES.intersection(match.namespaces):
            return None
        refusal = count_post(request, match.view_name, getattr(view, "throttle_scale", 1))
        if refusal is None:
            return None
        if getattr(view, "throttle_keeps_input", False):
            request.throttle_refusal = refusal  # type: ignore[attr-defined]
            return None
        return refusal_page(request, refusal)


# --- Forms that keep what was typed ---------------------------------------------------------------


@dataclass
class _FormState:
    refusal: Refusal | None
    recipients: tuple[str, ...]
    shown: bool = False


_current: contextvars.ContextVar[_FormState | None] = contextvars.ContextVar("throttle_form", default=None)


class _NotShown(Exception):
    """The view did not show the refusal on a form: undo what it wrote."""


def keeps_input(*, recipients: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Over the limit, the view's forms are invalid with the refusal at the top, and the page is
    answered 429 with what the resident typed. `recipients` names the fields of a form that
    sends a message (a phone number, an e-mail address): each is counted per day. Should the view
    answer without showing the refusal on a form, what it wrote is rolled back and the 429 page
    is answered instead."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method in SAFE_METHODS:
                return view(request, *args, **kwargs)
            state = _FormState(getattr(request, "throttle_refusal", None), recipients)
            token = _current.set(state)
            try:
                if state.refusal is None:
                    response = view(request, *args, **kwargs)
                else:
                    try:
                        with transaction.atomic():
                            response = view(request, *args, **kwargs)
                            if not state.shown or response.status_code != 200:
                                raise _NotShown
                    except _NotShown:
                        return refusal_page(request, state.refusal)
            finally:
                _current.reset(token)
            if state.refusal is not None and state.shown and response.status_code == 200:
                response.status_code = 429
                response["Retry-After"] = str(state.refusal.retry_after)
                _log(request, state.refusal, response)
            return response

        wrapper.throttle_keeps_input = True  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorator


def posts_per_form(scale: int) -> Callable[[F], F]:
    """A form sent in several POSTs (the questionnaire: one per question) gets `scale` times the
    limit, so a resident filling it in counts about as one form."""

    def decorator(view: F) -> F:
        view.throttle_scale = scale  # type: ignore[attr-defined]
        return view

    return decorator


def check_form(form: forms.BaseForm) -> None:
    """Called by every guarded form after cleaning (core/forms.py): in a POST over the limit, the
    refusal becomes the form's error; a form that would send a message counts its recipients."""
    state = _current.get()
    if state is None or not form.is_bound:
        return
    if state.refusal is None and not form.errors and state.recipients:
        for name in state.recipients:
            refusal = count_message(name, str(form.cleaned_data.get(name) or ""))
            state.refusal = state.refusal or refusal
    if state.refusal is not None:
        form.add_error(None, [state.refusal.message(), _("What you wrote is kept in the form below.")])
        state.shown = True
