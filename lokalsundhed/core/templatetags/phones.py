"""`{% load phones %}`: phone numbers as staff read and dial them, the same on every page —
`{{ number|phone }}` ("21 77 95 95"; a foreign number with its country code) and
`{% phone_link number %}` (the same, as a tel: link a phone can call)."""

from __future__ import annotations

from django import template
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from lokalsundhed.core.phones import display_phone, parse_phone

register = template.Library()


def _e164(number: str) -> str | None:
    try:
        return parse_phone(number) if number else None
    except ValidationError:
        return None


@register.filter
def phone(number: str | None) -> str:
    """A stored (E.164) or typed number in the national style; what is no number, as written."""
    e164 = _e164(number or "")
    return display_phone(e164) if e164 else (number or "")


@register.simple_tag
def phone_link(number: str | None, css_class: str = "phone-link") -> str:
    """The number as a tel: link (of the class given); nothing for no number."""
    if not number:
        return ""
    e164 = _e164(number)
    dial = e164 or "".join(c for c in number if c.isdigit() or c == "+")
    if not dial:
        return format_html("{}", number)
    return format_html('<a href="tel:{}" class="{}" dir="ltr">{}</a>', dial, css_class, phone(number))
