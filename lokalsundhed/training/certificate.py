"""The course certificate as a PDF (WeasyPrint), self-contained: nothing fetched while rendering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from lokalsundhed.core.pdf import pdf_unavailable_reason  # noqa: F401  (the views ask here)
from lokalsundhed.training.models import Enrolment

STYLESHEET = Path(__file__).with_name("certificate.css")


def _refuse_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"not fetched while rendering a certificate: {url[:60]}")


def as_html(enrolment: Enrolment) -> str:
    return render_to_string("training/certificate.html", {"enrolment": enrolment,
                                                          "module": enrolment.session.module})


def as_pdf(enrolment: Enrolment) -> bytes:
    """The certificate of a completed enrolment. Check `pdf_unavailable_reason()` first."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_refuse_fetching)
    return HTML(string=as_html(enrolment), url_fetcher=_refuse_fetching).write_pdf(stylesheets=[stylesheet])
