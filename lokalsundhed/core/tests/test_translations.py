"""Every string of the project is translated, and the compiled catalogues match their sources.

`make messages` extracts and compiles; this test fails when someone forgot a translation,
left one fuzzy, or changed a .po file without compiling the .mo that Django actually reads.
"""

from __future__ import annotations

import ast
import gettext
import importlib
import inspect
import re
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


# --- Resident languages ------------------------------------------------------------------------
# The pages for residents (views marked @resident_page), everything a volunteer sees in their role
# (core/languages.py), the messages sent to them and the export of their access request must be
# complete in every resident language. Their catalogues are written by hand and hold only the
# strings residents see, so `make messages` cannot tell when one is missing: this test extracts
# the strings of just those sources, the way makemessages does, and looks each one up.
_RESIDENT_ONLY_LANGUAGES = [code for code in settings.RESIDENT_LANGUAGES if code not in _EXTRACTED_LANGUAGES]

# Python code residents read from, beside the @resident_page views themselves (found below):
_RESIDENT_PYTHON = [
    "lokalsundhed.offers.notifications",  # the e-mails and SMS to residents (errands sends none)
    "lokalsundhed.outcomes.notifications",  # the questionnaire's link and its reminder
    "lokalsundhed.offers.forms.SignUpForm",  # the sign-up form on the offer page
    "lokalsundhed.offers.services.sign_up",  # its refusals are shown on that form
    "lokalsundhed.offers.services._book_slot",
    "lokalsundhed.offers.models.Offer.Kind",  # offer.get_kind_display on the offer page
    "lokalsundhed.errands.forms.ErrandRequestForm",  # the request for practical help
    "lokalsundhed.errands.catalogue",  # the standard tasks on that form and on the request's page
    "lokalsundhed.errands.services.request_errand",  # its refusals are shown on that form
    "lokalsundhed.directory.public_views.ResidentSearchForm",  # the help guide's search
    "lokalsundhed.volunteers.forms.ApplicationForm",  # the volunteers' recruitment page
    "lokalsundhed.volunteers.services.apply",  # its refusal is shown on that form
    "lokalsundhed.core.phones",  # the refusal of what is not a phone number, on both forms
    "lokalsundhed.core.django_messages",  # Django's own form errors residents can meet
    "lokalsundhed.work.forms.InterestForm",  # a resident's interest in a step into work
    "lokalsundhed.work.services.show_interest",  # its refusals are shown on that form
    "lokalsundhed.work.models.Opportunity.Kind",  # get_kind_display on the opportunity pages
    # The export of a resident's access request, made in the language the resident reads
    # (subject_access/export.py): the sections' titles and explanations, the access log's own
    # words, and the states and kinds its records name. Its templates are found from the registry.
    "lokalsundhed.referrals.subject_access",
    "lokalsundhed.errands.subject_access",
    "lokalsundhed.offers.subject_access",
    "lokalsundhed.outcomes.subject_access",
    "lokalsundhed.work.subject_access",
    "lokalsundhed.volunteers.subject_access",
    "lokalsundhed.subject_access.access_log",
    "lokalsundhed.audit.models.Action",
    "lokalsundhed.signs.models.Urgency",
    "lokalsundhed.referrals.models.Consent",
    "lokalsundhed.referrals.models.Referral.State",
    "lokalsundhed.referrals.models.Referral.Outcome",
    "lokalsundhed.referrals.models.Transition.label.fget",  # a claim, in the changes of a referral's state
    "lokalsundhed.errands.models.Errand.State",
    "lokalsundhed.offers.models.SignUp.Status",
    "lokalsundhed.offers.models.Message.Kind",
    "lokalsundhed.outcomes.models.Round",
    "lokalsundhed.work.models.Interest.State",
    "lokalsundhed.work.models.Interest.StopReason",
    "lokalsundhed.volunteers.models.Volunteer.Kind",
    "lokalsundhed.volunteers.models.Volunteer.Status",
    # a volunteer's steps with their shifts: the refusals shown on their shifts page, and the SMS
    "lokalsundhed.volunteers.services.can_serve",
    "lokalsundhed.volunteers.services._refuse_if_cancelled",
    "lokalsundhed.volunteers.services.offer_swap",
    "lokalsundhed.volunteers.services.take_back_swap",
    "lokalsundhed.volunteers.services.take_shift",
    "lokalsundhed.volunteers.services.send_shifts_by_sms",
    "lokalsundhed.volunteers.notifications.shifts",
    # a volunteer's login by a code sent by e-mail: its fields and refusals
    "lokalsundhed.accounts.forms.LoginCodeRequestForm",
    "lokalsundhed.accounts.forms.LoginCodeForm",
    "lokalsundhed.accounts.adapter.AccountAdapter",
]
# Words of the export that live in modules otherwise read by staff only: the record types the
# access-log section names (models' verbose names) and the purposes of the entries about the
# records an export holds (marked with gettext_noop where each entry is written; audit/labels.py).
# What a volunteer may meet at the login by a code that is written outside those sources: the
# lock-out (accounts.services.LOCKED_OUT, shown by AccountAdapter.pre_login).
_VOLUNTEER_MSGIDS = [
    "This account is locked after too many failed logins. It opens again after 24 hours, or when an "
    "administrator of your organisation releases it.",
]
_EXPORT_MSGIDS = [
    "dwelling", "observation", "referral", "errand", "sign-up", "offer", "response", "interest", "volunteer",
    "resident (subject access request)",
    "data-subject access request", "admin create", "admin change", "admin delete", "outside the user's scope",
    "missing permission",
    "observation filed", "referral sent", "referral received", "referral taken_over", "referral closed",
    "referral returned", "referral claimed", "receipt of own report", "working the referral",
    "escalated: past deadline", "referral read", "referral exported as FHIR",
    "resident requested an errand", "errand requested on behalf of a resident", "cancelled errand to restore",
    "errand read",
    "resident signed up", "signed up on behalf of a resident", "sign-up cancelled", "sign-up cancelled by the resident",
    "sign-up restored (confirmed)", "sign-up restored (waiting)", "moved up from the waiting list",
    "attendance present", "attendance absent", "attendance recorded", "own sign-up shown",
    "cancelled sign-up to restore", "booked time to remove", "participants of an offer", "attendance list",
    "offer changed", "session cancelled, %s residents told", "session moved, %s residents told",
    "offer cancelled, %s residents told", "session restored, %s residents told",
    "booking restored: its time takes place after all", "time slot removed, its resident told", "time slot removed",
    "%s sessions added", "%s time slots added", "capacity changed", "offer archived", "translation",
    "sign-ups of offer %s", "participant codes and rounds answered", "measurement plan saved",
    "%s participants enrolled for measurement", "answers entered", "answer given", "own answer shown",
    "interest shown", "interest interested", "interest contacted", "interest started", "interest completed",
    "interest stopped", "interest sent to the jobcenter", "follow-up",
    "resident offered to volunteer", "volunteer approved", "volunteer stopped", "volunteer set back to applicant",
    "criminal-record certificate date recorded", "volunteer's details changed", "volunteer's shifts sent by SMS",
    "offer created", "errand taken", "errand done", "errand released", "errand cancelled",
    "errand restored (open)", "errand restored (taken)",
]
# Templates residents see beside those the views render, their {% extends %} and {% include %}
# (base.html and templates/includes/*): the form templates, which draw the forms above
# (core/form_renderer.py).
_RESIDENT_TEMPLATE_DIRS = ["jinja2/django/forms"]
# …and the page a resident meets behind an old private link (a 404 on a residents' page keeps
# the resident's language); what a volunteer meets outside their shifts page: the login by a code,
# its e-mail and messages, their overview (home.html with their section), and 403/404.
_RESIDENT_TEMPLATES = [
    "templates/404.html", "templates/403.html",
    "templates/account/request_login_code.html", "templates/account/confirm_login_code.html",
    "templates/account/email/login_code_subject.txt", "templates/account/email/login_code_message.txt",
    "templates/account/messages/login_code_sent.txt", "templates/account/messages/logged_in.txt",
    "templates/account/messages/logged_out.txt",
    "core/templates/core/home.html", "volunteers/templates/volunteers/overview/volunteer.html",
]
# Strings of those sources that only staff see: the organisations in the logged-in header of
# base.html and on the overview, and the choice of a dwelling that ErrandRequestForm and
# request_errand offer only to staff asking on a resident's behalf. The resident catalogues need
# not hold them.
_STAFF_ONLY = {
    "and %(n)s more", "Your organisations and roles", "You are not a member of any organisation yet. Ask an administrator.",
    "Where to go next",
    "Or write the address below.", "Choose or write the address.", "Choose an address in the estate.",
    # the access log's names of who did something (audit/labels.py): only auditors read them (the
    # export names who by organisation, subject_access/access_log.py)
    "resident", "resident (private link)",
    # the access log's purposes of a volunteer's own steps with their shifts: only auditors read them
    "volunteer offered a shift for swap", "volunteer took back a shift offered for swap",
    "volunteer took a shift",
}
_TEMPLATE_NAME = re.compile(r"""["']([\w./-]+\.html)["']""")
_TEMPLATE_REFERENCE = re.compile(r"""\{%\s*(?:extends|include)\s+["']([^"']+)["']""")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


def _resident_views() -> list[Callable[..., Any]]:
    """Every view in the URL map marked @resident_page."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from lokalsundhed.core.languages import is_resident_page

    views: list[Callable[..., Any]] = []
    patterns = list(get_resolver().url_patterns)
    while patterns:
        pattern = patterns.pop()
        if isinstance(pattern, URLResolver):
            patterns.extend(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and is_resident_page(pattern.callback):
            views.append(pattern.callback)
    return views


def _python_object(dotted: str) -> Any:
    """A module, or a class or function in one, by its dotted name."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def _export_templates() -> list[str]:
    """The templates of a resident's access request: the page that becomes the PDF and every section's."""
    from lokalsundhed.core.subject_access import providers
    from lokalsundhed.subject_access import access_log

    return ["subject_access/export_pdf.html", access_log.TEMPLATE, *(p.template for p in providers())]


def resident_sources() -> tuple[list[Path], dict[str, str]]:
    """The template files residents see, and the Python code they read from (name: source)."""
    from django.template.loader import get_template

    python = {f"{v.__module__}.{v.__qualname__}": inspect.getsource(v) for v in _resident_views()}
    python |= {name: inspect.getsource(_python_object(name)) for name in _RESIDENT_PYTHON}
    python = {name: textwrap.dedent(source) for name, source in python.items()}
    python["the export's record types and purposes"] = "\n".join(f"_({msgid!r})" for msgid in _EXPORT_MSGIDS)
    python["a volunteer's login by a code"] = "\n".join(f"_({msgid!r})" for msgid in _VOLUNTEER_MSGIDS)

    templates: set[Path] = {p for d in _RESIDENT_TEMPLATE_DIRS for p in (PACKAGE_DIR / d).rglob("*.html")}
    templates |= {PACKAGE_DIR / name for name in _RESIDENT_TEMPLATES}
    names = [name for source in python.values() for name in _TEMPLATE_NAME.findall(source)]
    names += _export_templates()
    seen: set[str] = set()
    while names:
        name = names.pop()
        if name in seen:
            continue
        seen.add(name)
        path = Path(get_template(name).origin.name)  # type: ignore[attr-defined]
        templates.add(path)
        names.extend(_TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8")))
    return sorted(templates), python


@pytest.fixture(scope="module")
def resident_msgids(tmp_path_factory) -> dict[str, Entry]:
    """The entries makemessages extracts from the resident sources alone, keyed as gettext does."""
    root = tmp_path_factory.mktemp("resident") / "lokalsundhed"
    templates, python = resident_sources()
    for path in templates:
        target = root / path.relative_to(PACKAGE_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    for number, (name, source) in enumerate(sorted(python.items())):
        (root / "python").mkdir(parents=True, exist_ok=True)
        (root / "python" / f"source_{number}.py").write_text(f"# {name}\n{source}", encoding="utf-8")
    (root / "locale").mkdir()
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[str(root / "locale")]):
        patch.chdir(root)
        call_command("makemessages", locale=["xx"], verbosity=0)
    extracted = {e.key: e for e in parse_po(root / "locale" / "xx" / "LC_MESSAGES" / "django.po")[1:]}
    assert len(extracted) > 100, f"only {len(extracted)} strings found in the resident sources"
    return {key: entry for key, entry in extracted.items() if entry.fields["msgid"] not in _STAFF_ONLY}


def _nplurals(header: Entry) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header.fields["msgstr"])
    assert match, "the catalogue's header has no Plural-Forms"
    return int(match.group(1))


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)
@pytest.mark.parametrize("language", _RESIDENT_ONLY_LANGUAGES)
def test_resident_languages_translate_every_resident_facing_string(language, resident_msgids):
    """Every string of the residents' pages and messages has a translation in each resident language:
    not empty, not fuzzy, every plural form, and no placeholder the code does not fill in."""
    header, *messages = parse_po(_po(language))
    nplurals = _nplurals(header)
    catalogue = {e.key: e for e in messages}
    problems = []
    for key, source in sorted(resident_msgids.items()):
        entry = catalogue.get(key)
        msgid = source.fields["msgid"]
        if entry is None:
            problems.append(f"missing: {msgid!r}")
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: fuzzy: {msgid!r}")
        plural = "msgid_plural" in source.fields
        if plural:
            forms = [entry.fields.get(f"msgstr[{i}]", "") for i in range(nplurals)]
            if "msgid_plural" not in entry.fields or "msgstr" in entry.fields:
                problems.append(f"line {entry.line}: must be a plural entry: {msgid!r}")
            elif any(k.startswith("msgstr[") and int(k[7:-1]) >= nplurals for k in entry.fields):
                problems.append(f"line {entry.line}: more forms than nplurals={nplurals}: {msgid!r}")
        else:
            forms = [entry.fields.get("msgstr", "")]
        if not all(form.strip() for form in forms):
            problems.append(f"line {entry.line}: no translation (or a plural form missing): {msgid!r}")
            continue
        allowed = set(_PLACEHOLDER.findall(msgid + source.fields.get("msgid_plural", "")))
        for form in forms:
            used = set(_PLACEHOLDER.findall(form))
            # A plural form may leave the number out ("one place"); a message may not drop a link or a name.
            if used - allowed or (not plural and used != allowed):
                problems.append(f"line {entry.line}: placeholders {sorted(used)} instead of {sorted(allowed)}: "
                                f"{msgid!r}")
    assert not problems, f"{_po(language)}: resident-facing strings to translate:\n" + "\n".join(problems)
