"""Showing outcome figures: a suppressed figure (None) is a dash, never a zero; every figure is
rounded half-up (`core.figures`)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from lokalsundhed.core import figures
from lokalsundhed.outcomes.models import Round

register = template.Library()

SUPPRESSED = figures.MISSING


@register.filter
def figure(value: Any, decimals: int = 0) -> str:
    return figures.decimal(value, decimals)


@register.filter
def share(value: float | None) -> str:
    return figures.share(value)


@register.filter
def p_value(value: float | None) -> str:
    """Three decimals; below 0.001 "< 0,001", never "0,000"."""
    return figures.p_value(value, 3)


@register.filter
def dictkey(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def round_label(value: str) -> str:
    return str(Round(value).label)


@register.filter
def measure_label(value: str) -> str:
    return {"who5": _("WHO-5 (0–100)"), "ucla3": _("UCLA-3 (3–9)"), "srh": _("Self-rated health (1–5)")}.get(value, value)
