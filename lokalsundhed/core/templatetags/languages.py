"""`{% page_languages as LANGUAGES %}`: the languages the language switch offers on this page;
`{{ codes|language_names }}`: language codes named in a sentence, as the reader writes it;
`{{ code|language_name }}`: one language's name as the reader writes it."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from lokalsundhed.core.language_names import name_for_reader, names_in_a_sentence

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context: Any) -> list[tuple[str, Any]]:
    """Resident pages (context `page_languages="resident"`, or a request the language middleware
    let speak them: core/languages.py) offer the resident languages; all other pages the staff
    languages."""
    chosen = context.get("page_languages") or getattr(context.get("request"), "page_languages", None)
    codes = settings.RESIDENT_LANGUAGES if chosen == "resident" else settings.STAFF_LANGUAGES
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in codes]


@register.filter
def language_names(codes: Any) -> str:
    """Language codes named in a sentence as the reader writes it: ["da", "ar"] → "Dansk og arabisk"."""
    return names_in_a_sentence(list(codes or ()))


@register.filter
def language_name(code: Any) -> str:
    """A language code by its name in the reader's language: "da" → "Dansk" to a Danish reader."""
    return name_for_reader(str(code)) if code else ""
