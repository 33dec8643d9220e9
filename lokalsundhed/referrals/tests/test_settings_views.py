"""The municipal administrator's routing settings: units, the routing grid, deadlines, retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.referrals import housekeeping
from lokalsundhed.referrals.models import (
    DeadlinePolicy,
    Observation,
    ReceivingUnit,
    RetentionPolicy,
    RoutingRule,
    SignCategory,
    Urgency,
)
from lokalsundhed.referrals.settings_forms import RoutingGridForm
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return bridge_world()


@pytest.fixture
def admin_client(client, world):
    log_in(client, world.users["municipal_admin"])
    return client


def _unit_post(**overrides):
    data = {"name": "Demenskoordinator", "kind": "dementia", "lead": "", "notification_email": "demens@kommune.example.dk",
            "notification_phone": "20 30 40 50"}
    data.update(overrides)
    return data


def _grid_post(world, **cells):
    """Every cell of the grid as it is now, with `cells` ("mental-red": unit) changed."""
    data = {}
    for category in SignCategory.objects.all():
        for urgency in Urgency:
            rule = RoutingRule.objects.filter(municipality=world.municipality_m, category=category, urgency=urgency).first()
            data[RoutingGridForm.cell_name(category.pk, urgency)] = str(rule.unit_id) if rule else ""
    for key, unit in cells.items():
        code, urgency = key.rsplit("-", 1)
        data[RoutingGridForm.cell_name(SignCategory.objects.get(code=code).pk, urgency)] = str(unit.pk) if unit else ""
    return data


def test_the_overview_lists_the_municipalitys_units(admin_client, world):
    response = admin_client.get(reverse("referrals:routing_settings"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Én Indgang" in html and "Socialpsykiatri" in html
    assert world.municipality_m.name in html and world.municipality_v.name not in html


def test_an_administrator_adds_a_unit_with_a_lead_and_members_from_the_municipality(admin_client, world):
    worker, intake = world.users["unit_worker"], world.users["intake"]
    response = admin_client.post(
        reverse("referrals:unit_new", args=[world.municipality_m.pk]),
        _unit_post(lead=intake.pk, members=[worker.pk, intake.pk]),
    )
    assert response.status_code == 302
    unit = ReceivingUnit.objects.get(name="Demenskoordinator")
    assert unit.municipality == world.municipality_m and unit.lead == intake
    assert set(unit.members.all()) == {worker, intake}
    assert not unit.is_default
    entry = Entry.objects.get(action=Action.CREATE, object_type="referrals.receivingunit")
    assert entry.actor == world.users["municipal_admin"] and entry.organisation_id == world.municipality_m.pk


def test_it_refuses_a_member_from_another_organisation_and_keeps_the_rest(admin_client, world):
    outsider = world.users["other_municipality_intake"]
    response = admin_client.post(
        reverse("referrals:unit_new", args=[world.municipality_m.pk]), _unit_post(members=[outsider.pk])
    )
    assert response.status_code == 200
    assert not ReceivingUnit.objects.filter(name="Demenskoordinator").exists()
    html = response.content.decode()
    assert "form-error" in html and 'value="Demenskoordinator"' in html


def test_it_refuses_a_cpr_number_in_the_name_and_keeps_the_rest(admin_client, world):
    response = admin_client.post(
        reverse("referrals:unit_new", args=[world.municipality_m.pk]), _unit_post(name="Team 070761-4285")
    )
    assert response.status_code == 200
    assert "demens@kommune.example.dk" in response.content.decode()
    assert not ReceivingUnit.objects.filter(kind="dementia").exists()


def test_making_a_unit_the_default_takes_it_from_the_old_default(admin_client, world):
    response = admin_client.post(
        reverse("referrals:unit_edit", args=[world.psychiatry.pk]),
        _unit_post(name="Socialpsykiatri", kind="social_psychiatry", is_default="on",
                   members=[world.users["unit_worker"].pk]),
    )
    assert response.status_code == 302
    assert list(ReceivingUnit.objects.filter(is_default=True)) == [world.psychiatry]


def test_the_default_unit_cannot_be_left_without_a_successor(admin_client, world):
    response = admin_client.post(
        reverse("referrals:unit_edit", args=[world.default_unit.pk]), _unit_post(name="Én Indgang", kind="single_entry")
    )
    assert response.status_code == 200
    assert "is_default" in response.context["form"].errors
    world.default_unit.refresh_from_db()
    assert world.default_unit.is_default


def test_the_routing_grid_decides_where_the_next_referral_goes(admin_client, world):
    url = reverse("referrals:routing_grid", args=[world.municipality_m.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, _grid_post(world, **{"mental-red": world.psychiatry}))
    assert response.status_code == 302
    assert RoutingRule.objects.get(municipality=world.municipality_m).unit == world.psychiatry
    referral = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral
    assert referral.unit == world.psychiatry
    assert Entry.objects.filter(action=Action.CHANGE, object_type="referrals.routingrule").count() == 1

    # An empty cell hands the combination back to the default unit.
    admin_client.post(url, _grid_post(world, **{"mental-red": None}))
    assert not RoutingRule.objects.exists()
    assert observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral.unit == world.default_unit


def test_the_routing_grid_answers_htmx_with_the_grid_alone(admin_client, world):
    url = reverse("referrals:routing_grid", args=[world.municipality_m.pk])
    response = admin_client.post(url, _grid_post(world, **{"home-yellow": world.psychiatry}), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "alert-success" in html and 'id="routing-grid"' not in html
    assert RoutingRule.objects.filter(urgency=Urgency.YELLOW, unit=world.psychiatry).exists()


def test_the_routing_grid_offers_each_unit_under_one_name(admin_client, world):
    url = reverse("referrals:routing_grid", args=[world.municipality_m.pk])
    RoutingRule.objects.create(municipality=world.municipality_m, category=SignCategory.objects.get(code="home"),
                               urgency=Urgency.RED, unit=world.default_unit)
    form = admin_client.get(url).context["form"]
    cell = form[RoutingGridForm.cell_name(SignCategory.objects.get(code="mental").pk, Urgency.RED)]
    labels = [str(label) for _value, label in cell.field.choices]
    assert labels == [f"{world.default_unit.name} (standardenhed)", world.psychiatry.name]
    # A rule naming the default unit shows as that one choice, and saving the grid keeps it.
    assert form[RoutingGridForm.cell_name(SignCategory.objects.get(code="home").pk, Urgency.RED)].value() == ""
    data = {name: field.initial for name, field in form.fields.items() if name.startswith("cell-")}
    response = admin_client.post(url, data, follow=True)
    assert "Fordelingen er gemt (0 ændringer)." in response.content.decode()
    assert RoutingRule.objects.get(municipality=world.municipality_m).unit == world.default_unit


def test_the_routing_grid_counts_one_change_in_the_singular(admin_client, world):
    url = reverse("referrals:routing_grid", args=[world.municipality_m.pk])
    response = admin_client.post(url, _grid_post(world, **{"mental-red": world.psychiatry}), follow=True)
    assert "(1 ændring)" in response.content.decode()
    response = admin_client.post(url, _grid_post(world, **{"mental-green": world.psychiatry,
                                                           "home-red": world.psychiatry}), follow=True)
    assert "(2 ændringer)" in response.content.decode()


def test_the_routing_grid_offers_only_the_municipalitys_own_units(admin_client, world):
    foreign = ReceivingUnitFactory(municipality=world.municipality_v, name="Vejle Indgang")
    url = reverse("referrals:routing_grid", args=[world.municipality_m.pk])
    assert "Vejle Indgang" not in admin_client.get(url).content.decode()
    response = admin_client.post(url, _grid_post(world, **{"mental-red": foreign}))
    assert response.status_code == 200 and "form-error-message" in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_deadlines_are_saved_and_apply_to_referrals_sent_afterwards(admin_client, world):
    before = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral
    data = {"green-days": 5, "green-hours": 0, "yellow-days": 1, "yellow-hours": 0, "red-days": 0, "red-hours": 2}
    response = admin_client.post(reverse("referrals:deadlines", args=[world.municipality_m.pk]), data)
    assert response.status_code == 302
    assert DeadlinePolicy.objects.get(municipality=world.municipality_m, urgency="red").hours == 2
    after = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral
    assert after.deadline_at == after.sent_at + timedelta(hours=2)
    before.refresh_from_db()
    assert before.deadline_at == before.sent_at + timedelta(hours=4)
    assert Entry.objects.filter(action=Action.CHANGE, object_type="referrals.deadlinepolicy").exists()


def test_a_deadline_of_nothing_is_refused(admin_client, world):
    data = {"green-days": 5, "green-hours": 0, "yellow-days": 1, "yellow-hours": 0, "red-days": 0, "red-hours": 0}
    response = admin_client.post(reverse("referrals:deadlines", args=[world.municipality_m.pk]), data)
    assert response.status_code == 200
    assert "red-hours" in response.context["form"].errors
    assert not DeadlinePolicy.objects.exists()


def test_the_retention_policy_is_saved_and_the_worker_applies_it(admin_client, world):
    url = reverse("referrals:retention", args=[world.municipality_m.pk])
    assert 'value="12"' in admin_client.get(url).content.decode()
    assert admin_client.post(url, {"closed_referral_months": 6}).status_code == 302
    assert RetentionPolicy.objects.get(organisation=world.municipality_m).closed_referral_months == 6
    worker = world.users["intake"]
    from lokalsundhed.referrals import services

    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    services.return_to_reporter(referral, actor=worker, reason="Hører under Vejle")
    referral.refresh_from_db()
    assert housekeeping.apply_retention(now=referral.closed_at + timedelta(days=190)) == 1
    assert Observation.objects.get(pk=referral.observation_id).anonymised_at is not None


def test_retention_below_one_month_is_refused(admin_client, world):
    response = admin_client.post(reverse("referrals:retention", args=[world.municipality_m.pk]),
                                 {"closed_referral_months": 0})
    assert response.status_code == 200
    assert not RetentionPolicy.objects.exists()


def test_a_housing_organisations_administrator_is_refused_and_not_offered_the_page(client, world):
    log_in(client, world.users["housing_admin"])
    assert client.get(reverse("referrals:routing_settings")).status_code == 403
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("referrals:routing_settings") not in home
    log_in(client, world.users["municipal_admin"])
    assert reverse("referrals:routing_settings") in client.get(reverse("core:home")).content.decode()


def test_another_municipalitys_administrator_cannot_find_the_settings(client, world):
    log_in(client, world.users["other_municipality_admin"])
    assert client.get(reverse("referrals:unit_edit", args=[world.psychiatry.pk])).status_code == 404
    response = client.post(reverse("referrals:retention", args=[world.municipality_m.pk]), {"closed_referral_months": 1})
    assert response.status_code == 404
    assert not RetentionPolicy.objects.exists()
