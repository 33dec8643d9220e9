"""The estate's contact sheet: one A4 page for the caretakers' notice board, made by WeasyPrint.

WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0) and fonts (fonts-noto-core
for non-Latin scripts). Where they are missing, `available()` says so and the page explains it
instead of failing.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lokalsundhed.core.pdf import fetcher, pdf_unavailable_reason
from lokalsundhed.directory import selectors
from lokalsundhed.directory.models import GuidanceCard, Service
from lokalsundhed.organisations.models import Estate

PER_NEED = 3  # services per need: the sheet is one A4 page
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core"
FONT = "vendor/dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-Regular.ttf"
# Numbers every estate needs, whatever the directory holds.
EMERGENCY = [
    ("112", "Akut fare: ambulance, brand, politi"),
    ("114", "Politiet, når det ikke haster"),
    ("70 201 201", "Livslinien: samtale ved selvmordstanker"),
]


@cache
def available() -> tuple[bool, str]:
    """(True, "") when WeasyPrint and its system libraries load; else (False, why)."""
    error = pdf_unavailable_reason()
    if error is not None:
        return False, _("The PDF cannot be made on this server: %(error)s. Install WeasyPrint's system "
                        "libraries (Debian: %(packages)s).") % {"error": error, "packages": SYSTEM_PACKAGES}
    return True, ""


def sections(estate: Estate) -> list[tuple[str, list[Service]]]:
    """The estate's active services grouped by need, each with its phones (a fixed number of queries)."""
    services = list(
        selectors.find(Service.objects.select_related("organization"), selectors.Filters(estate=estate))
        .filter(status=Service.Status.ACTIVE)[:60]
    )
    selectors.for_result_page(services)
    # The services the municipality's guidance cards name come first in their section.
    named = set(
        GuidanceCard.services.through.objects.filter(guidancecard__municipality_id=estate.municipality_id)
        .values_list("service_id", flat=True)
    )
    services.sort(key=lambda s: (s.pk not in named, s.name))
    grouped: dict[str, list[Service]] = {}
    for service in services:
        if not service.phone_list:  # type: ignore[attr-defined]
            continue
        needs = service.need_list  # type: ignore[attr-defined]
        heading = needs[0].label if needs else _("Other help")
        if len(grouped.setdefault(heading, [])) < PER_NEED:
            grouped[heading].append(service)
    order = {need.label: need.order for need in selectors.needs()}
    return sorted(grouped.items(), key=lambda item: (order.get(item[0], 99), item[0]))


def render_html(estate: Estate) -> str:
    font = finders.find(FONT)
    context: dict[str, Any] = {
        "estate": estate,
        "sections": sections(estate),
        "emergency": EMERGENCY,
        "printed": timezone.localdate(),
        "font_url": f"file://{font}" if font else "",
    }
    return render_to_string("directory/contact_sheet.html", context)


def render_pdf(estate: Estate) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(estate), url_fetcher=fetcher(*filter(None, [finders.find(FONT)]))).write_pdf()
