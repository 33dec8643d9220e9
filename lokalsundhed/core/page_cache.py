"""Residents' pages from the shared cache: per page and language, dropped at once on a change.

A residents' page is the same for every reader of one language, so the first reader's rendering
is kept in the cache (the database or Redis, shared by every app server) and served to the next
in one cache read. Each area of pages (the calendar, the help guide) has a generation number;
the services and signals that change what the pages show call `invalidate(area)`, which starts a
new generation, so a stale page is never served after the change. The clock (a time passing,
"the next two weeks") catches up within PAGE_CACHE_SECONDS.

What is never cached: anything but GET and HEAD, a reader with a session (staff, or a resident
with a message waiting: their page is their own), a search with what a resident typed, and any
answer but 200. The CSRF token in a
page is a placeholder in the cache and each reader's own token when served.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

_PLACEHOLDER = b"__csrf_token_placeholder__"
_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"|"X-CSRFToken": "([A-Za-z0-9]{32,64})"')
_MESSAGES_COOKIE = "messages"


def _generation_key(area: str) -> str:
    return f"pages:{area}:generation"


def invalidate(area: str) -> None:
    """Drop every cached page of `area`: now, and again once the current transaction commits (a
    page rendered in between, from the rows before the change, is dropped by the second)."""
    cache.set(_generation_key(area), secrets.token_hex(8), None)
    transaction.on_commit(lambda: cache.set(_generation_key(area), secrets.token_hex(8), None))


def _cacheable(request: HttpRequest, free_text: tuple[str, ...]) -> bool:
    return (settings.PAGE_CACHE_SECONDS > 0 and request.method in {"GET", "HEAD"} and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and _MESSAGES_COOKIE not in request.COOKIES and not any(request.GET.get(p) for p in free_text))


def _page_key(area: str, request: HttpRequest) -> str:
    # Hashed: the address may be long, and the cache's keys are no place to read it back.
    page = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pages:{area}:{get_language() or settings.LANGUAGE_CODE}:{page}"


def cached_page(area: str, *, free_text: tuple[str, ...] = ()
                ) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Serve a residents' view from the cache, per page (path and query) and language. A page
    asked with one of the `free_text` parameters (what a resident typed) is never kept."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request, free_text):
                return view(request, *args, **kwargs)
            generation_key, page_key = _generation_key(area), _page_key(area, request)
            found = cache.get_many([generation_key, page_key])  # one read: the generation and the page
            generation = found.get(generation_key)
            if generation is None:
                generation = secrets.token_hex(8)
                cache.add(generation_key, generation, None)
                generation = cache.get(generation_key, generation)
            kept = found.get(page_key)
            if kept is not None and kept[0] == generation:
                _generation, headers, body = kept
                response = HttpResponse(body.replace(_PLACEHOLDER, get_token(request).encode()), headers=headers)
                response["X-Page-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                # The view's own headers (type, file name); the middleware adds the rest to every answer.
                cache.set(page_key, (generation, dict(response.headers), _with_placeholder(response.content)),
                          settings.PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def _with_placeholder(body: bytes) -> bytes:
    """The page with its CSRF token (one per rendering) replaced by a placeholder."""
    found = _TOKEN.search(body)
    if found is None:
        return body
    return body.replace(found.group(1) or found.group(2), _PLACEHOLDER)
