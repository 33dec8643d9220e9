"""An observation is filed once however often its form is sent: each form carries a key of its
own (a hidden field), and a second send with the reporter's same key shows the first receipt.
The browser side (draft kept offline, sent when the connection is back) is proven in
tests/browser/test_observation_offline.py."""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import IntegrityError
from django.urls import reverse

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import Consent, Observation, Referral
from lokalsundhed.referrals.tests.factories import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return bridge_world()


def _post(world, key, **overrides):
    data = {
        "q": "",
        "dwelling": str(world.estate_a.dwellings.order_by("pk").first().pk),
        "resident_first_name": "Inge",
        "signs": [str(sign("falls").pk)],
        "description": "Faldt i opgangen",
        "consent": Consent.YES,
        "legal_basis": "",
        "legal_basis_reason": "",
        "idempotency_key": str(key),
        "send": "1",
    }
    data.update(overrides)
    return data


def _key_in(html: str) -> str:
    return re.search(r'<input type="hidden" name="idempotency_key" value="([0-9a-f-]{36})"', html).group(1)


def _input(world, dwelling=None):
    return services.ObservationInput(
        estate=world.estate_a, dwelling=dwelling or world.estate_a.dwellings.first(), resident_first_name="Inge",
        signs=[sign("falls")], description="", consent=Consent.YES, legal_basis=None, legal_basis_reason="")


def test_each_form_carries_a_key_of_its_own(client, world):
    log_in(client, world.users["caretaker"])
    first = _key_in(client.get(reverse("referrals:observation_new")).content.decode())
    second = _key_in(client.get(reverse("referrals:observation_new")).content.decode())
    assert uuid.UUID(first) and first != second


def test_a_second_post_with_the_same_key_shows_the_first_receipt_and_files_nothing(client, world):
    log_in(client, world.users["caretaker"])
    key = uuid.uuid4()
    first = client.post(reverse("referrals:observation_new"), _post(world, key))
    again = client.post(reverse("referrals:observation_new"), _post(world, key, description="Sendt igen"))
    observation = Observation.objects.get()
    receipt = reverse("referrals:observation_receipt", args=[observation.pk])
    assert (first.status_code, first.url) == (302, receipt)
    assert (again.status_code, again.url) == (302, receipt)
    assert observation.idempotency_key == key and observation.description == "Faldt i opgangen"
    assert Referral.objects.count() == 1
    assert Entry.objects.filter(action=Action.CREATE, object_type="referrals.observation").count() == 1


def test_a_new_key_files_a_new_observation(client, world):
    log_in(client, world.users["caretaker"])
    client.post(reverse("referrals:observation_new"), _post(world, uuid.uuid4()))
    client.post(reverse("referrals:observation_new"), _post(world, uuid.uuid4()))
    assert Observation.objects.count() == 2


def test_another_reporter_s_same_key_never_shows_them_the_first_receipt(client, world):
    key = uuid.uuid4()
    mine, _ = services.file_observation_once(_input(world), actor=world.users["caretaker"], idempotency_key=key)
    log_in(client, world.users["social_worker"])
    response = client.post(reverse("referrals:observation_new"), _post(world, key))
    theirs = Observation.objects.exclude(pk=mine.pk).get()
    assert theirs.reported_by == world.users["social_worker"]
    assert response.url == reverse("referrals:observation_receipt", args=[theirs.pk])


def test_a_form_sent_back_with_errors_keeps_its_key(client, world):
    log_in(client, world.users["caretaker"])
    key = uuid.uuid4()
    response = client.post(reverse("referrals:observation_new"), _post(world, key, signs=[]))
    assert response.status_code == 200 and _key_in(response.content.decode()) == str(key)
    assert not Observation.objects.exists()


def test_the_database_refuses_the_same_key_twice_for_one_reporter(world):
    key = uuid.uuid4()
    services.file_observation(_input(world), actor=world.users["caretaker"], idempotency_key=key)
    with pytest.raises(IntegrityError):
        services.file_observation(_input(world), actor=world.users["caretaker"], idempotency_key=key)


def test_a_send_that_loses_the_race_returns_the_first_observation(world, monkeypatch):
    key = uuid.uuid4()
    first = services.file_observation(_input(world), actor=world.users["caretaker"], idempotency_key=key)
    # The second send looked before the first was committed: only the constraint stops it.
    real_filter = Observation.objects.filter
    looked = []

    def not_yet_there(*args, **kwargs):
        if "idempotency_key" in kwargs and not looked:
            looked.append(True)
            return Observation.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Observation.objects, "filter", not_yet_there)
    again, filed = services.file_observation_once(_input(world), actor=world.users["caretaker"], idempotency_key=key)
    assert (again, filed) == (first, False) and Observation.objects.count() == 1


def test_the_receipt_names_the_key_so_the_browser_forgets_the_draft(client, world):
    log_in(client, world.users["caretaker"])
    key = uuid.uuid4()
    response = client.post(reverse("referrals:observation_new"), _post(world, key))
    page = client.get(response.url).content.decode()
    assert f'data-observation-filed="{key}"' in page and "referrals/observation-draft.js" in page
