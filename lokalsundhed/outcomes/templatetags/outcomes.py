"""Showing outcome figures: a suppressed figure (None) is a dash, never a zero."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lokalsundhed.outcomes.models import Round

register = template.Library()

SUPPRESSED = "–"


@register.filter
def figure(value: Any, decimals: int = 0) -> str:
    if value is None:
        return SUPPRESSED
    return number_format(value, decimal_pos=decimals) if decimals else str(value)


@register.filter
def share(value: float | None) -> str:
    return SUPPRESSED if value is None else f"{number_format(value * 100, decimal_pos=0)} %"


@register.filter
def dictkey(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def round_label(value: str) -> str:
    return str(Round(value).label)


@register.filter
def measure_label(value: str) -> str:
    return {"who5": _("WHO-5 (0–100)"), "ucla3": _("UCLA-3 (3–9)"), "srh": _("Self-rated health (1–5)")}.get(value, value)
