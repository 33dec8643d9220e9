"""The estate's A4 contact sheet (WeasyPrint): its text has the numbers the estate's staff need.

Skipped where WeasyPrint's system libraries are missing — except in CI (CI=true), which installs them."""

from __future__ import annotations

import io
import os

import pytest
from django.urls import reverse

from lokalsundhed.directory import contact_sheet

pytestmark = pytest.mark.django_db

AVAILABLE, WHY = contact_sheet.available()
needs_weasyprint = pytest.mark.skipif(
    not AVAILABLE and os.environ.get("CI") != "true", reason=f"WeasyPrint cannot run here: {WHY}"
)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@needs_weasyprint
def test_the_contact_sheet_has_the_estates_numbers(world, login):
    client = login(world.users["caretaker"])
    response = client.get(reverse("directory:contact_sheet", args=[world.estate_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Nørreparken" in text
    for number in ("112", "72 10 60 00", "70 11 22 33"):
        assert number in text, number
    # Services for another estate are not on this one's sheet.
    assert "Fredagscaféen" not in text
    assert len(_pdf_pages(response.content)) == 1


@needs_weasyprint
def test_the_sheet_fetches_its_font(world):
    from pypdf import PdfReader

    fonts = {str(font.get_object().get("/BaseFont", "")) for page in
             PdfReader(io.BytesIO(contact_sheet.render_pdf(world.estate_a))).pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("IBM-Plex-Sans" in name for name in fonts), fonts


def _pdf_pages(data: bytes) -> list:
    from pypdf import PdfReader

    return list(PdfReader(io.BytesIO(data)).pages)


def test_without_weasyprint_the_page_says_why(world, login, monkeypatch):
    monkeypatch.setattr(contact_sheet, "available", lambda: (False, "WeasyPrint is missing (test)"))
    client = login(world.users["caretaker"])
    response = client.get(reverse("directory:contact_sheet", args=[world.estate_a.pk]))
    assert response.status_code == 503
    assert "WeasyPrint is missing (test)" in response.content.decode()
