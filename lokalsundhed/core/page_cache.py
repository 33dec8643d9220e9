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

Each app-server process also keeps the pages it served, and the generations it read, for
PAGE_CACHE_LOCAL_SECONDS (2 s): a busy page is then served with no query at all. A change made
in this process shows at once (its `invalidate` updates the local generation too); a change made
on another app server shows here within those seconds.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import OrderedDict
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


class _Local:
    """This process's short memory of pages and generations read from the shared cache: at most
    `size` pages, each trusted for PAGE_CACHE_LOCAL_SECONDS after it was read."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._generations: dict[str, tuple[float, str]] = {}
        self._pages: OrderedDict[str, tuple[float, str, dict[str, str], bytes]] = OrderedDict()

    def page(self, area: str, key: str) -> tuple[str, dict[str, str], bytes] | None:
        """(generation, headers, body) of a page read in the last seconds, while the generation
        this process knows of its area is as recent and the same; else None."""
        seconds = settings.PAGE_CACHE_LOCAL_SECONDS
        if seconds <= 0:
            return None
        now = time.monotonic()
        with self._lock:
            known, kept = self._generations.get(area), self._pages.get(key)
            if known is None or kept is None or now - known[0] >= seconds or now - kept[0] >= seconds:
                return None
            if kept[1] != known[1]:
                return None
            self._pages.move_to_end(key)
            return kept[1], kept[2], kept[3]

    def note_generation(self, area: str, generation: str) -> None:
        with self._lock:
            self._generations[area] = (time.monotonic(), generation)

    def keep(self, area: str, key: str, read_at: float, generation: str, headers: dict[str, str],
             body: bytes) -> None:
        """Keep a page read (or rendered) from the generation read at `read_at`. A generation this
        process started since (a change made meanwhile) stays: the page then no longer matches."""
        if settings.PAGE_CACHE_LOCAL_SECONDS <= 0:
            return
        with self._lock:
            known = self._generations.get(area)
            if known is None or known[0] <= read_at:
                self._generations[area] = (read_at, generation)
            self._pages[key] = (read_at, generation, headers, body)
            self._pages.move_to_end(key)
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._generations.clear()
            self._pages.clear()


_local = _Local()


def forget_local() -> None:
    """Empty this process's memory of pages (the tests do, with the shared cache)."""
    _local.clear()


def _generation_key(area: str) -> str:
    return f"pages:{area}:generation"


def _new_generation(area: str) -> None:
    generation = secrets.token_hex(8)
    cache.set(_generation_key(area), generation, None)
    _local.note_generation(area, generation)


def invalidate(area: str) -> None:
    """Drop every cached page of `area`: now, and again once the current transaction commits (a
    page rendered in between, from the rows before the change, is dropped by the second)."""
    _new_generation(area)
    transaction.on_commit(lambda: _new_generation(area))


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
            kept = _local.page(area, page_key)  # read in this process in the last seconds: no query
            if kept is None:
                read_at = time.monotonic()
                found = cache.get_many([generation_key, page_key])  # one read: the generation and the page
                generation = found.get(generation_key)
                if generation is None:
                    generation = secrets.token_hex(8)
                    cache.add(generation_key, generation, None)
                    generation = cache.get(generation_key, generation)
                kept = found.get(page_key)
                if kept is None or kept[0] != generation:
                    return _render_and_keep(view, request, args, kwargs, area, page_key, read_at, generation)
                _local.keep(area, page_key, read_at, *kept)
            _generation, headers, body = kept
            response = HttpResponse(body.replace(_PLACEHOLDER, get_token(request).encode()), headers=headers)
            response["X-Page-Cache"] = "hit"
            return response

        return wrapper

    return decorator


def _render_and_keep(view: Callable[..., HttpResponse], request: HttpRequest, args: Any, kwargs: Any,
                     area: str, page_key: str, read_at: float, generation: str) -> HttpResponse:
    response = view(request, *args, **kwargs)
    if response.status_code == 200 and not response.streaming and not response.cookies:
        # The view's own headers (type, file name); the middleware adds the rest to every answer.
        kept = (generation, dict(response.headers), _with_placeholder(response.content))
        cache.set(page_key, kept, settings.PAGE_CACHE_SECONDS)
        _local.keep(area, page_key, read_at, *kept)
    return response


def _with_placeholder(body: bytes) -> bytes:
    """The page with its CSRF token (one per rendering) replaced by a placeholder."""
    found = _TOKEN.search(body)
    if found is None:
        return body
    return body.replace(found.group(1) or found.group(2), _PLACEHOLDER)
