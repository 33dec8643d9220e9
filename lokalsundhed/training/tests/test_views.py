"""Competence development in the pages: a caretaker finds the module their reports call for and
enrols; a manager enrols a colleague and records attendance; the certificate; coverage with a
fixed query count; the refresher reminder."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.core.permissions import Role
from lokalsundhed.referrals.tests.factories import observe
from lokalsundhed.training import selectors, services
from lokalsundhed.training.certificate import pdf_unavailable_reason
from lokalsundhed.training.models import Enrolment, Posting, Theme
from lokalsundhed.training.reminders import send_refresher_reminders
from lokalsundhed.training.tests.factories import module, session

pytestmark = pytest.mark.django_db


def _complete(world, user, code, days=-10, organisation=None):
    organisation = organisation or world.housing_a
    past = session(organisation, code=code, days=days)
    enrolment = Enrolment.objects.create(session=past, user=user, organisation=organisation, enrolled_by=user)
    admin = world.users["housing_admin"] if organisation == world.housing_a else None
    if admin is None:
        admin = member(organisation, Role.ADMIN)
    return services.record_attendance(enrolment, attended=True, actor=admin)


def test_the_overview_suggests_early_detection_to_a_caretaker_who_has_not_taken_it(client, world, login):
    login(world.users["caretaker"])
    html = client.get(reverse("core:home")).content.decode()
    assert "Tidlig opsporing og brobygning" in html
    assert reverse("training:module_detail", args=[module().pk]) in html


def test_a_caretaker_enrolled_on_a_coming_session_is_not_told_to_enrol_on_it_again(client, world, login):
    """"See the module and enrol" is not suggested for a theme the caretaker is already enrolled
    on; once that session is cancelled (or over without a completion), it is suggested again."""
    caretaker = world.users["caretaker"]
    coming = session(world.housing_a, code="opsporing-og-brobygning", days=10)
    services.enrol(coming, participant=caretaker, organisation=world.housing_a, actor=caretaker)
    login(caretaker)
    html = client.get(reverse("core:home")).content.decode()
    assert reverse("training:module_detail", args=[module().pk]) not in html
    assert selectors.suggested_module(caretaker, timezone.now()).theme == Theme.TRUST
    type(coming).objects.filter(pk=coming.pk).update(cancelled_at=timezone.now())
    assert selectors.suggested_module(caretaker, timezone.now()).theme == Theme.EARLY_DETECTION


def test_what_a_caretaker_reports_decides_the_suggestion(client, world, login):
    caretaker = world.users["caretaker"]
    _complete(world, caretaker, "opsporing-og-brobygning")
    observe(caretaker, world.estate_a, "confusion", "memory")
    assert selectors.suggested_module(caretaker, timezone.now()).theme == Theme.DEMENTIA
    _complete(world, caretaker, "demensvenlighed")
    # Nothing else reported: the next core theme not held.
    assert selectors.suggested_module(caretaker, timezone.now()).theme == Theme.TRUST


def test_a_run_out_completion_no_longer_counts(world):
    caretaker = world.users["caretaker"]
    enrolment = _complete(world, caretaker, "opsporing-og-brobygning")
    Enrolment.objects.filter(pk=enrolment.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert selectors.suggested_module(caretaker, timezone.now()).theme == Theme.EARLY_DETECTION


def test_a_completion_runs_out_by_the_danish_date_not_by_utc(world):
    caretaker = world.users["caretaker"]
    enrolment = _complete(world, caretaker, "opsporing-og-brobygning")
    # 00:30 on 7 December in Denmark (still 6 December in UTC): valid until the 6th, run out.
    Enrolment.objects.filter(pk=enrolment.pk).update(valid_until=date(2026, 12, 6))
    just_after_midnight = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    assert selectors.suggested_module(caretaker, just_after_midnight).theme == Theme.EARLY_DETECTION
    assert selectors.suggested_module(caretaker, just_after_midnight - timedelta(hours=1)).theme != Theme.EARLY_DETECTION


def test_the_overview_suggests_nothing_to_staff_who_do_not_report(client, world, login):
    login(world.users["intake"])
    assert "Tidlig opsporing og brobygning" not in client.get(reverse("core:home")).content.decode()


def test_a_caretaker_finds_a_module_by_theme_and_enrols(client, world, login):
    coming = session(world.municipality_m, code="demensvenlighed")  # the municipality's, open to its housing staff
    login(world.users["caretaker"])
    page = client.get(reverse("training:catalogue"), {"theme": "dementia"}).content.decode()
    assert 'data-theme="dementia"' in page and 'data-theme="conflict"' not in page
    detail = client.get(reverse("training:module_detail", args=[coming.module_id])).content.decode()
    assert "Fælleshuset" in detail
    response = client.post(reverse("training:session_enrol", args=[coming.pk]))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(session=coming)
    assert (enrolment.user, enrolment.organisation) == (world.users["caretaker"], world.housing_a)
    assert "Demensvenlighed" in client.get(reverse("training:my_training")).content.decode()


def test_the_catalogue_has_a_fixed_query_count(client, world, login, django_assert_max_num_queries):
    caretaker = world.users["caretaker"]
    for code in ("demensvenlighed", "konflikthaandtering", "misbrug"):
        for days in (3, 10, 20):
            session(world.housing_a, code=code, days=days)
    _complete(world, caretaker, "systemkendskab")
    login(caretaker)
    client.get(reverse("training:catalogue"))
    # 1 session 2 user 3 memberships (layout), 4 modules, 5 their coming sessions (prefetch),
    # 6 the themes the person holds, 7 the suggested module
    with django_assert_max_num_queries(7):
        assert client.get(reverse("training:catalogue")).status_code == 200
    login(world.users["housing_admin"])
    client.get(reverse("training:catalogue"))
    # the same, and 8 the manager's held sessions with attendance still to record
    with django_assert_max_num_queries(8):
        assert client.get(reverse("training:catalogue")).status_code == 200


def test_a_manager_enrols_a_colleague_and_records_attendance(client, world, login):
    coming = session(world.housing_a, days=0.01)
    login(world.users["housing_admin"])
    client.post(reverse("training:session_enrol", args=[coming.pk]), {"participant": world.users["caretaker"].pk})
    enrolment = Enrolment.objects.get(session=coming)
    assert enrolment.enrolled_by == world.users["housing_admin"]
    page = client.get(reverse("training:session_detail", args=[coming.pk])).content.decode()
    assert str(world.users["caretaker"]) in page
    type(coming).objects.filter(pk=coming.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    client.post(reverse("training:enrolment_attendance", args=[enrolment.pk]), {"attended": "1"})
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.COMPLETED


def test_a_manager_finds_the_session_to_enrol_colleagues_on_and_later_to_record_attendance(client, world, login):
    """The session's page (enrol a colleague, record attendance) is reached from the module's page
    while the session is to come, and from the catalogue once it has been held with attendance
    still to record; a caretaker sees neither link."""
    caretaker = world.users["caretaker"]
    coming = session(world.housing_a, code="demensvenlighed", days=5)
    held = session(world.housing_a, code="konflikthaandtering", days=-2)
    Enrolment.objects.create(session=held, user=caretaker, organisation=world.housing_a, enrolled_by=caretaker)
    recorded = session(world.housing_a, code="misbrug", days=-3)
    services.record_attendance(
        Enrolment.objects.create(session=recorded, user=caretaker, organisation=world.housing_a, enrolled_by=caretaker),
        attended=True, actor=world.users["housing_admin"])
    login(world.users["housing_admin"])
    module_page = client.get(reverse("training:module_detail", args=[coming.module_id])).content.decode()
    assert _link_to(coming) in module_page
    catalogue = client.get(reverse("training:catalogue")).content.decode()
    assert "Registrér fremmøde" in catalogue
    assert _link_to(held) in catalogue
    assert _link_to(recorded) not in catalogue  # nothing left to record
    login(caretaker)
    assert _link_to(coming) not in client.get(
        reverse("training:module_detail", args=[coming.module_id])).content.decode()
    assert _link_to(held) not in client.get(
        reverse("training:catalogue")).content.decode()


def _link_to(training_session) -> str:
    return f'href="{reverse("training:session_detail", args=[training_session.pk])}"'


def test_a_manager_cannot_enrol_someone_outside_their_organisation(client, world, login):
    coming = session(world.housing_a)
    login(world.users["housing_admin"])
    client.post(reverse("training:session_enrol", args=[coming.pk]),
                {"participant": world.users["other_housing_caretaker"].pk})
    assert not Enrolment.objects.exists()


def test_a_manager_plans_a_session_and_bad_times_are_refused_with_the_input_kept(client, world, login):
    login(world.users["housing_admin"])
    data = {"module": module().pk, "host": world.housing_a.pk, "starts_at": "2030-05-01T10:00",
            "ends_at": "2030-05-01T09:00", "place": "Fælleshuset, Nørreparken", "capacity": "12"}
    page = client.post(reverse("training:session_new"), data).content.decode()
    assert "Fælleshuset, Nørreparken" in page and "skal slutte, efter den begynder" in page
    data["ends_at"] = "2030-05-01T13:00"
    assert client.post(reverse("training:session_new"), data).status_code == 302


@pytest.mark.skipif(pdf_unavailable_reason() is not None, reason="WeasyPrint cannot run here")
def test_the_certificate_is_a_pdf_naming_the_person_and_module(client, world, login):
    from io import BytesIO

    from pypdf import PdfReader

    enrolment = _complete(world, world.users["social_worker"], "tryghed-og-tillid")
    login(world.users["social_worker"])
    response = client.get(reverse("training:certificate", args=[enrolment.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert str(world.users["social_worker"]) in text and "Tryghed og tillid" in text


def test_an_enrolment_not_completed_has_no_certificate(client, world, login):
    caretaker = world.users["caretaker"]
    enrolment = services.enrol(session(world.housing_a), participant=caretaker, organisation=world.housing_a,
                               actor=caretaker)
    login(caretaker)
    assert client.get(reverse("training:certificate", args=[enrolment.pk])).status_code == 404


def _front_line(world, n, estate):
    people = [member(world.housing_a, Role.CARETAKER) for _ in range(n)]
    Posting.objects.bulk_create([Posting(user=p, estate=estate) for p in people])
    return people


def test_coverage_counts_the_share_trained_per_organisation_and_estate(client, world, login):
    people = _front_line(world, 8, world.estate_a)
    for person in people[:6]:
        _complete(world, person, "opsporing-og-brobygning")
    login(world.users["housing_analyst"])
    page = client.get(reverse("training:coverage")).content.decode()
    # Organisation A: the 8 plus the world's caretaker and social worker = 10, 6 trained.
    rows = {row.pk: row for row in selectors.coverage_by_organisation([world.housing_a.pk], timezone.localdate())}
    assert (rows[world.housing_a.pk].staff, rows[world.housing_a.pk].trained["early_detection"]) == (10, 6)
    assert f'<tr data-row="{world.estate_a.pk}"><th scope="row">Nørreparken</th><td data-staff="8">8</td>' in page
    assert '<td data-theme="early_detection">75 %</td>' in page
    assert selectors.coverage_share(theme=Theme.EARLY_DETECTION, on=timezone.localdate(),
                                    estate_ids=[world.estate_a.pk]) == 0.75
    assert selectors.coverage_share(theme=Theme.EARLY_DETECTION, on=timezone.localdate(),
                                    organisation_ids=[world.housing_a.pk]) == 0.6


def test_coverage_hides_shares_of_fewer_than_five_people(client, world, login):
    _front_line(world, 3, world.estate_a)
    login(world.users["housing_analyst"])
    page = client.get(reverse("training:coverage")).content.decode()
    assert '<td data-staff="3">3</td><td data-theme="system_knowledge">–</td>' in page


@pytest.mark.parametrize("n", [5, 40])
def test_coverage_has_a_fixed_query_count(client, world, login, n, django_assert_max_num_queries):
    for person in _front_line(world, n, world.estate_a)[: n // 2]:
        _complete(world, person, "opsporing-og-brobygning")
    login(world.users["municipal_analyst"])
    client.get(reverse("training:coverage"))
    # 1 session 2 user 3 memberships (layout), 4 the estates in scope, 5 per organisation, 6 per estate
    with django_assert_max_num_queries(6):
        assert client.get(reverse("training:coverage")).status_code == 200


def test_a_refresher_reminder_is_sent_once_and_not_when_a_new_session_is_booked(
        world, django_capture_on_commit_callbacks):
    caretaker, worker = world.users["caretaker"], world.users["social_worker"]
    soon = _complete(world, caretaker, "hjaelp-i-kommunen", days=-340)  # 12-month refresh: runs out in ~25 days
    _complete(world, worker, "hjaelp-i-kommunen", days=-340)
    services.enrol(session(world.housing_a, code="hjaelp-i-kommunen"), participant=worker,
                   organisation=world.housing_a, actor=worker)
    _complete(world, caretaker, "systemkendskab", days=-340)  # valid for good
    with django_capture_on_commit_callbacks(execute=True):
        assert send_refresher_reminders() == 1
    assert mail.outbox[0].to == [caretaker.email]
    assert "Kommunen: hvor og hvordan finder vi hjælp?" in mail.outbox[0].body
    assert send_refresher_reminders() == 0
    soon.refresh_from_db()
    assert soon.refresher_reminded_at is not None


def test_a_refresher_reminder_survives_a_mail_server_that_is_down(world, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    from smtplib import SMTPServerDisconnected

    from lokalsundhed.core import outbox
    from lokalsundhed.training import notifications

    caretaker = world.users["caretaker"]
    _complete(world, caretaker, "hjaelp-i-kommunen", days=-340)
    real_send_mail = notifications.send_mail

    def down(*args, **kwargs):
        raise SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(notifications, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_refresher_reminders() == 1  # the round itself does not fail
    assert mail.outbox == [] and send_refresher_reminders() == 0  # claimed: the next round leaves it
    monkeypatch.setattr(notifications, "send_mail", real_send_mail)
    assert outbox.send_due(now=timezone.now() + outbox.BACKOFF[0]) == 1
    assert [m.to for m in mail.outbox] == [[caretaker.email]]
