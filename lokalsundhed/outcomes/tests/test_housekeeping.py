"""The worker sends each round's link once with one reminder; retention removes the keys; the
data-subject export includes the answers while the key exists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import translation

from lokalsundhed.core.sms import LocmemSmsBackend
from lokalsundhed.core.subject_access import Subject
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import services as offer_services
from lokalsundhed.offers.models import SIGN_UP_DETAILS_KEPT
from lokalsundhed.offers.tests.factories import make_offer, resident
from lokalsundhed.outcomes import housekeeping, services
from lokalsundhed.outcomes.models import (
    Instrument,
    Invitation,
    Participant,
    ParticipantKey,
    Response,
)
from lokalsundhed.outcomes.subject_access import questionnaires

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(settings):
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox = []
    world = build_world()
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=10, sessions=6, title="LÆR AT TACKLE angst")
    offer_services.sign_up(offer, resident(1, email=True))
    offer_services.sign_up(offer, resident(2, email=False, language="ar"))
    services.save_plan(offer, programme="lat_anxiety", followup_days=91, send_links=True, actor=worker)
    sessions = list(offer.sessions.order_by("starts_at"))
    world.offer, world.first, world.last = offer, sessions[0].starts_at, sessions[-1].starts_at
    return world


def test_it_sends_the_baseline_link_once_by_e_mail_or_sms_without_health_data(course,
                                                                              django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert housekeeping.send_links(now=course.first - timedelta(hours=1)) == 0
        assert housekeeping.send_links(now=course.first + timedelta(hours=1)) == 2
        assert housekeeping.send_links(now=course.first + timedelta(hours=2)) == 0
    assert len(mail.outbox) == 1 and len(LocmemSmsBackend.outbox) == 1
    body = mail.outbox[-1].body
    baseline = Response.objects.get(participant__key__sign_up__email="beboer1@example.dk", round="baseline")
    assert f"/spoergeskema/{baseline.token}/" in body and "Beboer1" in body
    sms = LocmemSmsBackend.outbox[-1]
    assert sms.to == "20000002" and sms.body.startswith("\u200f")  # Arabic: right to left
    for text in (body, sms.body, mail.outbox[-1].subject):
        assert "TACKLE" not in text and "angst" not in text and "WHO" not in text


def test_it_reminds_once_and_not_those_who_answered(course):
    housekeeping.send_links(now=course.first + timedelta(hours=1))
    answered = Response.objects.get(participant__key__sign_up__email="beboer1@example.dk", round="baseline")
    services.enter_answers(answered.participant, "baseline", {"srh": [2]}, actor=course.users["social_worker"])
    assert housekeeping.send_links(now=course.first + timedelta(days=3, hours=2)) == 1
    assert housekeeping.send_links(now=course.first + timedelta(days=6)) == 0
    assert Invitation.objects.filter(kind="reminder").count() == 1


def test_it_sends_the_end_and_follow_up_rounds_when_due(course):
    housekeeping.send_links(now=course.last + timedelta(hours=1))
    assert set(Response.objects.values_list("round", flat=True)) == {"end"}
    housekeeping.send_links(now=course.last + timedelta(days=91, hours=1))
    assert Response.objects.filter(round="followup").count() == 2


def test_retention_removes_the_keys_but_keeps_the_answers(course):
    housekeeping.send_links(now=course.first + timedelta(hours=1))
    participant = Participant.objects.first()
    services.enter_answers(participant, "baseline", {"who5": [3, 3, 3, 3, 3]}, actor=course.users["social_worker"])
    assert services.remove_old_keys(now=course.last + timedelta(days=91 + 59)) == 0
    assert services.remove_old_keys(now=course.last + timedelta(days=91 + 61)) == 2
    assert not ParticipantKey.objects.exists()
    assert Response.objects.get(participant=participant, round="baseline").who5 == 60


def test_the_subject_export_holds_the_answers_while_the_key_exists(course):
    housekeeping.send_links(now=course.first + timedelta(hours=1))
    key = ParticipantKey.objects.get(sign_up__email="beboer1@example.dk")
    services.enter_answers(key.participant, "baseline", {"who5": [3, 4, 3, 3, 3], "srh": [2]},
                           actor=course.users["social_worker"])
    subject = Subject.of(course.estate_a.dwellings.first(), email="Beboer1@example.dk")
    found = questionnaires(course.users["housing_admin"], subject)
    assert len(found) == 1 and found[0]["participant_code"] == key.participant.code
    baseline = next(r for r in found[0]["rounds"] if r["round"] == "baseline")
    assert baseline["scores"]["who5"] == 64
    assert [a["value"] for a in baseline["answers"] if a["instrument"] == "who5"] == [3, 4, 3, 3, 3]
    # Another municipality's administrator holds none of it.
    assert questionnaires(course.users["other_municipality_admin"], subject) == []
    services.remove_old_keys(now=course.last + timedelta(days=365))
    assert questionnaires(course.users["housing_admin"], subject) == []


def test_the_export_says_what_each_answer_means_in_the_language_of_the_page(course):
    housekeeping.send_links(now=course.first + timedelta(hours=1))
    key = ParticipantKey.objects.get(sign_up__email="beboer1@example.dk")
    services.enter_answers(key.participant, "baseline", {"who5": [3, 4, 3, 3, 3], "srh": [2]},
                           actor=course.users["social_worker"])
    subject = Subject.of(email="beboer1@example.dk")
    for language in ("da", "en"):
        with translation.override(language):
            found = questionnaires(course.users["housing_admin"], subject)
        answers = next(r for r in found[0]["rounds"] if r["round"] == "baseline")["answers"]
        first = next(a for a in answers if a["instrument"] == "who5")
        wording = Instrument.objects.get(code=first["instrument"], version=first["version"]).wording(language)
        assert first["question"] == wording["items"][0]
        assert first["value"] == 3 and first["answer"] == dict(map(tuple, wording["options"]))[3]
    with translation.override("en"):
        html = render_to_string("outcomes/subject_access_section.html", {"records": found})
    assert f"3 – {first['answer']}" in html
    assert "Alone though wanting company (1–4)" in html  # the fourth score, as in the JSON


def test_a_link_whose_worker_was_killed_while_sending_is_sent_once_its_claim_runs_out(
        course, monkeypatch, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from lokalsundhed.core import outbox
    from lokalsundhed.core.models import OutboxEntry
    from lokalsundhed.offers import notifications  # the link is sent by offers' deliver()

    real_send_mail = notifications.send_mail

    def killed(*args, **kwargs):
        raise SystemExit("SIGKILL")  # not an error the worker could catch: the process is gone

    monkeypatch.setattr(notifications, "send_mail", killed)
    OutboxEntry.objects.all().delete()  # the sign-ups' confirmations, which this test does not follow
    mail.outbox.clear()
    assert housekeeping.send_links(now=course.first + timedelta(hours=1)) == 2  # claimed and written
    e_mail = Invitation.objects.get(response__participant__key__sign_up__email="beboer1@example.dk")
    with pytest.raises(SystemExit):
        outbox.send_due()
    monkeypatch.setattr(notifications, "send_mail", real_send_mail)
    # The next round does not send it again (claimed); once the dead worker's claim runs out, the outbox does.
    assert housekeeping.send_links(now=course.first + timedelta(hours=2)) == 0
    outbox.send_due()
    assert mail.outbox == []
    outbox.send_due(now=timezone.now() + outbox.LEASE)
    assert [m.to for m in mail.outbox] == [["beboer1@example.dk"]] and len(LocmemSmsBackend.outbox) == 1
    assert e_mail.response.token in mail.outbox[0].body


def test_a_link_closes_when_its_key_to_the_resident_is_removed(client, course):
    """Once retention removes the key from the code to the sign-up, the answers are statistics
    without a name: the old link no longer shows or changes them."""
    from django.urls import reverse

    housekeeping.send_links(now=course.first + timedelta(hours=1))
    response = Response.objects.filter(round="baseline").first()
    url = reverse("outcomes:questionnaire", args=[response.token])
    assert client.get(url).status_code == 200
    services.remove_old_keys(now=course.last + timedelta(days=365))
    assert client.get(url).status_code == 404
    assert client.post(url, {"question": "1", "value": "3"}).status_code == 404
    assert not response.answers.exists()
    response.refresh_from_db()
    assert response.round == "baseline"  # the response stays, behind a token nobody holds


def test_the_latest_follow_up_a_plan_may_ask_for_is_sent_and_reminded_before_the_details_go(course):
    """Offers' retention removes participants' contact details half a year after the last session;
    a follow-up later than that could never be sent, so the plan allows none later."""
    from lokalsundhed.offers import housekeeping as offer_housekeeping
    from lokalsundhed.outcomes.models import MAX_FOLLOWUP_DAYS, MeasurementPlan

    MeasurementPlan.objects.filter(offer=course.offer).update(followup_days=MAX_FOLLOWUP_DAYS)
    due = course.last + timedelta(days=MAX_FOLLOWUP_DAYS)
    for now in (due + timedelta(hours=1), due + timedelta(days=3, hours=2)):  # the link, then the reminder
        assert offer_housekeeping.apply_retention(now=now) == 0  # the details are still there
        services.remove_old_keys(now=now)
        assert housekeeping.send_links(now=now) == 2
    # The reminder's answer window closes before the details go.
    closes = due + housekeeping.SEND_WINDOW + housekeeping.REMINDER_AFTER
    assert closes <= course.last + SIGN_UP_DETAILS_KEPT


def test_a_plan_asking_for_a_follow_up_after_the_details_are_gone_is_refused_with_the_reason():
    from lokalsundhed.outcomes.forms import PlanForm
    from lokalsundhed.outcomes.models import MAX_FOLLOWUP_DAYS

    form = PlanForm(data={"programme": "lat_pain", "followup_days": 365, "send_links": "on"})
    assert not form.is_valid()
    with translation.override("da"):
        assert f"Højst {MAX_FOLLOWUP_DAYS} dage" in " ".join(form.errors["followup_days"])
    assert PlanForm(data={"programme": "lat_pain", "followup_days": MAX_FOLLOWUP_DAYS, "send_links": "on"}).is_valid()
