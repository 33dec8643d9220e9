"""Undoing a cancelled errand: it returns to whoever had taken it (or the open list), after a
confirmation page, and the access log shows both the cancellation and the restoration."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from lokalsundhed.audit.models import Entry
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.errands import services
from lokalsundhed.errands.models import Errand
from lokalsundhed.errands.tests.factories import request

pytestmark = pytest.mark.django_db
State = Errand.State


@pytest.fixture
def world():
    return build_world()


def test_a_cancelled_errand_is_restored_to_the_open_list_after_asking(client, world):
    caretaker = world.users["caretaker"]
    errand = request(world.estate_a)
    log_in(client, caretaker)
    client.post(reverse("errands:errand_cancel", args=[errand.pk]))
    listing = client.get(reverse("errands:errand_list"))
    assert [e.pk for e in listing.context["cancelled"]] == [errand.pk]
    url = reverse("errands:errand_restore", args=[errand.pk])
    assert client.get(url).status_code == 200
    errand.refresh_from_db()
    assert errand.state == State.CANCELLED  # asking changes nothing
    assert client.post(url).status_code == 302
    errand.refresh_from_db()
    assert (errand.state, errand.cancelled_at) == (State.OPEN, None)
    purposes = list(Entry.objects.filter(object_type="errands.errand", object_id=str(errand.pk))
                    .order_by("pk").values_list("purpose", flat=True))
    # The confirmation page shows the address: a read, logged.
    assert purposes[-3:] == ["errand cancelled", "cancelled errand to restore", "errand restored (open)"]


def test_a_taken_errand_returns_to_its_caretaker(world):
    caretaker = world.users["caretaker"]
    errand = services.take(request(world.estate_a), actor=caretaker)
    services.cancel(errand, actor=caretaker)
    services.restore(errand, actor=caretaker)
    errand.refresh_from_db()
    assert (errand.state, errand.taken_by) == (State.TAKEN, caretaker)
    restored = Entry.objects.filter(object_type="errands.errand", object_id=str(errand.pk)).latest("pk")
    # Read in the reader's language on the auditor's page and in a resident's access request.
    with translation.override("da"):
        assert restored.get_purpose_display() == "opgave genoprettet (taget)"
    with translation.override("ar"):
        assert restored.get_purpose_display() == "استُعيد الطلب (عند من تولّاه)"


def test_it_refuses_to_restore_an_errand_that_is_not_cancelled(world):
    errand = request(world.estate_a)
    with pytest.raises(services.TransitionNotAllowed):
        services.restore(errand, actor=world.users["caretaker"])


def test_another_housing_organisations_caretaker_cannot_restore_it(client, world):
    errand = services.cancel(request(world.estate_a), actor=world.users["caretaker"])
    log_in(client, world.users["other_housing_caretaker"])
    assert client.post(reverse("errands:errand_restore", args=[errand.pk])).status_code == 404
    errand.refresh_from_db()
    assert errand.state == State.CANCELLED
