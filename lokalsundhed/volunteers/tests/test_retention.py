"""Volunteers' personal data ends with its retention: a volunteer who stopped is anonymised the
housing organisation's retention period after stopping, an applicant never approved that long
after signing up; their login is switched off; hours given stay counted."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.accounts.models import User
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.permissions import Role
from lokalsundhed.offers.models import Session
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.referrals.housekeeping import months_before
from lokalsundhed.referrals.models import RetentionPolicy
from lokalsundhed.volunteers import housekeeping, selectors, services, tasks
from lokalsundhed.volunteers.models import Shift, Volunteer
from lokalsundhed.volunteers.tests.factories import volunteer

pytestmark = pytest.mark.django_db
Status = Volunteer.Status
YEAR = timedelta(days=366)


@pytest.fixture
def coordinator(world):
    return world.users["social_worker"]


def _stop(person, coordinator):
    return services.set_status(person, Status.INACTIVE, actor=coordinator)


def test_a_volunteer_who_stopped_is_anonymised_a_retention_period_later_and_not_before(world, coordinator):
    amal = _stop(volunteer(world.estate_a, "Amal", email="amal@example.dk", phone="20304050", admin=coordinator),
                 coordinator)
    amal.last_name, amal.skills, amal.availability, amal.language = "Hassan", "Lektier", "Tirsdage", "ar"
    amal.criminal_record_checked_on = timezone.localdate()
    amal.save()
    still_active = volunteer(world.estate_a, "Bo", admin=coordinator)
    assert amal.stopped_at is not None
    assert housekeeping.apply_retention(now=timezone.now() + timedelta(days=300)) == 0
    assert housekeeping.apply_retention(now=timezone.now() + YEAR) == 1
    amal.refresh_from_db()
    assert (amal.first_name, amal.last_name, amal.phone, amal.email, amal.languages) == ("", "", "", "", [])
    assert (amal.skills, amal.availability, amal.criminal_record_checked_on, amal.language) == ("", "", None, "da")
    assert amal.anonymised_at is not None and amal.status == Status.INACTIVE and amal.estate == world.estate_a
    still_active.refresh_from_db()
    assert still_active.first_name == "Bo" and still_active.anonymised_at is None
    entry = Entry.objects.filter(action=Action.DELETE, object_type="volunteers.volunteer").get()
    assert entry.purpose == "retention: anonymised 1 volunteers"


def test_an_applicant_never_approved_is_anonymised_a_retention_period_after_signing_up(world):
    applicant = volunteer(world.estate_a, "Hassan", active=False)
    assert housekeeping.apply_retention(now=timezone.now() + YEAR) == 1
    applicant.refresh_from_db()
    assert applicant.first_name == "" and applicant.status == Status.APPLIED


def test_the_housing_organisation_s_retention_policy_sets_the_period(world, coordinator):
    RetentionPolicy.objects.create(organisation=world.housing_a, closed_referral_months=3)
    amal = _stop(volunteer(world.estate_a, "Amal", admin=coordinator), coordinator)
    assert housekeeping.apply_retention(now=timezone.now() + timedelta(days=80)) == 0
    assert housekeeping.apply_retention(now=timezone.now() + timedelta(days=100)) == 1
    amal.refresh_from_db()
    assert amal.anonymised_at is not None


def test_coming_back_restarts_the_volunteer_s_record(world, coordinator):
    amal = _stop(volunteer(world.estate_a, "Amal", admin=coordinator), coordinator)
    services.set_status(amal, Status.ACTIVE, actor=coordinator)
    amal.refresh_from_db()
    assert amal.stopped_at is None
    assert housekeeping.apply_retention(now=timezone.now() + 2 * YEAR) == 0


def test_the_volunteer_s_login_is_switched_off_and_names_no_one_but_a_staff_login_stays(world, coordinator):
    amal = volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=coordinator)
    EmailAddress.objects.create(user=amal.user, email="amal@example.dk", verified=True, primary=True)
    staff = volunteer(world.estate_a, "Sofie", email="sofie@example.dk", admin=coordinator)
    staff.user.memberships.create(organisation=world.housing_a, role=Role.CARETAKER)
    login, staff_login = amal.user, staff.user
    _stop(amal, coordinator), _stop(staff, coordinator)
    assert housekeeping.apply_retention(now=timezone.now() + YEAR) == 2
    login.refresh_from_db()
    assert not login.is_active and "amal" not in login.email and login.full_name == ""
    assert not EmailAddress.objects.filter(user=login).exists()
    staff_login.refresh_from_db()
    assert staff_login.is_active and staff_login.email == "sofie@example.dk"
    assert Volunteer.objects.get(pk=staff.pk).user is None
    assert User.objects.filter(email__endswith="@volunteer.invalid").count() == 1


def test_hours_given_stay_counted_and_shifts_to_come_are_freed(world, coordinator):
    homework = make_offer(coordinator, estate=world.estate_a, sessions=0, title="Lektiecafé", kind="activity")
    now = timezone.now()
    past = Session.objects.create(offer=homework, starts_at=now - timedelta(days=7), ends_at=now - timedelta(days=7, hours=-2))
    later = Session.objects.create(offer=homework, starts_at=now + 2 * YEAR, ends_at=now + 2 * YEAR + timedelta(hours=2))
    amal = volunteer(world.estate_a, "Amal", admin=coordinator)
    services.assign(amal, homework, role="Lektiehjælp", actor=coordinator)
    given = services.add_shift(past, role="Lektiehjælp", volunteer=amal, actor=coordinator)
    services.log_hours(given, minutes=90, actor=coordinator)
    coming = services.add_shift(later, role="Lektiehjælp", volunteer=amal, actor=coordinator)
    _stop(amal, coordinator)
    housekeeping.apply_retention(now=now + YEAR)
    assert Shift.objects.get(pk=given.pk).volunteer_id == amal.pk
    assert Shift.objects.get(pk=coming.pk).volunteer_id is None
    [figures] = selectors.figures_per_estate([world.estate_a.pk])
    assert figures.minutes == 90


def test_stopping_in_the_page_starts_the_retention_and_an_anonymised_volunteer_leaves_the_list(
        client, world, login, coordinator):
    amal = volunteer(world.estate_a, "Amal", phone="20304050", admin=coordinator)
    login(coordinator)
    url = reverse("volunteers:volunteer_detail", args=[amal.pk])
    client.post(url, {"step": "record", "status": "inactive", "phone": "20304050", "confirm_stop": "1"})
    amal.refresh_from_db()
    assert amal.status == Status.INACTIVE and amal.stopped_at is not None
    assert Entry.objects.filter(object_type="volunteers.volunteer", object_id=str(amal.pk),
                                purpose="volunteer stopped").exists()
    assert "Amal" in client.get(reverse("volunteers:volunteer_list")).content.decode()
    housekeeping.apply_retention(now=timezone.now() + YEAR)
    assert list(client.get(reverse("volunteers:volunteer_list")).context["page"]) == []
    assert client.get(url).status_code == 404


def test_stopping_a_volunteer_asks_first_and_says_what_it_ends(client, world, login, coordinator):
    activity = make_offer(coordinator, estate=world.estate_a, sessions=2, title="Lektiecafé", kind="activity")
    amal = volunteer(world.estate_a, "Amal", phone="20304050", email="amal@example.dk", admin=coordinator)
    services.assign(amal, activity, role="Kaffe", actor=coordinator)
    services.add_shift(activity.sessions.last(), role="Kaffe", volunteer=amal, actor=coordinator)
    login(coordinator)
    url = reverse("volunteers:volunteer_detail", args=[amal.pk])
    response = client.post(url, {"step": "record", "status": "inactive", "phone": "20304050", "skills": "Kaffe"})
    assert response.status_code == 200
    page = response.content.decode()
    # Nothing is stopped yet: the page says what stopping ends and asks, with what was typed kept.
    amal.refresh_from_db()
    assert amal.status == Status.ACTIVE and amal.stopped_at is None and amal.skills == ""
    assert re.search(r'class="alert alert-warning"[^>]*data-focus-on-load', page)
    assert "1 aktivitet" in page and "1 vagt" in page and "lukker personens login" in page
    assert 'name="confirm_stop" value="1"' in page and 'value="Kaffe"' in page
    client.post(url, {"step": "record", "status": "inactive", "phone": "20304050", "skills": "Kaffe",
                      "confirm_stop": "1"})
    amal.refresh_from_db()
    assert amal.status == Status.INACTIVE and amal.skills == "Kaffe" and not amal.user.is_active


def test_a_refused_part_of_the_record_saves_none_of_it(client, world, login, coordinator):
    amal = volunteer(world.estate_a, "Amal", phone="20304050", admin=coordinator)
    login(coordinator)
    url = reverse("volunteers:volunteer_detail", args=[amal.pk])
    response = client.post(url, {"step": "record", "status": "inactive", "phone": "", "skills": "Kaffe"})
    assert response.context["form"].non_field_errors()  # keep a number or an e-mail address
    amal.refresh_from_db()
    assert (amal.status, amal.stopped_at, amal.phone, amal.skills) == (Status.ACTIVE, None, "20304050", "")


def test_the_worker_runs_it_every_night():
    assert tasks.apply_volunteer_retention.call_local() == 0


def test_the_volunteer_s_page_says_until_when_the_details_of_one_who_stopped_are_kept(
        client, world, login, coordinator):
    RetentionPolicy.objects.create(organisation=world.housing_a, closed_referral_months=6)
    amal = volunteer(world.estate_a, "Amal", phone="20304050", admin=coordinator)
    login(coordinator)
    url = reverse("volunteers:volunteer_detail", args=[amal.pk])
    assert client.get(url).context["details_removed_after"] is None  # active: kept while they serve
    _stop(amal, coordinator)
    after = client.get(url).context["details_removed_after"]
    assert after == months_before(amal.stopped_at, -6)  # six months after
    assert housekeeping.apply_retention(now=after - timedelta(minutes=1)) == 0
    assert housekeeping.apply_retention(now=after + timedelta(minutes=1)) == 1


def test_stopping_takes_the_volunteer_off_their_activities_and_frees_their_shifts_to_come(world, coordinator):
    homework = make_offer(coordinator, estate=world.estate_a, sessions=0, title="Lektiecafé", kind="activity")
    now = timezone.now()
    past = Session.objects.create(offer=homework, starts_at=now - timedelta(days=7), ends_at=now - timedelta(days=7, hours=-2))
    later = Session.objects.create(offer=homework, starts_at=now + timedelta(days=7), ends_at=now + timedelta(days=7, hours=2))
    amal = volunteer(world.estate_a, "Amal", admin=coordinator)
    services.assign(amal, homework, role="Lektiehjælp", actor=coordinator)
    given = services.add_shift(past, role="Lektiehjælp", volunteer=amal, actor=coordinator)
    coming = services.add_shift(later, role="Lektiehjælp", volunteer=amal, actor=coordinator)
    _stop(amal, coordinator)
    assert not amal.assignments.filter(ended_at__isnull=True).exists()
    assert Shift.objects.get(pk=coming.pk).volunteer_id is None  # open again, for another to take
    assert Shift.objects.get(pk=given.pk).volunteer_id == amal.pk  # the hours they may still be logged for


def test_the_volunteer_s_dates_are_written_as_the_reader_s_language_writes_them(client, world, login, coordinator):
    amal = _stop(volunteer(world.estate_a, "Amal", phone="20304050", admin=coordinator), coordinator)
    login(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("volunteers:volunteer_detail", args=[amal.pk])).content.decode()
    stopped = timezone.localtime(amal.stopped_at)
    assert f"<dd>{stopped.day} {stopped:%B} {stopped.year}</dd>" in page  # "7 December 2026", not "7. December 2026"


def test_a_volunteer_who_stops_can_no_longer_log_in_until_approved_again(client, world, coordinator):
    amal = volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=coordinator)
    login = amal.user
    _stop(amal, coordinator)
    login.refresh_from_db()
    assert not login.is_active
    services.set_status(amal, Status.ACTIVE, actor=coordinator)
    login.refresh_from_db()
    assert login.is_active and Volunteer.objects.get(pk=amal.pk).user == login
    client.force_login(login)
    assert client.get(reverse("volunteers:my_shifts")).status_code == 200


def test_stopping_as_a_volunteer_leaves_a_staff_login_open(world, coordinator):
    sofie = volunteer(world.estate_a, "Sofie", email="sofie@example.dk", admin=coordinator)
    sofie.user.memberships.create(organisation=world.housing_a, role=Role.CARETAKER)
    _stop(sofie, coordinator)
    sofie.user.refresh_from_db()
    assert sofie.user.is_active


def test_one_set_back_to_applicant_is_kept_a_retention_period_from_when_they_stopped_not_from_signing_up(
        world, coordinator):
    amal = volunteer(world.estate_a, "Amal", admin=coordinator)
    Volunteer.objects.filter(pk=amal.pk).update(created_at=timezone.now() - 3 * YEAR)
    amal.refresh_from_db()
    services.set_status(amal, Status.APPLIED, actor=coordinator)
    assert amal.stopped_at is not None
    assert housekeeping.apply_retention() == 0  # signed up three years ago, but active until today
    assert housekeeping.apply_retention(now=timezone.now() + YEAR) == 1


@pytest.mark.parametrize("whose", ["platform operator", "API client"])
def test_an_application_with_an_operators_or_api_clients_address_never_takes_that_login(client, world, coordinator,
                                                                                      whose):
    """Anyone may apply with any address. Approving the application must not make a platform operator's
    or an API client's login a volunteer's, which stopping and retention would switch off and rename."""
    from lokalsundhed.api.tests.factories import make_client

    if whose == "platform operator":
        login = User.objects.create_superuser("drift@example.dk", "Lokal-sundhed-drift-2025")
    else:
        login = make_client(world.housing_a, "offers:write")[0].user
    address = login.email
    client.post(reverse("volunteers:recruit", args=[world.estate_a.pk]),
                {"first_name": "Mallory", "email": address, "consent": "on"})
    applicant = Volunteer.objects.get()
    with pytest.raises(services.NotAllowed, match="login"):
        services.approve(applicant, actor=coordinator)
    applicant.refresh_from_db()
    assert applicant.user is None and applicant.status == Status.APPLIED
    # A record tied to such a login before (or by hand) closes no login when stopped nor anonymised.
    Volunteer.objects.filter(pk=applicant.pk).update(status=Status.ACTIVE, user=login)
    applicant.refresh_from_db()
    assert selectors.what_stopping_ends(applicant).closes_login is False
    _stop(applicant, coordinator)
    assert housekeeping.apply_retention(now=timezone.now() + YEAR) == 1
    login.refresh_from_db()
    assert login.is_active and login.email == address
