"""A user's memberships are kept in the session, and every change of them shows on the next request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.accounts.membership_cache import SESSION_KEY
from lokalsundhed.accounts.models import Membership
from lokalsundhed.accounts.services import change_membership, end_membership, grant_membership
from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory

pytestmark = pytest.mark.django_db

NUMBERS = "referrals:numbers"  # needs VIEW_AGGREGATES: the analyst's role


@pytest.fixture
def analyst_client(client):
    organisation = HousingOrganisationFactory()
    user = member(organisation, Role.ANALYST)
    log_in(client, user)
    assert client.get(reverse(NUMBERS)).status_code == 200  # the session now holds the memberships
    assert client.session[SESSION_KEY]["user"] == user.pk
    return client, user, organisation


def test_the_session_keeps_the_memberships_so_the_next_page_does_not_read_them(
        analyst_client, django_assert_max_num_queries):
    client, _user, _organisation = analyst_client
    # 1 session, 2 user (with its memberships stamp); no memberships query
    with django_assert_max_num_queries(2):
        assert client.get(reverse("core:home")).status_code == 200


def test_it_refuses_at_once_when_the_role_is_taken_away(analyst_client):
    client, user, _organisation = analyst_client
    end_membership(Membership.objects.get(user=user), actor=None, actor_label="test")
    assert client.get(reverse(NUMBERS)).status_code == 403


def test_it_refuses_at_once_when_the_role_is_changed(analyst_client):
    client, user, organisation = analyst_client
    change_membership(Membership.objects.get(user=user), organisation=organisation, role=Role.CARETAKER,
                      actor=None, actor_label="test")
    assert client.get(reverse(NUMBERS)).status_code != 200


def test_it_refuses_at_once_when_the_organisation_is_closed(analyst_client):
    client, _user, organisation = analyst_client
    organisation.is_active = False
    organisation.save()
    assert client.get(reverse(NUMBERS)).status_code == 403


def test_a_role_granted_works_at_once(client):
    organisation = HousingOrganisationFactory()
    user = member(organisation, Role.ANALYST)
    other = HousingOrganisationFactory()
    log_in(client, user)
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(reverse("accounts:member_list")).status_code == 403
    grant_membership(user=user, organisation=other, role=Role.ADMIN, actor=None, actor_label="test")
    session = client.session
    session["two_factor_ok"] = True
    session.save()
    assert client.get(reverse("accounts:member_list")).status_code == 200


def test_a_membership_changed_outside_the_services_shows_at_once_too(analyst_client):
    client, user, _organisation = analyst_client
    Membership.objects.get(user=user).delete()  # e.g. the Django admin
    assert client.get(reverse(NUMBERS)).status_code == 403
