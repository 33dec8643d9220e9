"""A data subject's access request (GDPR Art. 15) for one resident: everything the exporting
user's organisations hold about them, one section per app (the registry in
`core/subject_access.py`), as JSON and as PDF.

The resident is found by their dwelling, by their mobile number or e-mail address, or both; a
first name narrows what those find. Staff names are never part of it.

The export is written in the language the resident reads (GDPR Art. 12: an intelligible form),
whatever the staff member's own: every heading, label, state, date and number is made under
`translation.override`, so the choice never reaches the staff member's pages. What people wrote
(descriptions, notes, status texts, offers' titles) stays as written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lokalsundhed.accounts.models import User
from lokalsundhed.core import subject_access as registry
from lokalsundhed.core.language_names import is_rtl
from lokalsundhed.core.pdf import (
    fetcher,
    pdf_unavailable_reason,  # noqa: F401  (the views ask here)
)
from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.subject_access import access_log

PDF_STYLESHEET = Path(__file__).with_name("export.css")
# Version 3: the dwelling may be null (a resident known only by mobile number or e-mail).
# Version 2 put the records in `sections`, one per app; version 1 had only `observations`.
FORMAT = "lokalsundhed/data-subject-export/3"


def _dwelling(dwelling: Dwelling | None) -> dict[str, Any] | None:
    if dwelling is None:
        return None
    estate = dwelling.estate
    return {
        "address": dwelling.address,
        "postcode": dwelling.postcode,
        "city": dwelling.city,
        "estate": estate.name,
        "housing_organisation": estate.housing_organisation.name,
    }


def collect(user: User, dwelling: Dwelling | None = None, first_name: str = "", phone: str = "",
            email: str = "", *, language: str | None = None) -> dict[str, Any]:
    """Everything the user's organisations hold about the resident, one section per app, and
    last what the access log says about those records; titles and labels in `language` (default:
    the active language)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return _collect(user, registry.Subject.of(dwelling, first_name, phone, email), language)


def _collect(user: User, subject: registry.Subject, language: str) -> dict[str, Any]:
    held = registry.sections(user, subject)
    return {
        "format": FORMAT,
        "language": language,
        "generated_at": timezone.now(),
        "subject": {
            "dwelling": _dwelling(subject.dwelling),
            "resident_first_name": subject.first_name or None,
            "phone": subject.phone or None,
            "email": subject.email or None,
        },
        "sections": [
            *({"key": s.key, "title": s.title, "found_by": s.found_by, "records": s.records} for s in held),
            {"key": access_log.KEY, "title": str(access_log.TITLE), "found_by": str(access_log.FOUND_BY),
             "records": access_log.entries(user, subject, held)},
        ],
    }


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def as_html(data: dict[str, Any]) -> str:
    """The export as the HTML page that becomes the PDF, in the export's language and direction:
    each section rendered by its app's template."""
    templates = {p.key: p.template for p in registry.providers()} | {access_log.KEY: access_log.TEMPLATE}
    sections = [{**section, "template": templates[section["key"]]} for section in data["sections"]]
    language = data["language"]
    with translation.override(language):
        return render_to_string("subject_access/export_pdf.html", {
            "data": data, "sections": sections, "language": language, "direction": "rtl" if is_rtl(language) else "ltr",
        })


def as_pdf(data: dict[str, Any]) -> bytes:
    """The export as a PDF (WeasyPrint). Check `pdf_unavailable_reason()` first."""
    from weasyprint import CSS, HTML

    refusing = fetcher()
    stylesheet = CSS(string=PDF_STYLESHEET.read_text(encoding="utf-8"), url_fetcher=refusing)
    return HTML(string=as_html(data), url_fetcher=refusing).write_pdf(stylesheets=[stylesheet])
