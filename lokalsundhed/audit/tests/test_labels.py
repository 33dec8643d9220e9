"""The access log in the auditor's language: record types by name, purposes translated.

The purposes are written in English where the code records them; an AST walk of the package
proves every written purpose is marked for the catalogue and that Danish has each of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.utils import translation

from lokalsundhed.audit.labels import in_readers_language, record_type_choices, record_type_label

PACKAGE = Path(__file__).resolve().parents[2]
# What writes an entry: `record(...)`, the signals the access log listens to (`access_refused.send`) and
# the API's `log_read(...)`;
# an API client's own `purpose` (create_client) is the client's description, not an entry's.
WRITERS = {"record", "send", "log_read"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if not {"tests", "bench", "migrations"} & set(p.relative_to(PACKAGE).parts))


def _is_marking(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop"


def _written_text(node: ast.AST) -> bool:
    """Is this purpose English written in place, not marked for the catalogue?"""
    if isinstance(node, ast.Constant):
        return bool(node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.IfExp):
        return _written_text(node.body) or _written_text(node.orelse)
    if isinstance(node, ast.BinOp):  # "marked" % n, "marked" + ": " + data: the words come first
        return _written_text(node.left)
    return False


def purposes_in(path: Path) -> tuple[set[str], list[int]]:
    """The marked purposes of a module, and the lines of purposes written unmarked: the `purpose`
    of what writes an entry, the `what` of an API read (its purpose's words), and a variable
    `purpose` built before the call."""
    marked: set[str] = set()
    unmarked: list[int] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        values: list[ast.AST] = []
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in WRITERS:
            values = [k.value for k in node.keywords if k.arg in {"purpose", "what"}]
        elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "purpose" for t in node.targets):
            values = [node.value]
        elif isinstance(node, ast.Dict) and any(_is_marking(v) for v in node.values if v is not None):
            values = [v for v in node.values if v is not None]  # MOVE_PURPOSES, ADMIN_PURPOSES
        for value in values:
            if _written_text(value):
                unmarked.append(node.lineno)
            marked.update(inner.args[0].value for inner in ast.walk(value)
                          if _is_marking(inner) and isinstance(inner.args[0], ast.Constant))
    return marked, sorted(unmarked)


def test_every_purpose_the_code_writes_is_marked_for_the_catalogue():
    unmarked = {str(path.relative_to(PACKAGE)): lines for path in _modules() if (lines := purposes_in(path)[1])}
    assert not unmarked, f"purposes written without gettext_noop (the auditor would read English): {unmarked}"


def test_danish_has_every_marked_purpose():
    marked = set().union(*(purposes_in(path)[0] for path in _modules()))
    assert {"referral sent", "retention: anonymised %s errands", "API client created"} <= marked
    with translation.override("da"):
        missing = sorted(text for text in marked if translation.gettext(text) == text)
    assert not missing, f"purposes without a Danish translation (run make messages, then translate): {missing}"


def test_the_walk_finds_an_unmarked_purpose(tmp_path):
    sample = tmp_path / "services.py"
    sample.write_text('record(purpose="seen")\nrecord(purpose=f"{n} seen")\n'
                      'record(purpose=gettext_noop("seen") if a else "not seen")\n'
                      'record(purpose=gettext_noop("%s seen") % n)\nrecord(purpose=purpose)\nrecord(purpose="")\n'
                      'purpose = f"{kind} asked"\nlog_read(request, what="read")\n',
                      encoding="utf-8")
    assert purposes_in(sample) == ({"seen", "%s seen"}, [1, 2, 3, 7, 8])


@pytest.mark.parametrize(
    ("purpose", "danish"),
    [
        ("referral sent", "henvisning sendt"),
        ("retention: anonymised 12 errands", "sletning: 12 opgaver anonymiseret"),
        ("API client created: referrals:read, audit:read", "API-klient oprettet: referrals:read, audit:read"),
        ("role granted to user 7: caretaker", "rolle givet til bruger 7: caretaker"),
        ("a purpose of an older version", "a purpose of an older version"),
        ("", ""),
    ],
)
def test_a_purpose_reads_in_the_auditors_language(purpose, danish):
    with translation.override("da"):
        assert in_readers_language(purpose) == danish
    with translation.override("en"):
        assert in_readers_language(purpose) == purpose


def test_a_record_type_is_named_by_its_model():
    with translation.override("da"):
        assert record_type_label("referrals.referral") == "Henvisning"
        assert record_type_label("subject_access.resident") == "Beboer (indsigtsanmodning)"
        assert record_type_label("gone.model") == "gone.model"
        assert record_type_label("") == ""
    with translation.override("en"):
        assert record_type_label("offers.signup") == "Sign-up"


def test_types_of_one_name_are_told_apart_by_their_part_of_the_platform():
    with translation.override("da"):
        choices = dict(record_type_choices(["offers.offer", "directory.service", "referrals.referral"]))
    assert choices == {"offers.offer": "Tilbud (Lokale tilbud)", "directory.service": "Tilbud (Hjælpeguide)",
                       "referrals.referral": "Henvisning"}
