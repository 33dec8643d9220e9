"""What the languages residents read are called, and which way they are written (settings.RESIDENT_LANGUAGES)."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation

from lokalsundhed.core.cldr import listing, locale

# What a resident reads in the language list: the language's own name.
_OWN_NAMES = {"so": "Soomaali"}


def resident_languages() -> list[str]:
    return list(getattr(settings, "RESIDENT_LANGUAGES", [settings.LANGUAGE_CODE]))


def own_name(code: str) -> str:
    info = LANG_INFO.get(code, {})
    return str(info.get("name_local") or _OWN_NAMES.get(code) or code).capitalize()


def name_for_reader(code: str) -> str:
    """The language's name in the reader's own language, from CLDR ("Arabisk" to a Danish
    analyst); its own name where CLDR has none."""
    return _name_in(code, translation.get_language() or settings.LANGUAGE_CODE)


def names_in_a_sentence(codes: list[str]) -> str:
    """Languages listed as the reader writes them in a sentence: "Dansk og arabisk" to a Danish
    reader, "Danish and Arabic" to an English one."""
    reader = translation.get_language() or settings.LANGUAGE_CODE
    text = listing([_cldr_name(code, reader) or own_name(code) for code in codes])
    return text[:1].upper() + text[1:]


@cache
def _name_in(code: str, reader_language: str) -> str:
    # A table of hundreds of rows names the same few languages again and again.
    name = _cldr_name(code, reader_language)
    return name[:1].upper() + name[1:] if name else own_name(code)


def _cldr_name(code: str, reader_language: str) -> str:
    """The name as CLDR writes it inside a sentence ("arabisk" in Danish); empty if it has none."""
    names = locale(reader_language).languages
    return str(names.get(code.replace("-", "_")) or names.get(code.split("-")[0]) or "")


def resident_language_choices() -> list[tuple[str, str]]:
    return [(code, own_name(code)) for code in resident_languages()]


def is_rtl(code: str) -> bool:
    return bool(LANG_INFO.get(code, {}).get("bidi", False))
