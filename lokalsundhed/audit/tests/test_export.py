"""The auditor downloads what the filter finds as a CSV file for a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.audit import exports
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.audit.services import record
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.spreadsheets import safe_cell
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit:entry_csv")


@pytest.fixture
def auditor(organisation):
    return member(organisation, Role.AUDITOR)


def _table(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="adgangslog-')
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_an_auditor_downloads_what_the_filter_finds_in_their_language(client, auditor, reader, organisation):
    sent = record(actor=reader, action=Action.CHANGE, object_type="referrals.referral", object_id="17",
                  organisation_id=organisation.pk, purpose="referral sent")
    record(actor=reader, action=Action.READ, object_type="offers.signup", object_id="3",
           organisation_id=organisation.pk, purpose="participants of an offer")
    elsewhere = HousingOrganisationFactory()
    record(actor=reader, action=Action.CHANGE, object_type="referrals.referral", object_id="99",
           organisation_id=elsewhere.pk, purpose="referral sent")
    log_in(client, auditor)
    table = _table(client.get(URL, {"object_type": "referrals.referral"}, HTTP_ACCEPT_LANGUAGE="da"))
    header, *body = table
    assert header[:3] == ["Post", "Hvornår", "Hvem"]
    assert len(body) == 1  # the other organisation's referral is not theirs to see
    row = dict(zip(header, body[0], strict=True))
    assert row["Post"] == str(sent.pk) and row["Hvem"] == reader.email
    assert (row["Oplysning"], row["Type af oplysning"], row["Oplysningens id"]) == ("Henvisning", "referrals.referral", "17")
    assert (row["Formål"], row["Formål som gemt"]) == ("henvisning sendt", "referral sent")
    assert row["Handling"] == "Ændret" and row["Organisation"] == organisation.name


def test_the_download_is_itself_in_the_log_before_it_runs(client, auditor, organisation):
    log_in(client, auditor)
    table = _table(client.get(URL))
    export = Entry.objects.get(actor=auditor, action=Action.EXPORT)
    assert (export.object_type, export.organisation_id, export.path) == ("audit.entry", organisation.pk, URL)
    assert [row[0] for row in table[1:]] == [str(export.pk)]  # the file lists its own download


def test_a_filter_that_does_not_hold_is_explained_and_nothing_is_downloaded(client, auditor, reader, organisation):
    record(actor=reader, action=Action.READ, object_type="referrals.referral", object_id="1",
           organisation_id=organisation.pk, purpose="follow-up")
    log_in(client, auditor)
    response = client.get(URL, {"date_from": "not a date"}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert response.context["form"].errors["date_from"]
    assert not Entry.objects.filter(action=Action.EXPORT).exists()


def test_text_typed_by_anyone_cannot_run_as_a_formula_in_the_spreadsheet(client, auditor, organisation):
    """A name tried on the login form is stored as typed; in the file it is text, not a formula."""
    record(actor=None, actor_label='=HYPERLINK("http://evil.example","klik")', action=Action.LOGIN_FAILED,
           organisation_id=organisation.pk)
    log_in(client, auditor)
    cells = [cell for row in _table(client.get(URL)) for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\",\"klik\")" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


@pytest.mark.parametrize(("value", "safe"), [("=1+1", "'=1+1"), ("+45 12", "'+45 12"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                                             ("\t=1", "'\t=1"), ("ok", "ok"), (-2, -2), ("", "")])
def test_a_cell_that_begins_like_a_formula_is_made_text(value, safe):
    assert safe_cell(value) == safe


def test_entries_come_in_chunks_of_flat_cost(reader, organisation, django_assert_max_num_queries):
    for n in range(7):
        record(actor=reader, action=Action.READ, object_type="referrals.referral", object_id=n,
               organisation_id=organisation.pk, purpose="follow-up")
    with django_assert_max_num_queries(3):  # 7 entries, 3 to a chunk: three queries, newest first
        ids = [e.pk for e in exports.entries_in_chunks(Entry.objects.all(), chunk=3)]
    assert ids == sorted(ids, reverse=True) and len(ids) == 7
