"""`/api/v1/outcomes/`: the anonymous outcome analysis for the REST API. The platform's API finds
`router` here and mounts it at `PREFIX`, behind its own token authentication.

- `GET /outcomes/offers/{offer_id}/report`: `analysis.report(...)` for one measured offer, as
  `Report.as_dict()` — the same figures as the report page, CSV and PDF, every figure built on
  fewer than five people `null`. For a client holding the `statistics:read` scope (analysts'
  `view_aggregates`), on the offers of its organisation's estates and partnerships; any other
  offer is 404. Never a person's answers.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Router

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import requires_scope
from lokalsundhed.outcomes import analysis, selectors

PREFIX = "outcomes"
SCOPE = "statistics:read"

router = Router(tags=["outcomes"])

@router.get("/offers/{offer_id}/report", summary="Outcome analysis of a measured offer (anonymous, suppressed under 5)",
            url_name="outcomes_offer_report")
@requires_scope(SCOPE)
def offer_report(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    caller: Any = request.auth  # type: ignore[attr-defined]
    offer = selectors.reported_offer(caller, offer_id)
    report = analysis.report(selectors.only(offer))
    record(actor=caller, action=Action.EXPORT, obj=offer, purpose=gettext_noop("anonymous outcome figures through the API"),
           request=request)
    return {"offer_id": offer.pk, "min_people": analysis.MIN_PEOPLE, **report.as_dict()}
