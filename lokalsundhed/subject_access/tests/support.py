"""Helpers for the access-request tests of every app that registers a section."""

from __future__ import annotations

import io
import json
import os
from typing import Any

import pytest
from django.urls import reverse

from lokalsundhed.subject_access.export import pdf_unavailable_reason

PDF_MISSING = pdf_unavailable_reason()
needs_pdf = pytest.mark.skipif(
    PDF_MISSING is not None and os.environ.get("CI") != "true",
    reason=f"WeasyPrint cannot run here ({PDF_MISSING}); CI=true runs this test and fails without it",
)


def export_subject(client, dwelling=None, kind: str = "json", **fields: str):
    """POST the access-request form (first_name, phone, email) and download the export: about
    `dwelling`, or, without one, about the resident the phone or e-mail finds."""
    if dwelling is None:
        return client.post(reverse(f"subject_access:resident_{kind}"), fields)
    return client.post(reverse(f"subject_access:dwelling_{kind}", args=[dwelling.pk]), fields)


def exported_section(response, key: str) -> list[dict[str, Any]]:
    """The records of one section of a JSON export."""
    data = json.loads(response.content)
    return next(s for s in data["sections"] if s["key"] == key)["records"]


def pdf_text(response) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
