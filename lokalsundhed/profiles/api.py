"""`/api/v1/statistics/`: statistics as JSON-stat 2.0. Mounted by the platform's API, which
finds `router` here and mounts it at `PREFIX`.

- `GET /statistics/`: a JSON-stat collection of every imported table, and of the platform's
  own datasets for a principal who may see aggregates.
- `GET /statistics/{table_id}`: one dataset. Imported public tables need no token. The
  platform's own figures need an authenticated principal holding `view_aggregates`; they cover
  only the estates that principal may see, and counts of 1–4 are suppressed.

Both operations are public; the caller is recognised through `core.access.request_principal`
(an API client's token, resolved by the API app, or a logged-in session), so this router needs
no knowledge of how tokens are kept.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_noop
from ninja import Router
from ninja.errors import HttpError

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import request_principal
from lokalsundhed.core.permissions import Perm
from lokalsundhed.profiles import jsonstat
from lokalsundhed.profiles.models import StatisticsTable

PREFIX = "statistics"
JSON_STAT = "application/json"
DEFAULT_MONTHS = 24

router = Router(tags=["statistics"])


def principal(request: HttpRequest) -> Any | None:
    """Who asks for the platform's own figures: an API client (by its token) or a logged-in member
    of staff (core.access.request_principal); None for anyone else."""
    return request_principal(request)


def _href(request: HttpRequest, table_id: str) -> str:
    """The dataset's address beside the collection's, wherever the router is mounted."""
    base = request.path.split(f"/{PREFIX}", 1)[0]
    return request.build_absolute_uri(f"{base}/{PREFIX}/{table_id}")


def _json(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False}, content_type=JSON_STAT)


# Public operations: imported tables are open to anyone; a caller recognised by its token or
# session also finds the platform's own figures (view_aggregates, small counts suppressed).
@router.get("", summary="Statistics tables (JSON-stat collection)", auth=None, url_name="statistics_list")
def statistics_list(request: HttpRequest) -> JsonResponse:
    items = [(t.table_id, t.label, _href(request, t.table_id))
             for t in StatisticsTable.objects.order_by("table_id").only("table_id", "label")]
    user = principal(request)
    if user is not None and user.has_role_perm(Perm.VIEW_AGGREGATES):
        items += [(table_id, str(label), _href(request, table_id))
                  for table_id, (label, _build) in jsonstat.OWN_DATASETS.items()]
    return _json(jsonstat.collection(items, "lokalsundhed: statistics"))


@router.get("/{table_id}", summary="One statistics table (JSON-stat dataset)", auth=None,
            url_name="statistics_dataset")
def statistics_dataset(request: HttpRequest, table_id: str, since: date | None = None) -> JsonResponse:
    table_id = table_id.upper()
    if table_id in jsonstat.OWN_DATASETS:
        user = principal(request)
        if user is None:
            raise HttpError(401, "The platform's own figures need a token or a login.")
        if not user.has_role_perm(Perm.VIEW_AGGREGATES):
            raise HttpError(403, "The platform's own figures need the view_aggregates permission.")
        # From the first of the month `since` falls in: each cell is a whole month, and a month
        # counted from a later day would differ from the whole by a few days' count.
        start = (since or timezone.localdate() - timedelta(days=31 * DEFAULT_MONTHS)).replace(day=1)
        _label, build = jsonstat.OWN_DATASETS[table_id]
        cube = build(user, start)
        record(actor=user, action=Action.EXPORT, object_type="profiles.owndataset", object_id=table_id,
               purpose=gettext_noop("anonymous figures as JSON-stat"), request=request)
        return _json(cube.as_json_stat())
    table = StatisticsTable.objects.filter(table_id=table_id).first()
    if table is None:
        raise HttpError(404, "No such table.")
    return _json(jsonstat.dataset(table))
