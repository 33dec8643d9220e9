"""The CSV import of answers (page and command): exactly the agreed columns, all or nothing."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from lokalsundhed.outcomes import services
from lokalsundhed.outcomes.models import Answer, Participant, Response
from lokalsundhed.outcomes.tests.factories import ParticipantFactory, staff_and_offer

HEADER = "participant,round,who5_1,who5_2,who5_3,who5_4,who5_5,ucla3_1,ucla3_2,ucla3_3,srh\n"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The problems are shown in the staff's language; these tests read the English ones."""
    with translation.override("en"):
        yield


def test_it_imports_rows_and_scores_them():
    worker, offer = staff_and_offer()
    text = HEADER + "K1,baseline,2,2,3,1,2,3,2,2,4\nK1,end,3,4,3,3,4,1,2,1,2\nK2,baseline,2,,3,1,2,3,3,3,\n"
    result = services.import_measurements(offer, text, actor=worker)
    assert result.ok and result.imported == 3 and result.new_participants == 2
    k1 = {r.round: r for r in Response.objects.filter(participant__code="K1")}
    assert k1["baseline"].who5 == (2 + 2 + 3 + 1 + 2) * 4 == 40
    assert k1["end"].who5 == (3 + 4 + 3 + 3 + 4) * 4 == 68
    assert k1["baseline"].ucla3 == 7 and k1["end"].ucla3 == 4
    assert k1["baseline"].srh == 4
    k2 = Response.objects.get(participant__code="K2")
    # An empty cell is an unanswered item: the WHO-5 then has no score; UCLA-3 still does.
    assert k2.who5 is None and k2.ucla3 == 9 and k2.srh is None
    assert Answer.objects.filter(response=k2, value__isnull=True).count() == 2


def test_an_unknown_code_becomes_a_new_participant_and_a_known_one_is_reused():
    worker, offer = staff_and_offer()
    known = ParticipantFactory(offer=offer, code="ABC123")
    services.import_measurements(offer, HEADER + "ABC123,baseline,1,1,1,1,1,1,1,1,1\nNEW9,end,1,1,1,1,1,1,1,1,1\n",
                                 actor=worker)
    assert set(Participant.objects.filter(offer=offer).values_list("code", flat=True)) == {"ABC123", "NEW9"}
    assert known.responses.get().round == "baseline"


def test_a_bad_file_reports_every_problem_with_its_line_and_imports_nothing():
    worker, offer = staff_and_offer()
    text = (HEADER
            + "K1,baseline,2,2,3,1,2,3,2,2,4\n"  # line 2: good
            + "K2,start,2,2,3,1,2,3,2,2,4\n"  # line 3: unknown round
            + "K3,end,6,2,3,1,2,3,2,2,4\n"  # line 4: WHO-5 item out of range
            + "K4,end,2,2,3,1,2,0,2,2,x\n"  # line 5: UCLA-3 out of range and srh not a number
            + "K1,baseline,1,1,1,1,1,1,1,1,1\n"  # line 6: the same round twice
            + "K5,end,1,1\n"  # line 7: too few cells
            + "Hans Jensen,end,1,1,1,1,1,1,1,1,1\n"  # line 8: a name is not a code
            + "0101901234,end,1,1,1,1,1,1,1,1,1\n")  # line 9: a CPR number
    result = services.import_measurements(offer, text, actor=worker)
    assert not result.ok
    lines = sorted({problem.split(":")[0] for problem in result.problems})
    assert lines == [f"Line {n}" for n in (3, 4, 5, 6, 7, 8, 9)]
    assert sum(p.startswith("Line 5") for p in result.problems) == 2
    assert not Response.objects.exists() and not Participant.objects.exists()


def test_it_refuses_other_columns():
    worker, offer = staff_and_offer()
    result = services.import_measurements(offer, "participant,round,who5\nK1,end,3\n", actor=worker)
    assert result.problems == ["Line 1: the columns must be exactly " + HEADER.strip() + "."]


def test_it_refuses_a_round_already_answered():
    worker, offer = staff_and_offer()
    services.import_measurements(offer, HEADER + "K1,baseline,1,1,1,1,1,1,1,1,1\n", actor=worker)
    result = services.import_measurements(offer, HEADER + "K1,baseline,2,2,2,2,2,1,1,1,1\n", actor=worker)
    assert result.problems and result.problems[0].startswith("Line 2:")
    assert Response.objects.get().who5 == 20


def test_the_command_imports_a_file(tmp_path, capsys):
    _worker, offer = staff_and_offer()
    path = tmp_path / "svar.csv"
    path.write_text(HEADER + "K1,baseline,2,2,3,1,2,3,2,2,4\n", encoding="utf-8")
    call_command("import_measurements", offer.pk, str(path))
    assert "Imported 1 rounds" in capsys.readouterr().out
    assert Response.objects.get().who5 == 40


def test_the_command_reports_a_bad_file_and_imports_nothing(tmp_path, capsys):
    _worker, offer = staff_and_offer()
    path = tmp_path / "svar.csv"
    path.write_text(HEADER + "K1,middle,2,2,3,1,2,3,2,2,4\nK2,end,2,2,3,1,9,3,2,2,4\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2 problems"):
        call_command("import_measurements", offer.pk, str(path))
    err = capsys.readouterr().err
    assert "Line 2" in err and "Line 3" in err
    assert not Response.objects.exists()
