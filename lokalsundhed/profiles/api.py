"""`/api/v1/statistics/`: statistics as JSON-stat 2.0. Mounted by the platform's API, which
finds `router` here and mounts it at `PREFIX`.

- `GET /statistics/`: a JSON-stat collection of every imported table, and of the platform's
  own datasets for a principal who may see aggregates.
- `GET /statistics/{table_id}`: one dataset. Imported public tables need no token. The
  platform's own figures need an authenticated principal holding `view_aggregates`; they cover
  only the estates that principal may see, and counts of 1–4 are suppressed.

Both endpoints run the API's own authentication (a token sets `request.auth`) with an
anonymous fallback after it (`optional_auth`), and take a logged-in session where there is no
token; so this router needs no knowledge of how tokens are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from ninja import Router
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.permissions import Perm
from lokalsundhed.profiles import jsonstat
from lokalsundhed.profiles.models import StatisticsTable

PREFIX = "statistics"
JSON_STAT = "application/json"
DEFAULT_MONTHS = 24

router = Router(tags=["statistics"])


class _Anonymous:
    """What the fallback authentication gives a request without a usable token."""

    def __bool__(self) -> bool:
        return True


ANONYMOUS = _Anonymous()


def _anonymous(request: HttpRequest) -> _Anonymous:
    return ANONYMOUS


def optional_auth(run: Callable[..., Any]) -> Callable[..., Any]:
    """Run the API's own authentication (whatever it is), but let a request without a token
    through as anonymous: public tables are open, own figures then ask for a principal. Applied
    through `decorate_view`, so it follows each mount of the router."""
    operation = getattr(run, "__self__", None)

    @wraps(run)
    def wrapped(request: HttpRequest, **kwargs: Any) -> Any:
        callbacks = list(getattr(operation, "auth_callbacks", []) or [])
        if callbacks and _anonymous not in callbacks:
            operation.auth_callbacks = [*callbacks, _anonymous]  # type: ignore[union-attr]
        return run(request, **kwargs)

    return wrapped


def principal(request: HttpRequest) -> Any | None:
    """The user behind the request: from the API's token authentication, else the session."""
    auth = getattr(request, "auth", None)
    user = None
    if auth is not None and auth is not ANONYMOUS:
        user = auth if hasattr(auth, "has_role_perm") else getattr(auth, "user", None)
    if user is None:
        session_user = getattr(request, "user", None)
        user = session_user if getattr(session_user, "is_authenticated", False) else None
    if user is not None and not getattr(user, "is_active", False):
        return None
    return user


def _href(request: HttpRequest, table_id: str) -> str:
    base = request.build_absolute_uri(request.path)
    base = base if base.endswith("/") else base.rsplit("/", 1)[0] + "/"
    return f"{base}{table_id}"


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False}, content_type=JSON_STAT)


@router.get("/", summary="Statistics tables (JSON-stat collection)")
@decorate_view(optional_auth)
def statistics_list(request: HttpRequest) -> JsonResponse:
    items = [(t.table_id, t.label, _href(request, t.table_id))
             for t in StatisticsTable.objects.order_by("table_id").only("table_id", "label")]
    user = principal(request)
    if user is not None and user.has_role_perm(Perm.VIEW_AGGREGATES):
        items += [(table_id, str(label), _href(request, table_id))
                  for table_id, (label, _build) in jsonstat.OWN_DATASETS.items()]
    return _json(jsonstat.collection(items, "lokalsundhed: statistics"))


@router.get("/{table_id}", summary="One statistics table (JSON-stat dataset)")
@decorate_view(optional_auth)
def statistics_dataset(request: HttpRequest, table_id: str, since: date | None = None) -> JsonResponse:
    table_id = table_id.upper()
    if table_id in jsonstat.OWN_DATASETS:
        user = principal(request)
        if user is None:
            raise HttpError(401, "The platform's own figures need a token or a login.")
        if not user.has_role_perm(Perm.VIEW_AGGREGATES):
            raise HttpError(403, "The platform's own figures need the view_aggregates permission.")
        start = since or (timezone.localdate() - timedelta(days=31 * DEFAULT_MONTHS)).replace(day=1)
        _label, build = jsonstat.OWN_DATASETS[table_id]
        cube = build(user, start)
        record(actor=user, action=Action.EXPORT, object_type="profiles.owndataset", object_id=table_id,
               purpose="anonymous figures as JSON-stat", request=request)
        return _json(cube.as_json_stat())
    table = StatisticsTable.objects.filter(table_id=table_id).first()
    if table is None:
        raise HttpError(404, "No such table.")
    return _json(jsonstat.dataset(table))
