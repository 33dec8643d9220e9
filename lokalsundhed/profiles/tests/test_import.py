"""`import_statistics`: Statistics Denmark tables in JSON-stat 2.0 and Statbank CSV."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from lokalsundhed.audit.models import Entry
from lokalsundhed.profiles.models import StatisticsCell, StatisticsTable
from lokalsundhed.profiles.tests.factories import FIXTURES, folk1a, write

pytestmark = pytest.mark.django_db


def cell(table_id: str, **codes: str) -> StatisticsCell:
    key_order = StatisticsTable.objects.get(table_id=table_id).dimension_ids
    return StatisticsCell.objects.get(table__table_id=table_id, key="|".join(codes[d] for d in key_order))


def test_it_stores_every_cell_of_a_json_stat_table_by_its_codes(tmp_path):
    call_command("import_statistics", str(write(tmp_path, "whatever.json", folk1a())))

    table = StatisticsTable.objects.get(table_id="FOLK1A")  # from extension.px.tableid, not the file name
    assert table.dimension_ids == ["OMRÅDE", "ALDER", "ContentsCode", "Tid"]
    assert table.cells.count() == 12
    # Row-major order: the last dimension (Tid) varies fastest.
    assert cell("FOLK1A", OMRÅDE="0607", ALDER="85", ContentsCode="FOLK1A", Tid="2025K1").value == 300
    assert cell("FOLK1A", OMRÅDE="000", ALDER="70", ContentsCode="FOLK1A", Tid="2024K4").value == 60000
    found = cell("FOLK1A", OMRÅDE="0607", ALDER="10", ContentsCode="FOLK1A", Tid="2024K4")
    assert (found.area, found.age, found.period) == ("0607", "10", "2024K4")
    assert Entry.objects.filter(object_type="profiles.statisticstable", action="create").exists()


def test_it_takes_sparse_values_and_the_table_id_from_the_file_name_when_absent(tmp_path):
    data = folk1a(value={"0": 1, "11": 300}, extension={})
    call_command("import_statistics", str(write(tmp_path, "folk1a.json", data)))

    assert cell("FOLK1A", OMRÅDE="000", ALDER="10", ContentsCode="FOLK1A", Tid="2024K4").value == 1
    assert cell("FOLK1A", OMRÅDE="000", ALDER="70", ContentsCode="FOLK1A", Tid="2024K4").value is None


def test_it_reads_statbank_csv_with_the_value_last_and_dots_for_missing(tmp_path):
    csv = "OMRÅDE;KØN;ALDER;TID;INDHOLD\n0607;TOT;80;2030;712\n0607;TOT;81;2030;..\n000;TOT;80;2030;61234\n"
    call_command("import_statistics", str(write(tmp_path, "FRKM125.csv", csv)))

    table = StatisticsTable.objects.get(table_id="FRKM125")
    assert table.dimension_ids == ["OMRÅDE", "KØN", "ALDER", "Tid"]  # TID is called Tid, as in JSON-stat
    assert cell("FRKM125", OMRÅDE="0607", KØN="TOT", ALDER="80", Tid="2030").value == 712
    missing = cell("FRKM125", OMRÅDE="0607", KØN="TOT", ALDER="81", Tid="2030")
    assert (missing.value, missing.status) == (None, "..")


def test_it_reads_the_shipped_fixtures():
    call_command("import_statistics", str(FIXTURES / "FOLK1A.json"), str(FIXTURES / "FRKM125.csv"))

    assert StatisticsTable.objects.get(table_id="FOLK1A").cells.filter(area="0607").count() == 127
    assert StatisticsTable.objects.get(table_id="FRKM125").cells.filter(period="2040", area="0630").count() == 126


def test_a_newer_version_of_a_table_replaces_the_old(tmp_path):
    call_command("import_statistics", str(write(tmp_path, "a.json", folk1a())))
    newer = folk1a([1] * 12, updated="2025-05-11T07:00:00Z")
    call_command("import_statistics", str(write(tmp_path, "b.json", newer)))

    assert StatisticsTable.objects.count() == 1
    assert list(StatisticsCell.objects.values_list("value", flat=True).distinct()) == [1]


@pytest.mark.parametrize(("content", "reason"), [
    ("{not json", "not valid JSON"),
    (folk1a([1, 2, 3]), "the dimensions give 12 cells but there are 3 values"),
    (folk1a(["many"] + [1] * 11), "is not a number"),
    (folk1a(id=["OMRÅDE", "ALDER", "ContentsCode", "KØN"]), "dimension KØN is listed in 'id' but not described"),
    (folk1a(size=[2, 4, 1, 2]), "dimension ALDER has 3 categories but its size says 4"),
    (folk1a(updated="last tuesday"), "'updated' is not a date and time"),
    ({"version": "2.0", "class": "collection", "link": {}}, "its class is 'collection'"),
    ("OMRÅDE;ALDER;TID;INDHOLD\n0607;80;2030;712\n0607;80;2030;713\n", "line 3: the same codes as line 2"),
    ("OMRÅDE;ALDER;TID;INDHOLD\n0607;80;2030;mange\n", "line 2: the value 'mange' is not a number"),
    ("OMRÅDE;ALDER;TID;INDHOLD\n0607;80;712\n", "line 2: 3 columns, the header has 4"),
    ("", "the file is empty"),
])
def test_a_bad_file_changes_nothing_and_says_why(tmp_path, content, reason):
    call_command("import_statistics", str(write(tmp_path, "FOLK1A.json", folk1a())))
    before = list(StatisticsCell.objects.order_by("pk").values_list("key", "value"))

    with pytest.raises(CommandError, match=reason):
        call_command("import_statistics", str(write(tmp_path, "FOLK1A.csv", content)))

    assert list(StatisticsCell.objects.order_by("pk").values_list("key", "value")) == before


def test_it_refuses_an_older_version_than_the_one_stored(tmp_path):
    call_command("import_statistics", str(write(tmp_path, "a.json", folk1a())))
    older = folk1a([1] * 12, updated="2024-11-11T07:00:00Z")

    with pytest.raises(CommandError, match="older than the stored version"):
        call_command("import_statistics", str(write(tmp_path, "b.json", older)))

    assert cell("FOLK1A", OMRÅDE="0607", ALDER="85", ContentsCode="FOLK1A", Tid="2025K1").value == 300
