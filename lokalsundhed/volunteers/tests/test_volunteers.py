"""Volunteers: recruitment without an account (bad input kept), the certificate required before
assignment to activities with children or vulnerable adults, login by one-time code, shift
swaps, SMS, hours, figures per estate with fixed query counts, the certificate reminder."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.sms import LocmemSmsBackend
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.volunteers import reminders, services
from lokalsundhed.volunteers.models import Shift, Volunteer
from lokalsundhed.volunteers.tests.factories import volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(world):
    return make_offer(world.users["social_worker"], estate=world.estate_a, sessions=2,
                      title="Lektiecafé", kind="activity")


def _on(world, person, offer, role="Lektiehjælp"):
    services.assign(person, offer, role=role, actor=world.users["social_worker"])
    return person


def test_a_resident_offers_to_volunteer_and_bad_input_is_refused_with_the_rest_kept(client, world):
    url = reverse("volunteers:recruit", args=[world.estate_a.pk])
    response = client.post(url, {"first_name": "Amal", "phone": "12", "skills": "Lektier og kaffe"})
    assert "phone" in response.context["form"].errors and "consent" in response.context["form"].errors
    assert "Lektier og kaffe" in response.content.decode() and not Volunteer.objects.exists()
    page = client.post(url, {"first_name": "Amal", "phone": "+45 20 30 40 50", "languages": ["ar", "da"],
                             "skills": "CPR 010190-1234"}).content.decode()
    assert "CPR" in page and not Volunteer.objects.exists()  # no consent, and a CPR number
    response = client.post(url, {"first_name": "Amal", "phone": "+45 20 30 40 50", "languages": ["ar", "da"],
                                 "consent": "on"})
    assert response.status_code == 302
    amal = Volunteer.objects.get()
    assert (amal.phone, amal.languages, amal.status) == ("+4520304050", ["ar", "da"], Volunteer.Status.APPLIED)
    assert amal.consent_given_at is not None


def test_the_recruitment_page_speaks_arabic(client, world):
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("volunteers:recruit", args=[world.estate_a.pk]), HTTP_ACCEPT_LANGUAGE="ar")
    assert 'lang="ar"' in page.content.decode() and 'dir="rtl"' in page.content.decode()


def test_a_safeguarded_activity_needs_a_valid_certificate_before_assignment(world, activity):
    worker = world.users["social_worker"]
    services.set_safeguarding(activity, involves_vulnerable=True, actor=worker)
    without = volunteer(world.estate_a, "Bo", admin=worker)
    with pytest.raises(services.NotAllowed, match="børneattest"):
        services.assign(without, activity, role="Lektiehjælp", actor=worker)
    old = volunteer(world.estate_a, "Ib", certificate_on=timezone.localdate() - timedelta(days=800), admin=worker)
    with pytest.raises(services.NotAllowed):
        services.assign(old, activity, role="Lektiehjælp", actor=worker)
    fresh = volunteer(world.estate_a, "Lis", certificate_on=timezone.localdate() - timedelta(days=30), admin=worker)
    assert services.assign(fresh, activity, role="Lektiehjælp", actor=worker).pk


def test_an_applicant_cannot_be_assigned_until_approved(world, activity):
    applicant = volunteer(world.estate_a, active=False)
    with pytest.raises(services.NotAllowed):
        services.assign(applicant, activity, role="Kaffe", actor=world.users["social_worker"])


def test_a_coordinator_approves_records_the_certificate_and_assigns_in_the_pages(client, world, login, activity):
    applicant = volunteer(world.estate_a, email="amal@example.dk", active=False)
    login(world.users["social_worker"])
    url = reverse("volunteers:volunteer_detail", args=[applicant.pk])
    assert "<dd>Dansk og arabisk</dd>" in client.get(url).content.decode()  # the languages by name, not code
    client.post(url, {"step": "record", "status": "active", "phone": "20304050",
                      "criminal_record_checked_on": timezone.localdate().isoformat()})
    applicant.refresh_from_db()
    assert applicant.status == Volunteer.Status.ACTIVE and applicant.user.email == "amal@example.dk"
    assert not applicant.user.has_usable_password()
    client.post(url, {"step": "assign", "offer": activity.pk, "role": "Lektiehjælp"})
    assert applicant.assignments.get().role == "Lektiehjælp"


def test_a_change_of_a_volunteers_phone_skills_or_availability_is_on_record(client, world, login):
    """The phone number is where their shifts are sent: changing it (or what they offer) is a write of
    personal data and leaves a row naming what changed, never the values; saving nothing new leaves none."""
    worker = world.users["social_worker"]
    amal = volunteer(world.estate_a, "Amal", phone="+4520304050", admin=worker)
    login(worker)
    url = reverse("volunteers:volunteer_detail", args=[amal.pk])
    changes = Entry.objects.filter(action=Action.CHANGE, object_type="volunteers.volunteer", object_id=str(amal.pk))
    before = changes.count()
    data = {"step": "record", "status": "active", "phone": "+45 31 32 33 34", "skills": "Kaffe", "availability": ""}
    assert client.post(url, data).status_code == 302
    amal.refresh_from_db()
    assert (amal.phone, amal.skills) == ("+4531323334", "Kaffe")
    entry = changes.latest("pk")
    assert changes.count() == before + 1 and entry.actor == worker
    assert entry.purpose == "volunteer's details changed: phone, skills" and "3132" not in entry.purpose
    client.post(url, data)
    assert changes.count() == before + 1


@pytest.mark.parametrize("count", [12, 30])
def test_the_volunteer_list_comes_in_pages_at_a_fixed_query_count(client, world, login, count,
                                                                  django_assert_max_num_queries):
    """Volunteers who have stopped stay on the list, so it grows year by year: pages of 25."""
    for i in range(count):
        volunteer(world.estate_a, f"V{i:02d}", admin=world.users["social_worker"])
    login(world.users["social_worker"])
    url = reverse("volunteers:volunteer_list")
    client.get(url)
    # 1 session 2 user 3 memberships (layout), 4 the number of volunteers, 5 a page of them with
    # estate, association and activities counted, 6 the access-log entry, 7 the activities with
    # volunteers, 8 the estates whose recruitment pages are linked
    with django_assert_max_num_queries(8):
        first = client.get(url)
    assert first.status_code == 200
    assert len(first.context["page"].object_list) == min(count, 25)
    if count > 25:
        rest = client.get(url, {"page": 2}).context["page"].object_list
        assert len(rest) == count - 25 and not set(rest) & set(first.context["page"].object_list)
        assert '<nav class="pagination"' in first.content.decode()


def test_a_volunteer_logs_in_with_a_one_time_code_and_swaps_a_shift(client, world, activity):
    worker = world.users["social_worker"]
    amal = _on(world, volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=worker), activity)
    bo = _on(world, volunteer(world.estate_a, "Bo", email="bo@example.dk", phone="", admin=worker), activity)
    shift = services.add_shift(activity.sessions.first(), role="Lektiehjælp", volunteer=amal, actor=worker)

    client.post(reverse("account_request_login_code"), {"email": "amal@example.dk"})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.M).group(1)
    client.post(reverse("account_confirm_login_code"), {"code": code})
    page = client.get(reverse("volunteers:my_shifts")).content.decode()
    assert "Lektiecafé" in page
    client.post(reverse("volunteers:shift_offer", args=[shift.pk]))
    shift.refresh_from_db()
    assert shift.swap_offered_at is not None and shift.volunteer == amal

    client.logout()
    client.force_login(bo.user)
    assert f'data-takeable="{shift.pk}"' in client.get(reverse("volunteers:my_shifts")).content.decode()
    client.post(reverse("volunteers:shift_take", args=[shift.pk]))
    shift.refresh_from_db()
    assert (shift.volunteer, shift.swap_offered_at) == (bo, None)


def test_a_shift_not_offered_cannot_be_taken_and_strangers_find_nothing(client, world, activity):
    worker = world.users["social_worker"]
    amal = _on(world, volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=worker), activity)
    bo = _on(world, volunteer(world.estate_a, "Bo", email="bo@example.dk", admin=worker), activity)
    stranger = volunteer(world.estate_a, "Cy", email="cy@example.dk", admin=worker)
    shift = services.add_shift(activity.sessions.first(), role="Kaffe", volunteer=amal, actor=worker)
    with pytest.raises(services.NotAllowed):
        services.take_shift(shift, volunteer=bo)
    client.force_login(stranger.user)
    assert client.post(reverse("volunteers:shift_take", args=[shift.pk])).status_code == 404
    assert Shift.objects.get(pk=shift.pk).volunteer == amal


def test_an_open_shift_is_taken_by_the_first_volunteer(world, activity):
    worker = world.users["social_worker"]
    amal = _on(world, volunteer(world.estate_a, "Amal", admin=worker), activity)
    bo = _on(world, volunteer(world.estate_a, "Bo", admin=worker), activity)
    shift = services.add_shift(activity.sessions.first(), role="Kaffe", volunteer=None, actor=worker)
    services.take_shift(shift, volunteer=amal)
    with pytest.raises(services.NotAllowed):
        services.take_shift(Shift.objects.get(pk=shift.pk), volunteer=bo)


def test_a_shift_on_a_cancelled_time_is_neither_taken_offered_nor_given_hours(world, activity):
    """The page shows no shift of a cancelled time; a hand-made request is refused by the service."""
    worker = world.users["social_worker"]
    amal = _on(world, volunteer(world.estate_a, "Amal", admin=worker), activity)
    bo = _on(world, volunteer(world.estate_a, "Bo", admin=worker), activity)
    session = activity.sessions.first()
    open_shift = services.add_shift(session, role="Kaffe", volunteer=None, actor=worker)
    held = services.add_shift(session, role="Opvask", volunteer=amal, actor=worker)
    type(session).objects.filter(pk=session.pk).update(cancelled_at=timezone.now())
    with pytest.raises(services.NotAllowed, match="aflyst"):
        services.take_shift(Shift.objects.get(pk=open_shift.pk), volunteer=bo)
    with pytest.raises(services.NotAllowed, match="aflyst"):
        services.offer_swap(Shift.objects.get(pk=held.pk), volunteer=amal)
    type(session).objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(services.NotAllowed, match="aflyst"):
        services.log_hours(Shift.objects.get(pk=held.pk), minutes=60, actor=worker)
    assert Shift.objects.get(pk=open_shift.pk).volunteer is None
    assert Shift.objects.get(pk=held.pk).swap_offered_at is None and Shift.objects.get(pk=held.pk).minutes is None


def test_a_volunteer_gets_their_shifts_by_sms(client, world, activity, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox = []
    worker = world.users["social_worker"]
    amal = _on(world, volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=worker), activity)
    services.add_shift(activity.sessions.first(), role="Kaffe", volunteer=amal, actor=worker)
    client.force_login(amal.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("volunteers:shifts_sms"), HTTP_ACCEPT_LANGUAGE="en")
    assert LocmemSmsBackend.outbox[-1].to == "+4520304050" and "Lektiecafé" in LocmemSmsBackend.outbox[-1].body
    assert LocmemSmsBackend.outbox[-1].body.startswith("Your shifts:")  # in the language of the page


def test_the_shifts_by_sms_are_limited_per_phone_a_day_like_the_residents_forms(
        client, world, activity, settings, django_capture_on_commit_callbacks):
    """Anyone may apply with any phone number and, once approved, log in with their own address: the
    button must not flood that phone with messages nor run up the SMS bill."""
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    settings.PUBLIC_FORM_MESSAGES_PER_RECIPIENT = 3
    LocmemSmsBackend.outbox = []
    worker = world.users["social_worker"]
    amal = _on(world, volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=worker), activity)
    client.force_login(amal.user)
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("volunteers:shifts_sms"), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert len(LocmemSmsBackend.outbox) == 3
    assert "Too many messages have been sent to this phone number" in response.content.decode()


def test_a_volunteers_shifts_wait_in_the_outbox_while_the_sms_gateway_is_down(
        client, world, activity, settings, monkeypatch, django_capture_on_commit_callbacks):
    from lokalsundhed.core import outbox
    from lokalsundhed.volunteers import notifications

    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox = []
    worker = world.users["social_worker"]
    amal = _on(world, volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=worker), activity)
    services.add_shift(activity.sessions.first(), role="Kaffe", volunteer=amal, actor=worker)
    real_send_sms = notifications.send_sms

    def down(to, body):
        raise ConnectionError("SMS gateway down")

    monkeypatch.setattr(notifications, "send_sms", down)
    client.force_login(amal.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteers:shifts_sms"), follow=True)
    assert response.status_code == 200 and LocmemSmsBackend.outbox == []  # no error page for the volunteer
    monkeypatch.setattr(notifications, "send_sms", real_send_sms)
    assert outbox.send_due(now=timezone.now() + outbox.BACKOFF[0]) == 1
    assert "Lektiecafé" in LocmemSmsBackend.outbox[-1].body


def test_hours_are_logged_after_the_shift_and_counted_per_estate(client, world, login, activity,
                                                               django_assert_max_num_queries):
    worker = world.users["social_worker"]
    people = [_on(world, volunteer(world.estate_a, f"V{i}", admin=worker), activity) for i in range(6)]
    shift = services.add_shift(activity.sessions.first(), role="Kaffe", volunteer=people[0], actor=worker)
    with pytest.raises(services.NotAllowed):
        services.log_hours(shift, minutes=90, actor=worker)
    type(shift.session).objects.filter(pk=shift.session_id).update(starts_at=timezone.now() - timedelta(hours=2))
    login(worker)
    client.post(reverse("volunteers:shift_hours", args=[shift.pk]), {"minutes": "90"})
    login(world.users["housing_analyst"])
    client.get(reverse("volunteers:numbers"))
    # 1 session 2 user 3 memberships (layout), 4 estates in scope, 5 volunteers per estate, 6 minutes per estate
    with django_assert_max_num_queries(6):
        page = client.get(reverse("volunteers:numbers")).content.decode()
    assert f'<tr data-estate="{world.estate_a.pk}"><th scope="row">Nørreparken</th><td data-volunteers>6</td>' in page
    assert 'data-hours="1.5"' in page


def test_coordinators_are_reminded_once_of_certificates_running_out(world, django_capture_on_commit_callbacks):
    worker = world.users["social_worker"]
    volunteer(world.estate_a, "Amal", certificate_on=timezone.localdate() - timedelta(days=2 * 365 - 20),
              admin=worker)
    volunteer(world.estate_a, "Bo", certificate_on=timezone.localdate() - timedelta(days=30), admin=worker)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind_certificates() == 1
    message = mail.outbox[-1]
    assert worker.email in message.to and "Amal" not in message.body
    assert message.body.startswith("1 frivilligs børneattest udløber inden for 45 dage.")
    assert reminders.remind_certificates() == 0


def test_the_volunteer_is_pointed_to_their_shifts_on_the_overview(client, world):
    amal = volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=world.users["social_worker"])
    client.force_login(amal.user)
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("volunteers:my_shifts") in page
    # A volunteer is no member of staff waiting for a role: no "ask an administrator".
    assert "Dine organisationer og roller" not in page and "Spørg en administrator" not in page


def test_a_member_of_staff_without_a_role_is_told_to_ask_an_administrator(client, world):
    from lokalsundhed.accounts.models import User

    client.force_login(User.objects.create_user("ny@example.dk", "x"))
    assert "Spørg en administrator" in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize("weeks", [2, 30])
def test_an_activitys_shifts_come_in_pages_latest_first_at_a_fixed_cost(client, world, login, weeks,
                                                                       django_assert_max_num_queries):
    """A weekly activity adds its shifts year after year: they come 25 to a page, the latest session
    first, and the page costs the same whatever their number."""
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, sessions=weeks, title="Fredagscafé", kind="activity")
    for session in offer.sessions.all():
        services.add_shift(session, role="Kaffe", volunteer=None, actor=worker)
    client = login(worker)
    url = reverse("volunteers:activity_shifts", args=[offer.pk])
    client.get(url)
    # 1. session  2. user  3. memberships  4. the offer  5. its coming sessions (the form)  6. its
    # volunteers (the form)  7. safeguarding  8. the number of shifts  9. a page of them
    with django_assert_max_num_queries(9):
        first = client.get(url)
    starts = [shift.session.starts_at for shift in first.context["page"]]
    assert len(starts) == min(weeks, 25) and starts == sorted(starts, reverse=True)
    if weeks > 25:
        rest = [shift.session.starts_at for shift in client.get(url, {"page": 2}).context["page"]]
        assert len(rest) == weeks - 25 and max(rest) < min(starts)
        assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize("language, said", [
    ("da", "Vi sletter dine oplysninger 24 måneder efter, at du stopper som frivillig – eller efter, at du "
           "skrev til os, hvis du ikke starter."),
    ("ur", "ہم آپ کی معلومات رضاکاری چھوڑنے کے 24 مہینے بعد حذف کر دیتے ہیں، یا اگر آپ شروع نہ کریں تو ہمیں "
           "لکھنے کے 24 مہینے بعد۔"),
])
def test_the_recruitment_page_says_when_a_volunteers_details_are_deleted(client, world, language, said):
    from lokalsundhed.referrals.models import RetentionPolicy

    RetentionPolicy.objects.create(organisation=world.estate_a.housing_organisation, closed_referral_months=24)
    client.cookies["django_language"] = language
    assert said in client.get(reverse("volunteers:recruit", args=[world.estate_a.pk])).content.decode()


def test_a_certificate_reminder_survives_a_mail_server_that_is_down(world, monkeypatch,
                                                                    django_capture_on_commit_callbacks):
    from smtplib import SMTPServerDisconnected

    from lokalsundhed.core import outbox
    from lokalsundhed.volunteers import notifications

    worker = world.users["social_worker"]
    volunteer(world.estate_a, "Amal", certificate_on=timezone.localdate() - timedelta(days=2 * 365 - 20),
              admin=worker)
    real_send_mail = notifications.send_mail

    def down(*args, **kwargs):
        raise SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(notifications, "send_mail", down)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind_certificates() == 1
    assert mail.outbox == [] and reminders.remind_certificates() == 0
    monkeypatch.setattr(notifications, "send_mail", real_send_mail)
    assert outbox.send_due(now=timezone.now() + outbox.BACKOFF[0]) == 1
    assert worker.email in mail.outbox[-1].to and "Amal" not in mail.outbox[-1].body


def test_the_coordinators_choices_name_each_time_in_local_time_and_each_activitys_estate(client, world, login):
    """The shift form offers the activity's times as the calendar shows them (not the database's UTC
    with an id before it), and two activities of the same name are told apart by their estate."""
    from lokalsundhed.offers.tests.factories import at
    from lokalsundhed.organisations.tests.factories import EstateFactory

    worker = world.users["social_worker"]
    first = at(3, hour=14)
    cafe = make_offer(worker, estate=world.estate_a, sessions=1, first=first, hours=2, title="Fredagscafé",
                      kind="activity")
    other = EstateFactory(housing_organisation=world.housing_a, name="Vestervold")
    make_offer(worker, estate=other, sessions=1, title="Fredagscafé", kind="activity")
    client = login(worker)
    page = client.get(reverse("volunteers:activity_shifts", args=[cafe.pk])).content.decode()
    label = f"{first:%d}. {_DANISH_MONTHS[first.month - 1]} {first:%Y} 14:00–16:00"
    assert re.search(rf'<option value="\d+">\w+dag {label.lstrip("0")}</option>', page), page
    amal = volunteer(world.estate_a, email="amal@example.dk", admin=worker)
    page = client.get(reverse("volunteers:volunteer_detail", args=[amal.pk])).content.decode()
    assert f">Fredagscafé ({world.estate_a.name})</option>" in page
    assert ">Fredagscafé (Vestervold)</option>" in page


_DANISH_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                  "november", "december"]


def test_the_recruitment_page_is_found_from_the_estates_calendar_and_the_coordinators_list(client, world, login):
    """Residents reach "Become a volunteer" from their estate's calendar, and a coordinator finds
    the address of each of their estates' recruitment pages to share."""
    recruit = reverse("volunteers:recruit", args=[world.estate_a.pk])
    calendar = client.get(reverse("offers:estate_calendar", args=[world.estate_a.pk])).content.decode()
    assert f'href="{recruit}"' in calendar
    login(world.users["social_worker"])
    page = client.get(reverse("volunteers:volunteer_list")).content.decode()
    assert f'href="{recruit}"' in page
    assert reverse("volunteers:recruit", args=[world.estate_b.pk]) not in page  # another organisation's


def test_a_coordinator_plans_shifts_from_the_list_of_activities_with_volunteers(client, world, login, activity):
    """The shifts of an activity are reached from the volunteers' page, not only through one
    volunteer's record; an activity nobody is on yet is not listed."""
    worker = world.users["social_worker"]
    _on(world, volunteer(world.estate_a, email="amal@example.dk", admin=worker), activity)
    empty = make_offer(worker, estate=world.estate_a, sessions=1, title="Gåtur", kind="activity")
    login(worker)
    page = client.get(reverse("volunteers:volunteer_list")).content.decode()
    assert f'href="{reverse("volunteers:activity_shifts", args=[activity.pk])}"' in page
    assert reverse("volunteers:activity_shifts", args=[empty.pk]) not in page


def test_an_activitys_page_says_whether_it_needs_a_certificate_before_offering_to_change_it(
        client, world, login, activity):
    """The button that marks an activity was its only word about it, and read as a statement ("It
    involves children or vulnerable adults") on an activity that did not: the page now says which it
    is, and the buttons say what they do."""
    login(world.users["social_worker"])
    url = reverse("volunteers:activity_shifts", args=[activity.pk])
    page = client.get(url).content.decode()
    assert "Ikke markeret som en aktivitet med børn eller sårbare voksne: ingen børneattest kræves." in page
    assert "Markér, at den involverer børn eller sårbare voksne" in page
    client.post(url, {"safeguarding": "1"})
    page = client.get(url).content.decode()
    assert "Aktiviteten involverer børn eller sårbare voksne: de frivillige skal have en børneattest." in page
    assert "Fjern markeringen: den involverer ikke børn eller sårbare voksne" in page
