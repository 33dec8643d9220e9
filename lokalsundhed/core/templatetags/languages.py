"""`{% page_languages as LANGUAGES %}`: the languages the language switch offers on this page;
`{{ codes|language_names }}`: language codes named in a sentence, as the reader writes it;
`{{ code|language_name }}`: one language's name as the reader writes it;
`{{ text|isolated }}`: what someone wrote, kept in its own direction inside a page of the other."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

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


# Unicode's directional isolates: first strong character (FSI) or left to right (LRI), then pop (PDI).
_ISOLATE = {"auto": "\u2068", "ltr": "\u2066"}
_POP = "\u2069"


@register.filter
def isolated(text: Any, direction: str = "auto") -> SafeString:
    """Text someone wrote, each line set apart so that it keeps its own direction inside a paragraph
    of the other: a Danish note ends with its full stop on the right in an Arabic export. "ltr" for
    what always reads left to right (a phone number, an e-mail address). Lines are joined by <br>.
    The isolates are characters rather than <bdi>, which WeasyPrint's PDFs do not honour."""
    start = _ISOLATE[direction]
    # Marked-up text (a {% filter isolated %} block, already escaped) is kept as it is.
    escape = (lambda line: line) if isinstance(text, SafeData) else conditional_escape
    lines = str(text if text is not None else "").splitlines() or [""]
    return mark_safe("<br>".join(f"{start}{escape(line)}{_POP}" for line in lines))  # noqa: S308 - escaped above
