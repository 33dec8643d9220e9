"""Practical help: the catalogue, requests, and the errand's path from open to done."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from lokalsundhed.audit.models import Entry
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.errands import selectors, services
from lokalsundhed.errands.catalogue import DEFAULT_CATALOGUE
from lokalsundhed.errands.models import Errand, ErrandType
from lokalsundhed.errands.tests.factories import errand_type, request

pytestmark = pytest.mark.django_db
State = Errand.State


@pytest.fixture
def world():
    return build_world()


def test_every_housing_organisation_starts_with_the_standard_catalogue(world):
    codes = set(ErrandType.objects.filter(housing_organisation=world.housing_a).values_list("code", flat=True))
    assert codes == set(DEFAULT_CATALOGUE)
    assert not ErrandType.objects.filter(housing_organisation=world.municipality_m).exists()
    assert not errand_type(world.estate_a, "personal_care").allowed
    assert services.seed_catalogue(world.housing_a) == 0


def test_personal_care_is_refused_and_says_where_help_is(world):
    with pytest.raises(services.TransitionNotAllowed) as refusal:
        request(world.estate_a, "personal_care")
    assert "hjemmepleje" in str(refusal.value)


def test_a_task_of_another_housing_organisation_is_refused(world):
    with pytest.raises(services.TransitionNotAllowed):
        services.request_errand(
            services.ErrandRequest(estate=world.estate_a, errand_type=errand_type(world.estate_b),
                                   resident_first_name="Inge", phone="20304050"),
        )


def test_a_caretaker_takes_and_completes_an_errand_with_minutes(world):
    caretaker = world.users["caretaker"]
    errand = request(world.estate_a)
    errand = services.take(errand, actor=caretaker)
    assert errand.state == State.TAKEN and errand.taken_by == caretaker
    errand = services.complete(errand, actor=caretaker, minutes=25)
    assert (errand.state, errand.minutes) == (State.DONE, 25)
    purposes = list(Entry.objects.filter(object_type="errands.errand", object_id=str(errand.pk))
                    .order_by("pk").values_list("purpose", flat=True))
    assert purposes == ["resident requested an errand", "errand taken", "errand done"]


def test_only_one_caretaker_can_take_an_errand(world):
    errand = request(world.estate_a)
    services.take(errand, actor=world.users["caretaker"])
    with pytest.raises(services.TransitionNotAllowed):
        services.take(Errand.objects.get(pk=errand.pk), actor=world.users["social_worker"])


def test_only_the_taker_completes_or_releases(world):
    errand = services.take(request(world.estate_a), actor=world.users["caretaker"])
    with pytest.raises(services.TransitionNotAllowed):
        services.complete(errand, actor=world.users["social_worker"], minutes=10)
    errand = services.release(errand, actor=world.users["caretaker"])
    assert errand.state == State.OPEN and errand.taken_by is None


def test_minutes_must_be_sensible(world):
    errand = services.take(request(world.estate_a), actor=world.users["caretaker"])
    for minutes in (0, 481):
        with pytest.raises(services.TransitionNotAllowed):
            services.complete(errand, actor=world.users["caretaker"], minutes=minutes)


def test_a_done_errand_cannot_be_cancelled(world):
    caretaker = world.users["caretaker"]
    errand = services.complete(services.take(request(world.estate_a), actor=caretaker), actor=caretaker, minutes=5)
    with pytest.raises(services.TransitionNotAllowed):
        services.cancel(errand)


def test_the_monthly_report_counts_errands_and_minutes_by_task(world):
    caretaker = world.users["caretaker"]
    for code, minutes in (("read_letters", 10), ("read_letters", 20), ("rubbish", 15)):
        services.complete(services.take(request(world.estate_a, code), actor=caretaker), actor=caretaker,
                          minutes=minutes)
    request(world.estate_a, "rubbish")  # still open: not in the report
    report = selectors.monthly_report(world.estate_a, timezone.localdate())
    assert [(r.name, r.errands, r.minutes) for r in report.rows] == [
        ("Læse breve højt", 2, 30), ("Bære affald ud og sortere det", 1, 15)
    ]
    assert (report.errands, report.minutes, report.hours) == (3, 45, 0.8)
    last_year = selectors.monthly_report(world.estate_a, date(timezone.localdate().year - 1, 1, 1))
    assert last_year.rows == []


def test_details_are_removed_long_after_and_the_report_stays(world):
    from datetime import timedelta

    from lokalsundhed.errands import housekeeping

    caretaker = world.users["caretaker"]
    old = services.complete(services.take(request(world.estate_a), actor=caretaker), actor=caretaker, minutes=20)
    recent = services.complete(services.take(request(world.estate_a), actor=caretaker), actor=caretaker, minutes=5)
    long_ago = timezone.now() - timedelta(days=200)
    Errand.objects.filter(pk=old.pk).update(done_at=long_ago)
    before = selectors.monthly_report(world.estate_a, timezone.localtime(long_ago).date())
    assert housekeeping.apply_retention() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.resident_first_name, old.phone, old.address, old.note) == ("", "", "", "")
    assert old.minutes == 20 and recent.resident_first_name == "Inge"
    assert selectors.monthly_report(world.estate_a, timezone.localtime(long_ago).date()) == before
