"""Shared helpers of the page tests: logging in as after a second factor, the bridge-building
world, and downloading a data subject's export. Every app's tests use these, never another app's."""

from __future__ import annotations

import io
import json
import os
from typing import Any

import pytest
from django.urls import reverse

from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
from lokalsundhed.core.tests.world import World, build_world
from lokalsundhed.referrals.subject_access import pdf_unavailable_reason
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory

PDF_MISSING = pdf_unavailable_reason()
needs_pdf = pytest.mark.skipif(
    PDF_MISSING is not None and os.environ.get("CI") != "true",
    reason=f"WeasyPrint cannot run here ({PDF_MISSING}); CI=true runs this test and fails without it",
)


def log_in(client, user) -> None:
    """Logged in as after a second factor."""
    client.force_login(user)
    session = client.session
    session[TWO_FACTOR_OK_KEY] = True
    session.save()


def bridge_world() -> World:
    """The authorization world with Fredericia's default unit (intake) and a psychiatry unit."""
    world = build_world()
    world.default_unit = ReceivingUnitFactory(  # type: ignore[attr-defined]
        municipality=world.municipality_m, name="Én Indgang", is_default=True
    )
    world.psychiatry = ReceivingUnitFactory(  # type: ignore[attr-defined]
        municipality=world.municipality_m, name="Socialpsykiatri", kind="social_psychiatry"
    )
    world.psychiatry.members.add(world.users["unit_worker"])
    return world


def export_subject(client, dwelling, kind: str = "json", **fields: str):
    """POST the access-request form for `dwelling` (first_name, phone, email) and download the export."""
    return client.post(reverse(f"referrals:subject_export_{kind}", args=[dwelling.pk]), fields)


def exported_section(response, key: str) -> list[dict[str, Any]]:
    """The records of one section of a JSON export."""
    data = json.loads(response.content)
    return next(s for s in data["sections"] if s["key"] == key)["records"]


def pdf_text(response) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
