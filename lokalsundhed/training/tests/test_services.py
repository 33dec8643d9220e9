"""Enrolment by the person or their manager, its refusals, attendance and completion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lokalsundhed.audit.models import Entry
from lokalsundhed.training import services
from lokalsundhed.training.models import Enrolment
from lokalsundhed.training.tests.factories import session

pytestmark = pytest.mark.django_db


def test_a_caretaker_enrols_themself_and_the_access_log_says_so(world):
    caretaker = world.users["caretaker"]
    enrolment = services.enrol(session(world.housing_a), participant=caretaker, organisation=world.housing_a,
                               actor=caretaker)
    assert (enrolment.state, enrolment.enrolled_by) == (Enrolment.State.ENROLLED, caretaker)
    assert Entry.objects.filter(object_type="training.enrolment", object_id=str(enrolment.pk),
                                purpose="enrolled on training").exists()


def test_a_manager_enrols_a_colleague_of_their_organisation(world):
    enrolment = services.enrol(session(world.housing_a), participant=world.users["caretaker"],
                               organisation=world.housing_a, actor=world.users["housing_admin"])
    assert enrolment.enrolled_by == world.users["housing_admin"]


def test_it_refuses_a_manager_enrolling_someone_of_another_organisation(world):
    with pytest.raises(services.NotAllowed):
        services.enrol(session(world.housing_a), participant=world.users["other_housing_caretaker"],
                       organisation=world.housing_b, actor=world.users["housing_admin"])


def test_it_refuses_a_colleague_without_manage_training(world):
    with pytest.raises(services.NotAllowed):
        services.enrol(session(world.housing_a), participant=world.users["caretaker"],
                       organisation=world.housing_a, actor=world.users["social_worker"])


def test_it_refuses_enrolling_for_an_organisation_one_is_not_a_member_of(world):
    caretaker = world.users["caretaker"]
    with pytest.raises(services.NotAllowed):
        services.enrol(session(world.housing_a), participant=caretaker, organisation=world.housing_b,
                       actor=caretaker)


def test_it_refuses_a_second_enrolment_and_a_full_session(world):
    full = session(world.housing_a, capacity=1)
    caretaker, worker = world.users["caretaker"], world.users["social_worker"]
    services.enrol(full, participant=caretaker, organisation=world.housing_a, actor=caretaker)
    with pytest.raises(services.NotAllowed, match="Allerede tilmeldt"):
        services.enrol(full, participant=caretaker, organisation=world.housing_a, actor=caretaker)
    with pytest.raises(services.NotAllowed, match="fuld"):
        services.enrol(full, participant=worker, organisation=world.housing_a, actor=worker)
    assert Enrolment.objects.count() == 1


def test_it_refuses_enrolment_on_a_session_that_is_over(world):
    caretaker = world.users["caretaker"]
    with pytest.raises(services.NotAllowed):
        services.enrol(session(world.housing_a, days=-2), participant=caretaker, organisation=world.housing_a,
                       actor=caretaker)


def test_a_cancelled_enrolment_frees_the_place_and_can_be_renewed(world):
    full = session(world.housing_a, capacity=1)
    caretaker = world.users["caretaker"]
    first = services.enrol(full, participant=caretaker, organisation=world.housing_a, actor=caretaker)
    services.cancel_enrolment(first, actor=caretaker)
    again = services.enrol(full, participant=caretaker, organisation=world.housing_a, actor=caretaker)
    assert again.pk != first.pk and Enrolment.objects.filter(state="cancelled").count() == 1


def _past_enrolment(world, code="opsporing-og-brobygning", user_key="caretaker", days=-1):
    past = session(world.housing_a, code=code, days=days)
    return Enrolment.objects.create(session=past, user=world.users[user_key], organisation=world.housing_a,
                                    enrolled_by=world.users[user_key])


def test_attendance_completes_the_module_valid_for_its_refresh_interval(world):
    enrolment = _past_enrolment(world)  # early detection: refreshed every 24 months
    services.record_attendance(enrolment, attended=True, actor=world.users["housing_admin"])
    day = timezone.localtime(enrolment.session.starts_at).date()
    assert enrolment.state == Enrolment.State.COMPLETED and enrolment.completed_on == day
    assert enrolment.valid_until == services.add_months(day, 24)


def test_a_module_without_refresh_is_valid_for_good_and_absence_completes_nothing(world):
    done = _past_enrolment(world, code="systemkendskab")
    services.record_attendance(done, attended=True, actor=world.users["housing_admin"])
    assert done.valid_until is None
    absent = _past_enrolment(world, user_key="social_worker")
    services.record_attendance(absent, attended=False, actor=world.users["housing_admin"])
    assert (absent.state, absent.completed_on) == (Enrolment.State.ABSENT, None)


def test_it_refuses_attendance_before_the_session_and_from_someone_else(world):
    future = services.enrol(session(world.housing_a), participant=world.users["caretaker"],
                            organisation=world.housing_a, actor=world.users["caretaker"])
    with pytest.raises(services.NotAllowed):
        services.record_attendance(future, attended=True, actor=world.users["housing_admin"])
    with pytest.raises(services.NotAllowed):
        services.record_attendance(_past_enrolment(world), attended=True, actor=world.users["caretaker"])


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    assert services.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert services.add_months(date(2025, 11, 15), 24) == date(2027, 11, 15)


def test_it_refuses_planning_a_session_that_ends_before_it_starts(world):
    from lokalsundhed.training.tests.factories import module

    start = timezone.now() + timedelta(days=3)
    with pytest.raises(services.NotAllowed):
        services.plan_session(module(), host=world.housing_a, starts_at=start, ends_at=start, place="Hus",
                              capacity=5, actor=world.users["housing_admin"])
    with pytest.raises(services.NotAllowed):
        services.plan_session(module(), host=world.housing_b, starts_at=start, ends_at=start + timedelta(hours=1),
                              place="Hus", capacity=5, actor=world.users["housing_admin"])
