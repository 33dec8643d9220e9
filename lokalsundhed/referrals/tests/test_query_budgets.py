"""The queue and the reporter's list cost the same number of queries with 10 or 1,000 referrals; a
referral's page the same whatever its signs and history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import Consent, Observation, Referral, Urgency
from lokalsundhed.referrals.tests.factories import observe

pytestmark = pytest.mark.django_db

STATES = [Referral.State.SENT, Referral.State.RECEIVED, Referral.State.TAKEN_OVER, Referral.State.CLOSED]


def bulk_referrals(world, count: int) -> None:
    """`count` observations by the caretaker, each sent to Fredericia: three bulk INSERTs."""
    now = timezone.now()
    dwellings = list(world.estate_a.dwellings.all())
    urgencies = list(Urgency)
    observations = Observation.objects.bulk_create(
        Observation(estate=world.estate_a, dwelling=dwellings[n % len(dwellings)], resident_first_name=f"Beboer{n}",
                    description="Ikke set i flere dage", urgency=urgencies[n % 3], consent=Consent.YES,
                    reported_by=world.users["caretaker"], created_at=now - timedelta(minutes=n))
        for n in range(count)
    )
    units = [world.default_unit, world.psychiatry]
    Referral.objects.bulk_create(
        Referral(observation=o, municipality=world.municipality_m, unit=units[n % 2], routing_reason="Regel",
                 urgency=o.urgency, state=STATES[n % 4], sent_at=o.created_at,
                 deadline_at=o.created_at + timedelta(hours=4),
                 claimed_by=world.users["intake"] if STATES[n % 4] != Referral.State.SENT else None,
                 status_text="Vi har kontakt" if n % 4 >= 2 else "")
        for n, o in enumerate(observations)
    )


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize("persona", ["intake", "unit_worker"])
def test_the_queue_costs_a_fixed_number_of_queries(client, count, persona, django_assert_max_num_queries):
    world = bridge_world()
    bulk_referrals(world, count)
    log_in(client, world.users[persona])
    url = reverse("referrals:queue")
    client.get(url)  # the first request also refreshes the session's idle clock
    # 1. the session  2. the user  3. the user's memberships with organisations
    # 4. COUNT of the referrals in scope for the paginator
    # 5. the page of referrals with estate, address, unit and claimer (one JOINed SELECT), the first
    #    sign category and how many more (correlated subqueries inside that same SELECT)
    # 6. INSERT of the SEARCH entry in the access log
    with django_assert_max_num_queries(6):
        response = client.get(url, {"state": "", "urgency": ""})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(25, count if persona == "intake" else count // 2)


@pytest.mark.parametrize("count", [10, 1000])
def test_the_reporters_list_costs_a_fixed_number_of_queries(client, count, django_assert_max_num_queries):
    world = bridge_world()
    bulk_referrals(world, count)
    log_in(client, world.users["caretaker"])
    url = reverse("referrals:my_reports")
    client.get(url)
    # 1. the session  2. the user  3. the user's memberships with organisations
    # 4. COUNT of the reporter's observations for the paginator
    # 5. INSERT of the SEARCH entry in the access log
    # 6. the page of observations with estate, dwelling, referral and unit (one JOINed SELECT)
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(25, count)
    assert "Vi har kontakt" in response.content.decode()


def test_a_queue_card_names_the_address_sign_category_and_how_long_it_has_waited(client, django_assert_max_num_queries):
    from lokalsundhed.referrals.tests.factories import observe

    world = bridge_world()
    bulk_referrals(world, 30)
    referral = observe(world.users["caretaker"], world.estate_a, "falls", "loneliness", "smell").referral
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - timedelta(days=2, hours=3),
                                                   deadline_at=timezone.now() - timedelta(days=3))
    log_in(client, world.users["intake"])
    client.get(reverse("referrals:queue"))
    with django_assert_max_num_queries(6):  # the same six queries as above
        response = client.get(reverse("referrals:queue"), {"state": "", "urgency": ""})
    cards = response.content.decode().split('<li class="referral-card')
    card = next(c for c in cards if f"#{referral.pk} ·" in c)
    assert referral.observation.dwelling.address in card
    # Fysisk comes first in the catalogue; Socialt and Boligen are the two more
    assert "Fysisk og 2 kategorier mere" in card
    assert "2\xa0dage, 3\xa0timer" in card  # timesince keeps number and unit together


def test_a_referrals_page_costs_the_same_queries_whatever_its_signs_and_history(client, django_assert_num_queries):
    """1. the session  2. the user  3. the referral with its unit and claimer  4. its observation
    with estate, housing organisation, address, legal basis and reporter (a second query: one
    joining all nine tables cost PostgreSQL more to plan than both to run)  5. the READ entry in
    the access log  6. the signs with their categories  7. the state changes with who made them."""
    world = bridge_world()
    intake, caretaker = world.users["intake"], world.users["caretaker"]
    plain = observe(caretaker, world.estate_a, "falls").referral
    busy = observe(caretaker, world.estate_a, "falls", "confusion", "mail_piling", "not_seen").referral
    services.receive(busy, actor=intake)
    services.claim(busy, actor=intake)
    services.take_over(busy, actor=intake, status_text="Vi har kontakt")
    log_in(client, intake)
    client.get(reverse("referrals:queue"))  # the first request also refreshes the session's idle clock
    for referral in (plain, busy):
        with django_assert_num_queries(7):
            response = client.get(reverse("referrals:referral_detail", args=[referral.pk]))
        assert response.status_code == 200
    page = response.content.decode()
    assert "Vi har kontakt" in page and world.estate_a.name in page and caretaker.full_name in page


def test_a_refused_action_shows_the_page_again_for_the_same_queries(client, django_assert_num_queries):
    """The same seven queries as the page itself: the form is judged without the database, and the
    page shown again is read into the access log once, as a visit is."""
    world = bridge_world()
    intake, caretaker = world.users["intake"], world.users["caretaker"]
    referral = observe(caretaker, world.estate_a, "falls", "confusion").referral
    services.claim(referral, actor=intake)
    log_in(client, intake)
    client.get(reverse("referrals:queue"))  # the first request also refreshes the session's idle clock
    with django_assert_num_queries(7):
        response = client.post(reverse("referrals:referral_take_over", args=[referral.pk]),
                               {"status_text": "CPR 010190-1234"})
    assert response.status_code == 400
