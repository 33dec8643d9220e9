"""Paging, JSON and conditional GET (ETag / Last-Modified) for the HSDS API."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# Clients are asked to revalidate: a page is cheap to answer with 304.
MAX_AGE = 60


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @classmethod
    def of(cls, page: int | None, per_page: int | None) -> Paging:
        """Page 1 and 50 a page unless asked; more than 200 a page is given 200."""
        return cls(page=page or 1, per_page=min(per_page or DEFAULT_PER_PAGE, MAX_PER_PAGE))


def page_document(total: int, paging: Paging, contents: list[Any]) -> dict[str, Any]:
    """The HSDS Page object around `contents`."""
    total_pages = max(1, -(-total // paging.per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def window(total: int, paging: Paging) -> tuple[int, int] | None:
    """The slice of the page, or None past the last page (no query with a huge OFFSET)."""
    start = (paging.page - 1) * paging.per_page
    if start >= total:
        return None
    return start, start + paging.per_page


def paged(qs: Any, total: int, paging: Paging, render: Callable[[list[Any]], list[Any]]) -> dict[str, Any]:
    bounds = window(total, paging)
    items = list(qs[bounds[0]:bounds[1]]) if bounds else []
    return page_document(total, paging, render(items) if items else [])


def answer(request: HttpRequest, document: Any, last_modified: datetime | None = None) -> HttpResponse:
    """The document as JSON with a strong ETag of its bytes and Last-Modified when known;
    304 Not Modified when the client's copy (If-None-Match / If-Modified-Since) is current."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    stamp = int(last_modified.timestamp()) if last_modified else None
    conditional = get_conditional_response(request, etag=etag, last_modified=stamp)
    response = conditional or JsonResponse(document, safe=False, json_dumps_params={"ensure_ascii": False})
    if conditional is None:
        response.content = body
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def not_found(detail: str) -> HttpResponse:
    """RFC 9457 problem for an id that is not (or not any more) in the public help guide."""
    return JsonResponse({"type": "about:blank", "title": "Not Found", "status": 404, "detail": detail},
                        status=404, content_type="application/problem+json")


def bad_request(detail: str) -> HttpResponse:
    return JsonResponse({"type": "about:blank", "title": "Bad Request", "status": 400, "detail": detail},
                        status=400, content_type="application/problem+json")
