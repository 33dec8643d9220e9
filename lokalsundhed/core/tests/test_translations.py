"""Every string of the project is translated, and the compiled catalogues match their sources.

`make messages` extracts and compiles; this test fails when someone forgot a translation,
left one fuzzy, or changed a .po file without compiling the .mo that Django actually reads.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PACKAGE_DIR = Path(settings.BASE_DIR) / "lokalsundhed"
LOCALE_DIR = PACKAGE_DIR / "locale"
LANGUAGES = [code for code, _ in settings.LANGUAGES]
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)
    obsolete: bool = False

    @property
    def key(self) -> str:
        """The catalogue key gettext uses: context and id joined by EOT."""
        msgid = self.fields["msgid"]
        return f"{self.fields['msgctxt']}\x04{msgid}" if "msgctxt" in self.fields else msgid

    @property
    def translations(self) -> list[str]:
        return [v for k, v in sorted(self.fields.items()) if k.startswith("msgstr")]


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for the files makemessages writes."""
    entries: list[Entry] = []
    entry: Entry | None = None
    current = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry = None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry.fields[current] += ast.literal_eval(line)
        else:
            match = _KEYWORD.match(line)
            assert match, f"{path}:{number}: cannot read {raw!r}"
            current = match.group(1)
            entry.fields[current] = ast.literal_eval(match.group(2))
    return [e for e in entries if e.fields and not e.obsolete]


def _po(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def _mo(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = parse_po(_po(language))
    header, messages = entries[0], entries[1:]
    assert header.fields["msgid"] == "", "the catalogue must start with its header"
    assert "fuzzy" not in header.flags, f"{_po(language)}: the header is marked fuzzy"
    assert messages, f"{_po(language)} has no messages"
    problems = [
        f"line {e.line}: {e.fields['msgid']!r}"
        + (" is fuzzy" if "fuzzy" in e.flags else " has no translation")
        for e in messages
        if "fuzzy" in e.flags or not all(t.strip() for t in e.translations)
    ]
    assert not problems, f"{_po(language)}:\n" + "\n".join(problems)


def test_english_translations_repeat_the_english_source_text():
    for entry in parse_po(_po("en"))[1:]:
        if "msgid_plural" in entry.fields:
            expected = [entry.fields["msgid"], entry.fields["msgid_plural"]]
        else:
            expected = [entry.fields["msgid"]]
        assert entry.translations == expected, f"line {entry.line}: {entry.fields['msgid']!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    po, mo = _po(language), _mo(language)
    assert mo.exists(), f"{mo} is missing: run make messages"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    compiled.pop("", None)  # the header: msgfmt rewrites it (drops POT-Creation-Date)
    expected: dict[object, str] = {}
    for entry in parse_po(po)[1:]:
        if "msgid_plural" in entry.fields:
            for key, value in entry.fields.items():
                if key.startswith("msgstr["):
                    expected[(entry.key, int(key[7:-1]))] = value
        else:
            expected[entry.key] = entry.fields["msgstr"]
    stale = sorted(
        repr(key) for key in expected.keys() | compiled.keys() if compiled.get(key) != expected.get(key)
    )
    assert not stale, f"{mo} is out of step with {po.name} (run make messages):\n" + "\n".join(stale[:20])


# What makemessages reads for the "django" domain (its default extensions: html, txt, py).
_SOURCE_SUFFIXES = {".py", ".html", ".txt"}
# The languages `make messages` extracts for; the resident languages are translated by hand.
_EXTRACTED_LANGUAGES = ["da", "en"]


def _copy_sources(target: Path) -> None:
    for path in PACKAGE_DIR.rglob("*"):
        relative = path.relative_to(PACKAGE_DIR)
        if path.suffix not in _SOURCE_SUFFIXES or {"locale", "__pycache__"} & set(relative.parts):
            continue
        if path.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)
def test_make_messages_would_add_nothing(tmp_path, monkeypatch):
    """Extract the strings from a copy of the source into a copy of the catalogues, as `make messages`
    does: a string someone added to the code but not to the catalogues comes out untranslated or fuzzy."""
    root = tmp_path / "lokalsundhed"
    _copy_sources(root)
    for language in _EXTRACTED_LANGUAGES:
        (root / "locale" / language / "LC_MESSAGES").mkdir(parents=True)
        shutil.copyfile(_po(language), root / "locale" / language / "LC_MESSAGES" / "django.po")
    # makemessages walks the working directory and writes to LOCALE_PATHS: both must be the copy.
    monkeypatch.chdir(root)
    with override_settings(LOCALE_PATHS=[str(root / "locale")]):
        call_command("makemessages", locale=_EXTRACTED_LANGUAGES, no_obsolete=True, verbosity=0)
    problems = [
        f"{language}: {e.fields['msgid']!r}" + (" (fuzzy)" if "fuzzy" in e.flags else "")
        for language in _EXTRACTED_LANGUAGES
        for e in parse_po(root / "locale" / language / "LC_MESSAGES" / "django.po")[1:]
        if "fuzzy" in e.flags or not all(t.strip() for t in e.translations)
    ]
    assert not problems, (
        "strings in the source are missing from the catalogues (run make messages):\n"
        + "\n".join(problems)
    )
