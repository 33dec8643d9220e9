"""The one scoping helper: default deny, and the same 404 for "missing" and "not yours"."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.access import get_for_user, registered_models, scoped
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.organisations.models import Dwelling, Estate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_a_model_without_a_scope_is_refused_not_shown(world):
    with pytest.raises(ImproperlyConfigured):
        scoped(world.users["caretaker"], Session)


def test_anonymous_users_see_nothing(world):
    for model in registered_models():
        assert not scoped(AnonymousUser(), model).exists()


def test_inactive_users_see_nothing(world):
    user = world.users["caretaker"]
    user.is_active = False
    assert not scoped(user, Estate).exists()


def test_a_caretaker_sees_only_their_housing_organisations_estates(world):
    assert set(scoped(world.users["caretaker"], Estate)) == {world.estate_a}
    assert set(scoped(world.users["other_housing_caretaker"], Estate)) == {world.estate_b}


def test_the_municipality_sees_the_estates_inside_it(world):
    assert set(scoped(world.users["intake"], Estate)) == {world.estate_a, world.estate_b}
    assert set(scoped(world.users["other_municipality_intake"], Estate)) == {world.estate_c}


def test_an_analyst_sees_estates_but_not_dwellings(world):
    assert scoped(world.users["housing_analyst"], Estate).exists()
    assert not scoped(world.users["housing_analyst"], Dwelling).exists()


def test_missing_and_not_yours_get_the_same_404_and_a_refusal_is_logged(world):
    caretaker = world.users["caretaker"]
    with pytest.raises(Http404):
        get_for_user(caretaker, Estate, pk=world.estate_c.pk)
    with pytest.raises(Http404):
        get_for_user(caretaker, Estate, pk=999_999)
    with pytest.raises(Http404):
        get_for_user(caretaker, Estate, pk="not-a-number")
    refusals = Entry.objects.filter(actor=caretaker, action=Action.DENIED)
    assert list(refusals.values_list("object_type", "object_id")) == [("organisations.estate", str(world.estate_c.pk))]


def test_a_refused_page_is_written_to_the_access_log(client, world):
    from django.urls import reverse


    caretaker = world.users["caretaker"]
    log_in(client, caretaker)
    assert client.get(reverse("audit:entry_list")).status_code == 403
    entry = Entry.objects.get(actor=caretaker, action=Action.DENIED)
    assert entry.path == reverse("audit:entry_list")
