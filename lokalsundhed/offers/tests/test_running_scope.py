"""Running an offer and seeing its residents reach only the offers one's own organisation runs
and those of one's partnerships: a municipality's facilitator does not run a housing
organisation's own activity because its estate lies in the municipality."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lokalsundhed.accounts.middleware import TWO_FACTOR_OK_KEY
from lokalsundhed.core.access import scoped
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import services
from lokalsundhed.offers.models import Attendance, Offer, SignUp
from lokalsundhed.offers.tests.factories import make_offer, resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    worker = world.users["social_worker"]  # housing organisation A
    # A's own Friday café in its estate, which lies in the municipality: not a partnership offer.
    world.cafe = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.ACTIVITY, title="Fredagscafé")
    world.at_cafe = services.sign_up(world.cafe, resident(1))
    services.set_attendance(world.cafe.sessions.get(), world.at_cafe, True, actor=worker)
    # The partnership's course, and a course in A's estate the municipality's facilitator runs.
    world.course = make_offer(worker, partnership=world.partnership, title="LÆR AT TACKLE angst")
    world.on_course = services.sign_up(world.course, resident(2))
    world.facilitated = make_offer(worker, estate=world.estate_a, facilitator=world.users["professional"],
                                   title="LÆR AT TACKLE kroniske smerter")
    return world


def _login(client, user):
    client.force_login(user)
    session = client.session
    session[TWO_FACTOR_OK_KEY] = True
    session.save()


@pytest.mark.parametrize("name, kwargs", [
    ("offers:offer_detail", lambda w: {"pk": w.cafe.pk}),
    ("offers:offer_edit", lambda w: {"pk": w.cafe.pk}),
    ("offers:offer_cancel", lambda w: {"pk": w.cafe.pk}),
    ("offers:session_new", lambda w: {"pk": w.cafe.pk}),
    ("offers:attendance", lambda w: {"pk": w.cafe.sessions.get().pk}),
    ("offers:session_cancel", lambda w: {"pk": w.cafe.sessions.get().pk}),
])
def test_the_municipality_s_facilitator_cannot_run_a_housing_organisation_s_own_activity(client, world, name, kwargs):
    _login(client, world.users["professional"])
    assert client.get(reverse(name, kwargs=kwargs(world))).status_code == 404
    _login(client, world.users["social_worker"])
    assert client.get(reverse(name, kwargs=kwargs(world))).status_code == 200


def test_the_facilitator_cannot_take_attendance_or_cancel_a_sign_up_there(client, world):
    _login(client, world.users["professional"])
    session = world.cafe.sessions.get()
    url = reverse("offers:attendance_toggle", kwargs={"pk": session.pk, "sign_up_pk": world.at_cafe.pk})
    assert client.post(url, {"present": "0"}).status_code == 404
    assert client.post(reverse("offers:sign_up_cancel", args=[world.at_cafe.pk])).status_code == 404
    assert Attendance.objects.filter(sign_up=world.at_cafe).exists()  # still marked present
    world.at_cafe.refresh_from_db()
    assert world.at_cafe.status == SignUp.Status.CONFIRMED


def test_the_facilitator_runs_the_partnership_s_offers_and_the_ones_they_facilitate(client, world):
    professional = world.users["professional"]
    _login(client, professional)
    page = client.get(reverse("offers:offer_list")).content.decode()
    assert "LÆR AT TACKLE angst" in page and "LÆR AT TACKLE kroniske smerter" in page and "Fredagscafé" not in page
    assert client.get(reverse("offers:offer_detail", args=[world.course.pk])).status_code == 200
    assert client.get(reverse("offers:offer_detail", args=[world.facilitated.pk])).status_code == 200
    assert set(scoped(professional, SignUp)) == {world.on_course}
    assert not scoped(professional, Attendance).filter(sign_up=world.at_cafe).exists()


def test_the_facilitator_still_sees_that_the_activity_exists(world):
    assert world.cafe in scoped(world.users["professional"], Offer)


def test_the_housing_organisation_runs_its_own_activity_and_the_partnership_s(world):
    worker = world.users["social_worker"]
    assert {world.at_cafe, world.on_course} <= set(scoped(worker, SignUp))
