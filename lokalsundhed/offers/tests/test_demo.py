"""The demo holds a month of offers in every estate, a running course with attendance, booked
outreach slots and errands in every state — and loading it twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lokalsundhed.core.tests.support import log_in
from lokalsundhed.demo.offers import summary
from lokalsundhed.errands.models import Errand
from lokalsundhed.offers.models import Attendance, Offer, Session, SignUp
from lokalsundhed.organisations.models import Estate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_for_the_module, db, settings, tmp_path):
    """The demo, loaded once for the module (conftest.py); a load in a test writes to `tmp_path`."""
    settings.VAR_DIR = tmp_path


def test_the_demo_has_offers_courses_slots_and_errands(demo):
    now = timezone.now()
    for estate in Estate.objects.all():
        coming = Session.objects.filter(offer__estate=estate, starts_at__gt=now,
                                        starts_at__lt=now + timezone.timedelta(days=35))
        assert coming.exists(), estate.name
        states = set(Errand.objects.filter(estate=estate).values_list("state", flat=True))
        assert states == {"open", "taken", "done", "cancelled"}, estate.name
    course = Offer.objects.get(kind=Offer.Kind.COURSE, title="LÆR AT TACKLE kroniske smerter")
    assert course.sessions.count() == 6
    assert Attendance.objects.filter(session__offer=course).exists()
    assert SignUp.objects.filter(offer=course, status=SignUp.Status.WAITING).count() == 2
    assert SignUp.objects.filter(slot__isnull=False, status=SignUp.Status.CONFIRMED).exists()
    assert set(SignUp.objects.values_list("language", flat=True)) >= {"da", "ar", "tr"}


def test_loading_the_demo_again_adds_no_offers(demo):
    before = summary()
    call_command("load_demo", stdout=StringIO())
    assert summary() == before


def test_vejle_has_someone_who_runs_its_offers_and_only_its_own(demo, client):
    """The boundary between two municipalities: Vejle's runner sees Vejle's offers, and is told
    Fredericia's do not exist."""
    from django.urls import reverse

    from lokalsundhed.accounts.models import User
    from lokalsundhed.core.access import scoped
    from lokalsundhed.core.permissions import Perm

    runners = [u for u in User.objects.filter(memberships__organisation__municipality__code="0630").distinct()
               if u.has_role_perm(Perm.RUN_OFFERS)]
    assert len(runners) == 1
    (runner,) = runners
    vejle = Offer.objects.filter(municipality__code="0630")
    assert vejle.count() >= 2
    assert set(scoped(runner, Offer).values_list("municipality__code", flat=True)) == {"0630"}
    log_in(client, runner)
    page = client.get(reverse("offers:offer_list")).content.decode()
    assert all(offer.title in page for offer in vejle)
    fredericia = Offer.objects.filter(municipality__code="0607").first()
    assert client.get(reverse("offers:offer_detail", args=[fredericia.pk])).status_code == 404
    assert client.get(reverse("offers:offer_edit", args=[fredericia.pk])).status_code == 404
