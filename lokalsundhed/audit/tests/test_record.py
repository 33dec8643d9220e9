"""Writing an entry: one INSERT, no lock, and a digest that survives the database."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import RequestFactory

from lokalsundhed.audit.models import DIGEST_FIELDS, Action, Entry, digest_of, normalise_ip
from lokalsundhed.audit.services import record
from lokalsundhed.audit.tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def test_it_writes_exactly_one_insert(reader, organisation, django_assert_num_queries):
    request = RequestFactory().get("/beboere/42/", REMOTE_ADDR="192.0.2.7")
    with django_assert_num_queries(1) as captured:
        entry = record(actor=reader, action=Action.READ, obj=organisation, organisation_id=organisation.pk,
                       purpose="follow-up", request=request)
    (query,) = captured.captured_queries
    assert query["sql"].lstrip().upper().startswith("INSERT INTO")
    assert "FOR UPDATE" not in query["sql"].upper() and "LOCK" not in query["sql"].upper()
    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.actor_label, stored.object_type, stored.object_id, stored.ip_address, stored.path) == (
        reader.email, "organisations.organisation", str(organisation.pk), "192.0.2.7", "/beboere/42/",
    )


def _own_locks() -> set[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.locktype, coalesce(c.relname, ''), l.mode FROM pg_locks l "
            "LEFT JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid()"
        )
        return set(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="inspects PostgreSQL's lock table (pg_locks)")
def test_it_takes_no_lock_beyond_what_its_insert_needs(reader, organisation):
    before = _own_locks()
    record(actor=reader, action=Action.READ, obj=organisation, organisation_id=organisation.pk)
    after = _own_locks()
    for locktype, relation, mode in after - before:
        # The INSERT's own ROW EXCLUSIVE on the table, its indexes and id sequence, and the
        # transaction's own id: nothing another writer or the sealer could wait on.
        assert (locktype == "relation" and relation.startswith("audit_entry") and mode == "RowExclusiveLock") or (
            locktype in {"transactionid", "virtualxid"}
        ), (locktype, relation, mode)
    assert not [lock for lock in after if lock[0] == "advisory"]


@pytest.mark.parametrize(
    ("remote_addr", "stored"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("fe80::1%eth0", "fe80::1"),
        ("not an address", None),
        ("", None),
    ],
)
def test_its_digest_survives_a_round_trip_through_the_database(reader, organisation, remote_addr, stored):
    request = RequestFactory().get("/x/", REMOTE_ADDR=remote_addr)
    entry = record(actor=reader, action=Action.EXPORT, object_type="referrals.referral", object_id=None,
                   organisation_id=organisation.pk, purpose="aktindsigt for Søren Ærø", request=request)
    reloaded = Entry.objects.get(pk=entry.pk)
    row = Entry.objects.filter(pk=entry.pk).values(*DIGEST_FIELDS).get()
    assert reloaded.ip_address == stored
    assert entry.content_digest() == reloaded.content_digest() == digest_of(row)


def test_microseconds_and_time_zones_do_not_change_the_digest(reader):
    copenhagen = datetime(2026, 3, 29, 3, 0, 0, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))  # summer time begins
    for at in (copenhagen, copenhagen.replace(microsecond=999999), datetime(2026, 1, 1, 0, 0, 0, 1, tzinfo=UTC)):
        entry = EntryFactory(at=at, actor=reader, action=Action.READ)
        assert Entry.objects.get(pk=entry.pk).content_digest() == entry.content_digest()


def test_it_keeps_text_within_what_both_databases_accept(reader):
    entry = record(actor=reader, action=Action.READ, object_type="x" * 150, object_id="7" * 80,
                   purpose="før\x00efter " + "ø" * 300)
    reloaded = Entry.objects.get(pk=entry.pk)
    assert len(reloaded.object_type) == 100 and len(reloaded.object_id) == 64
    assert reloaded.purpose.startswith("førefter ø") and len(reloaded.purpose) == 200
    assert reloaded.content_digest() == entry.content_digest()


def test_the_canonical_form_is_pinned():
    """Changing the canonical form would break every existing seal: this value must never change."""
    fields = {
        "id": 1, "at": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "actor_id": 2, "actor_label": "a@b.dk",
        "organisation_id": None, "action": "read", "object_type": "referrals.referral", "object_id": "9",
        "purpose": "", "ip_address": None, "path": "/",
    }
    assert digest_of(fields) == digest_of({**fields, "purpose": None, "ip_address": ""})
    # SHA-256 of {"action":"read","actor":2,"actor_label":"a@b.dk","at":"2026-01-02T03:04:05.000006Z","id":1,
    # "ip_address":"","object_id":"9","object_type":"referrals.referral","organisation":null,"path":"/","purpose":""}
    assert digest_of(fields) == "14c5f90dc0ce6e3acf5ea4a334041478a5d7a0e65d47d24c1f8cda6cd14d2f2f"


def test_ip_addresses_have_one_normal_form():
    assert normalise_ip("2001:DB8::0:1") == normalise_ip("2001:db8:0:0::1") == "2001:db8::1"
    assert normalise_ip(" 10.0.0.1 ") == "10.0.0.1"
    assert normalise_ip("10.0.0.256") is None


def test_a_private_link_s_key_never_lands_in_the_log(client):
    """The path of a resident's private link holds the key that opens their sign-up (or their
    questionnaire): anyone who reads the log could open it. The entry keeps the page, not the key."""
    from django.urls import reverse

    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.offers import services as offer_services
    from lokalsundhed.offers.tests.factories import make_offer, resident

    world = build_world()
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, title="Gåtur i parken")
    sign_up = offer_services.sign_up(offer, resident(1))
    assert client.get(reverse("offers:my_sign_up", args=[sign_up.token])).status_code == 200
    entry = Entry.objects.get(action=Action.READ, object_type="offers.signup", object_id=str(sign_up.pk))
    assert sign_up.token not in entry.path
    assert entry.path == reverse("offers:my_sign_up", args=[sign_up.token]).replace(sign_up.token, "<token>")
