"""The course certificate as a PDF (WeasyPrint), self-contained: nothing fetched while rendering."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from lokalsundhed.core.pdf import (
    fetcher,
    pdf_unavailable_reason,  # noqa: F401  (the views ask here)
)
from lokalsundhed.training.models import Enrolment

STYLESHEET = Path(__file__).with_name("certificate.css")


def as_html(enrolment: Enrolment) -> str:
    return render_to_string("training/certificate.html", {"enrolment": enrolment,
                                                          "module": enrolment.session.module})


def as_pdf(enrolment: Enrolment) -> bytes:
    """The certificate of a completed enrolment. Check `pdf_unavailable_reason()` first."""
    from weasyprint import CSS, HTML

    refusing = fetcher()
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=refusing)
    return HTML(string=as_html(enrolment), url_fetcher=refusing).write_pdf(stylesheets=[stylesheet])
