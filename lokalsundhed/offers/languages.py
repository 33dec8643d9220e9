"""The languages residents may read offers and write to us in (settings.RESIDENT_LANGUAGES)."""

from __future__ import annotations

from django.conf import settings
from django.conf.locale import LANG_INFO

# What a resident reads in the language list: the language's own name.
_OWN_NAMES = {"so": "Soomaali"}


def resident_languages() -> list[str]:
    return list(getattr(settings, "RESIDENT_LANGUAGES", [settings.LANGUAGE_CODE]))


def own_name(code: str) -> str:
    info = LANG_INFO.get(code, {})
    return str(info.get("name_local") or _OWN_NAMES.get(code) or code).capitalize()


def resident_language_choices() -> list[tuple[str, str]]:
    return [(code, own_name(code)) for code in resident_languages()]


def is_rtl(code: str) -> bool:
    return bool(LANG_INFO.get(code, {}).get("bidi", False))
