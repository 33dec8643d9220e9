"""A data subject's access request (GDPR Art. 15) for one resident: everything the exporting
user's organisations hold about them, as JSON and as PDF.

The resident is found by their dwelling, optionally narrowed by first name, and optionally by
their mobile number and e-mail address (sign-ups have no dwelling). Each app contributes one
section through the registry in `core/subject_access.py`; this module registers bridge-building's
(observations, signs, referrals, their state changes and status texts) and assembles the export.

Who exports what from bridge-building:
- an administrator of the housing organisation that owns the estate: every observation about
  the dwelling, sent on or not (the housing organisation holds them);
- an administrator of the estate's municipality: what the municipality holds, i.e. the
  observations that reached it as referrals.

Staff names are left out: they are not the resident's data. Other dwellings never appear; a
first name narrows the export to one resident of the dwelling.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core import subject_access as registry
from lokalsundhed.core.access import scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.organisations.scopes import estate_q
from lokalsundhed.referrals.models import Observation, Sign, Transition

PDF_STYLESHEET = Path(__file__).with_name("subject_export.css")
# Version 2: the records are in `sections`, one per app (version 1 had only `observations`).
FORMAT = "lokalsundhed/data-subject-export/2"


def exportable_dwellings(user: User) -> QuerySet[Dwelling]:
    """Dwellings in estates of the housing organisations and municipalities the user administers."""
    return scoped(user, Dwelling).filter(estate_q(user, Perm.EXPORT_SUBJECT_DATA, prefix="estate__"))


def _export_orgs(user: User) -> tuple[set[int], set[int]]:
    """(housing organisations, municipal organisations) in which the user may export."""
    allowed = user.organisation_ids_with(Perm.EXPORT_SUBJECT_DATA)
    housing = {m.organisation_id for m in user.active_memberships
               if m.organisation_id in allowed and not m.organisation.is_municipality}
    municipal = {m.organisation_id for m in user.active_memberships
                 if m.organisation_id in allowed and m.organisation.is_municipality}
    return housing, municipal


def acting_organisation_id(user: User, dwelling: Dwelling) -> int | None:
    """The organisation the export is made for: the owner of the estate, else its municipality."""
    housing, municipal = _export_orgs(user)
    if dwelling.estate.housing_organisation_id in housing:
        return dwelling.estate.housing_organisation_id
    return next((m.organisation_id for m in user.active_memberships if m.organisation_id in municipal
                 and m.organisation.municipality_id == dwelling.estate.municipality_id), None)


def observations_held(user: User, dwelling: Dwelling, first_name: str = "") -> QuerySet[Observation]:
    """The observations about `dwelling` that the user's organisations hold, oldest first."""
    housing, municipal = _export_orgs(user)
    held = Q(estate__housing_organisation_id__in=housing) | Q(referral__municipality_id__in=municipal)
    observations = Observation.objects.filter(held, dwelling=dwelling)
    if first_name.strip():
        observations = observations.filter(resident_first_name__iexact=first_name.strip())
    return observations


@registry.register(
    "bridge_building",
    title=_("Bridge-building"),
    found_by=_("Observations about the dwelling (with the first name, about that resident only)."),
    template="referrals/subject_access/section_bridge_building.html",
    order=10,
)
def bridge_building(user: User, subject: registry.Subject) -> list[dict[str, Any]]:
    """The observations held about the dwelling, with signs, referral and state changes: three queries."""
    observations = (
        observations_held(user, subject.dwelling, subject.first_name)
        .select_related("estate__housing_organisation", "legal_basis", "referral__unit", "referral__municipality")
        .prefetch_related(
            Prefetch("signs", queryset=Sign.objects.select_related("category").order_by("category__order", "order")),
            Prefetch("referral__transitions", queryset=Transition.objects.order_by("at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    return [_observation(o) for o in observations]


def collect(user: User, dwelling: Dwelling, first_name: str = "", phone: str = "",
            email: str = "") -> dict[str, Any]:
    """Everything the user's organisations hold about the resident, one section per app."""
    subject = registry.Subject.of(dwelling, first_name, phone, email)
    estate = dwelling.estate
    return {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "subject": {
            "dwelling": {
                "address": dwelling.address,
                "postcode": dwelling.postcode,
                "city": dwelling.city,
                "estate": estate.name,
                "housing_organisation": estate.housing_organisation.name,
            },
            "resident_first_name": subject.first_name or None,
            "phone": subject.phone or None,
            "email": subject.email or None,
        },
        "sections": [
            {"key": s.key, "title": s.title, "found_by": s.found_by, "records": s.records}
            for s in registry.sections(user, subject)
        ],
    }


def _observation(observation: Observation) -> dict[str, Any]:
    referral = getattr(observation, "referral", None)
    return {
        "id": observation.pk,
        "reported_at": observation.created_at,
        "reported_by_organisation": observation.estate.housing_organisation.name,
        "resident_first_name": observation.resident_first_name,
        "signs": [{"category": s.category.label, "sign": s.label} for s in observation.signs.all()],
        "description": observation.description,
        "urgency": observation.urgency,
        "urgency_label": str(observation.get_urgency_display()),
        "consent": observation.consent,
        "consent_label": str(observation.get_consent_display()),
        "legal_basis": observation.legal_basis.label if observation.legal_basis else None,
        "legal_basis_reason": observation.legal_basis_reason,
        "referral": None if referral is None else {
            "id": referral.pk,
            "municipality": referral.municipality.name,
            "unit": referral.unit.name,
            "routing_reason": referral.routing_reason,
            "state": referral.state,
            "state_label": str(referral.get_state_display()),
            "outcome": referral.outcome or None,
            "outcome_label": str(referral.get_outcome_display()) if referral.outcome else None,
            "status_text": referral.status_text,
            "return_reason": referral.return_reason,
            "sent_at": referral.sent_at,
            "deadline_at": referral.deadline_at,
            "received_at": referral.received_at,
            "taken_over_at": referral.taken_over_at,
            "closed_at": referral.closed_at,
            "escalated_at": referral.escalated_at,
            "state_changes": [
                {"at": t.at, "from": t.from_state or None, "to": t.to_state, "note": t.note}
                for t in referral.transitions.all()
            ],
        },
    }


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def as_html(data: dict[str, Any]) -> str:
    """The export as the HTML page that becomes the PDF: each section rendered by its app's template."""
    templates = {p.key: p.template for p in registry.providers()}
    sections = [{**section, "template": templates[section["key"]]} for section in data["sections"]]
    return render_to_string("referrals/subject_access/export_pdf.html", {"data": data, "sections": sections})


@functools.cache
def pdf_unavailable_reason() -> str | None:
    """Why this server cannot make PDFs (WeasyPrint missing, or Pango's libraries), or None."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _refuse_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The export is self-contained: no file or network address is ever read while rendering it.
    raise ValueError(f"not fetched while rendering an export: {url[:60]}")


def as_pdf(data: dict[str, Any]) -> bytes:
    """The export as a PDF (WeasyPrint). Check `pdf_unavailable_reason()` first."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=PDF_STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_refuse_fetching)
    return HTML(string=as_html(data), url_fetcher=_refuse_fetching).write_pdf(stylesheets=[stylesheet])
