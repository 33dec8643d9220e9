"""The auditor's view of the access log."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.audit.services import record
from lokalsundhed.audit.tests.factories import EntryFactory
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit:entry_list")


@pytest.fixture
def auditor(organisation):
    return member(organisation, Role.AUDITOR)


def _reads(reader, organisation, n: int, **fields) -> list[Entry]:
    return [
        record(actor=reader, action=fields.get("action", Action.READ), object_type="referrals.referral",
               object_id=fields.get("object_id", i), organisation_id=organisation.pk, purpose="follow-up")
        for i in range(n)
    ]


def _listed(response) -> list[Entry]:
    return list(response.context["page"].object_list)


def test_an_auditor_sees_only_their_organisations_entries(client, auditor, reader, organisation):
    ours = _reads(reader, organisation, 3)
    elsewhere = HousingOrganisationFactory()
    theirs = _reads(member(elsewhere, Role.CARETAKER), elsewhere, 2)
    record(actor=reader, action=Action.LOGIN)  # platform event: no organisation
    log_in(client, auditor)
    response = client.get(URL)
    assert response.status_code == 200
    listed = {e.pk for e in _listed(response)}
    assert {e.pk for e in ours} <= listed
    assert not listed & {e.pk for e in theirs}
    assert all(e.organisation_id == organisation.pk for e in _listed(response))


def test_it_records_its_own_search(client, auditor, organisation):
    log_in(client, auditor)
    response = client.get(URL, {"object_id": "42"})
    search = Entry.objects.get(actor=auditor, action=Action.SEARCH)
    assert (search.object_type, search.organisation_id, search.path) == ("audit.entry", organisation.pk, URL)
    # Logged before the search runs, so the page's count and rows agree.
    assert response.context["page"].paginator.count == 0
    assert client.get(URL).context["page"].paginator.count == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "export"}, {"export"}),
        ({"object_id": "7"}, {"7"}),
        ({"object_type": "referrals.referral", "object_id": "1"}, {"1"}),
    ],
)
def test_its_filters_narrow_the_list(client, auditor, reader, organisation, query, expected):
    _reads(reader, organisation, 10)
    _reads(reader, organisation, 1, action=Action.EXPORT, object_id="x")
    log_in(client, auditor)
    listed = _listed(client.get(URL, query))
    assert listed
    assert {getattr(e, "action" if "action" in query else "object_id") for e in listed} == expected


def test_it_filters_by_who(client, auditor, reader, organisation):
    _reads(reader, organisation, 2)
    other = member(organisation, Role.SOCIAL_WORKER)
    _reads(other, organisation, 3)
    log_in(client, auditor)
    sent = client.post(URL, {"actor": other.email.upper()})
    assert sent.status_code == 302
    # The e-mail of the person searched for is personal data: not in the address, nor its links.
    assert other.email not in sent.url.lower() and "who=" in sent.url
    response = client.get(sent.url)
    listed = _listed(response)
    assert len(listed) == 3 and {e.actor_id for e in listed} == {other.pk}
    links = re.findall(r'href="([^"]*)"', response.content.decode())
    assert any(link.startswith(reverse("audit:entry_csv") + "?who=") for link in links)
    assert not [link for link in links if "@" in link]
    assert response.context["form"]["actor"].value() == other.email


def test_an_old_address_with_an_email_in_it_is_answered_by_one_without(client, auditor, reader, organisation):
    _reads(reader, organisation, 2)
    log_in(client, auditor)
    response = client.get(URL, {"actor": reader.email, "action": "read"})
    assert response.status_code == 302
    assert reader.email not in response.url and "action=read" in response.url
    assert len(_listed(client.get(response.url))) == 2


def test_a_search_for_a_person_does_not_travel_to_another_session(client, auditor, reader, organisation):
    _reads(reader, organisation, 2)
    log_in(client, auditor)
    address = client.post(URL, {"actor": reader.email}).url
    client.logout()
    log_in(client, auditor)
    response = client.get(address, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400
    assert "Indtast e-mailen igen" in " ".join(response.context["form"].errors["actor"])
    # Not a search of everyone: the download of the same address is refused the same way.
    assert client.get(reverse("audit:entry_csv") + address[len(URL):]).status_code == 400


def test_it_filters_by_local_calendar_day(client, auditor, reader, organisation):
    now = timezone.localtime()
    for days_ago in (0, 1, 2, 5):
        EntryFactory(at=now - timedelta(days=days_ago), actor=reader, organisation=organisation,
                             action=Action.READ, object_id=str(days_ago))
    log_in(client, auditor)
    day = (now - timedelta(days=2)).date()
    listed = _listed(client.get(URL, {"date_from": day.isoformat(), "date_to": (day + timedelta(days=1)).isoformat(),
                                      "action": "read"}))
    assert sorted(e.object_id for e in listed) == ["1", "2"]


@pytest.mark.parametrize("entries", [5, 200])
def test_it_costs_a_fixed_number_of_queries(client, auditor, reader, organisation, entries,
                                            django_assert_max_num_queries):
    _reads(reader, organisation, entries)
    log_in(client, auditor)
    client.get(URL)  # the first request also refreshes the session's idle clock
    # 1. the session  2. the user  3. the user's memberships with organisations
    # 4. the record types the log holds (the filter's choices)  5. INSERT of the SEARCH entry
    # 6. COUNT for the paginator  7. the page of entries
    with django_assert_max_num_queries(7):
        response = client.get(URL, {"action": "read"})
    assert len(_listed(response)) == min(entries, 50)


def test_it_reads_in_the_auditors_language(client, auditor, reader, organisation):
    """Types by name, purposes translated; what is stored stays as it was written."""
    record(actor=reader, action=Action.CHANGE, object_type="referrals.referral", object_id="17",
           organisation_id=organisation.pk, purpose="referral sent")
    record(actor=None, action=Action.CHANGE, object_type="errands.errand", object_id="",
           organisation_id=organisation.pk, purpose="retention: anonymised 3 errands")
    record(actor=None, actor_label="resident", action=Action.CREATE, object_type="offers.signup", object_id="5",
           organisation_id=organisation.pk, purpose="resident signed up")
    log_in(client, auditor)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="da").content.decode()
    for shown in ("Henvisning nr. 17", "henvisning sendt", "Opgave</td>", "sletning: 3 opgaver anonymiseret",
                  ">beboer</td>", "beboer tilmeldte sig"):
        assert shown in page
    assert "referrals.referral" not in page.split("<table")[1]
    assert Entry.objects.filter(purpose="referral sent", object_type="referrals.referral").exists()


def test_its_record_types_are_the_logs_own_by_name(client, auditor, reader, organisation):
    _reads(reader, organisation, 2)
    record(actor=reader, action=Action.READ, object_type="offers.signup", object_id="3",
           organisation_id=organisation.pk, purpose="participants of an offer")
    log_in(client, auditor)
    choices = dict(client.get(URL, HTTP_ACCEPT_LANGUAGE="da").context["form"].fields["object_type"].choices)
    assert {"referrals.referral": "Henvisning", "offers.signup": "Tilmelding"}.items() <= choices.items()
    assert "outcomes.answer" not in choices  # nothing of that type is in the log
    listed = _listed(client.get(URL, {"object_type": "offers.signup"}))
    assert [e.object_id for e in listed] == ["3"]


def test_an_unknown_record_type_is_refused_with_a_message(client, auditor, reader, organisation):
    _reads(reader, organisation, 2)
    log_in(client, auditor)
    response = client.get(URL, {"object_type": "no.such"}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 400
    assert response.context["form"].errors["object_type"]
    assert len(_listed(response)) == 3  # the two reads and this search: the filter is not applied


def test_a_member_without_the_auditor_role_is_refused(client, reader):
    log_in(client, reader)
    assert client.get(URL).status_code == 403
    assert not Entry.objects.filter(actor=reader, action=Action.SEARCH).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_reversed_period_is_an_error_at_the_to_date_and_keeps_the_dates(client, auditor):
    log_in(client, auditor)
    response = client.post(URL, {"date_from": "2026-12-31", "date_to": "2026-01-01"})
    assert response.status_code == 400
    assert "Slutdatoen ligger før startdatoen" in response.context["form"].errors["date_to"][0]
    html = response.content.decode()
    assert 'value="2026-12-31"' in html and 'value="2026-01-01"' in html


def test_it_finds_people_by_the_beginning_of_their_e_mail_on_the_page_and_in_the_download(client, auditor, organisation):
    anne = member(organisation, Role.SOCIAL_WORKER, email="anne.k@kommune.dk")
    annette = member(organisation, Role.CARETAKER, email="Annette@boligselskab.dk")
    hanne = member(organisation, Role.CARETAKER, email="hanne@kommune.dk")
    for person in (anne, annette, hanne):
        _reads(person, organisation, 2)
    log_in(client, auditor)

    def found(typed: str) -> tuple[set[int], set[int]]:
        address = client.post(URL, {"actor": typed, "action": "read"}).url
        page = {e.actor_id for e in _listed(client.get(address))}
        download = client.get(address.replace(URL, reverse("audit:entry_csv")))
        emails = {row.split(",")[2] for row in b"".join(download.streaming_content).decode().splitlines()[1:]}
        return page, {p.pk for p in (anne, annette, hanne) if p.email in emails}

    assert found("anne") == ({anne.pk, annette.pk}, {anne.pk, annette.pk})
    assert found(" ANNE.K ") == ({anne.pk}, {anne.pk})
    assert found("anne.k@kommune.dk") == ({anne.pk}, {anne.pk})
    assert found("kommune") == (set(), set())  # the beginning of the address only, as the help text says


def test_the_who_field_says_what_it_matches(client, auditor):
    log_in(client, auditor)
    assert "Begyndelsen af e-mailadressen" in client.get(URL).content.decode()
