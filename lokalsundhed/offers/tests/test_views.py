"""The pages: residents sign up and cancel without an account; facilitators take attendance;
the reach page shows the hand-computed figures; calendar and reach keep a fixed query count."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import change_services, reach_selectors, services
from lokalsundhed.offers.models import Attendance, Offer, SignUp
from lokalsundhed.offers.tests.factories import at, make_offer, resident, sign_up_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_a_resident_signs_up_gets_the_link_and_cancels_through_it(client, world, committed):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, capacity=1)
    url = reverse("offers:public_offer", args=[offer.pk])
    assert client.get(url).status_code == 200
    with committed():
        response = client.post(url, {"first_name": "Amal", "email": "amal@example.dk", "language": "ar",
                                     "first_time": "yes"})
    entry = SignUp.objects.get(first_name="Amal")
    assert response.status_code == 302 and response["Location"] == reverse("offers:my_sign_up", args=[entry.token])
    assert entry.language == "ar" and entry.first_time is True and entry.signed_up_by is None
    assert entry.token in mail.outbox[-1].body
    with committed():
        client.post(reverse("offers:public_offer", args=[offer.pk]),
                    {"first_name": "Bo", "phone": "20 30 40 50", "language": "da"})
    waiting = SignUp.objects.get(first_name="Bo")
    assert waiting.status == SignUp.Status.WAITING and waiting.phone == "+4520304050"
    with committed():
        client.post(reverse("offers:my_sign_up_cancel", args=[entry.token]))
    entry.refresh_from_db()
    waiting.refresh_from_db()
    assert entry.status == SignUp.Status.CANCELLED and waiting.status == SignUp.Status.CONFIRMED


def test_the_sign_up_form_wants_a_way_to_reach_you_and_refuses_cpr_numbers(client, world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    url = reverse("offers:public_offer", args=[offer.pk])
    response = client.post(url, {"first_name": "Amal"})
    assert response.status_code == 200 and not SignUp.objects.exists()
    response = client.post(url, {"first_name": "Amal 010170-1234", "email": "a@example.dk"})
    assert "CPR" in response.content.decode() and not SignUp.objects.exists()


def test_an_offer_with_only_cancelled_times_left_takes_no_sign_ups(client, world):
    staff = world.users["social_worker"]
    offer = make_offer(staff, estate=world.estate_a, sessions=2)
    for session in offer.sessions.all():
        change_services.cancel_session(session, reason="Instruktøren er syg", actor=staff)
    url = reverse("offers:public_offer", args=[offer.pk])
    response = client.get(url)
    assert response.context["open_for_sign_up"] is False
    assert 'class="offer-sign-up"' not in response.content.decode()
    response = client.post(url, {"first_name": "Amal", "email": "amal@example.dk", "language": "da"})
    assert response.status_code == 200 and not SignUp.objects.exists()


def test_an_offer_whose_times_are_all_past_takes_no_sign_ups_from_residents(client, world):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    later = offer.sessions.get().ends_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(reverse("offers:public_offer", args=[offer.pk]),
                               {"first_name": "Amal", "email": "amal@example.dk", "language": "da"})
    assert response.status_code == 200 and not SignUp.objects.exists()


def test_an_unknown_token_is_not_found(client, world):
    assert client.get(reverse("offers:my_sign_up", args=["not-a-token"])).status_code == 404


def test_an_old_private_link_tells_the_resident_why_in_their_language(client, world, settings):
    settings.DEBUG = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get(reverse("offers:my_sign_up", args=["not-a-token"]))
    page = response.content.decode()
    assert response.status_code == 404 and 'dir="rtl"' in page
    assert "هذه الصفحة غير موجودة" in page  # "This page does not exist … the link may be old"
    assert reverse("offers:calendar_index") in page and reverse("directory:guide_index") in page


def test_a_booked_slot_is_no_longer_offered(client, world):
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.OUTREACH, hours=0.5)
    first, second = services.add_slots(offer.sessions.get(), 15, actor=worker)
    url = reverse("offers:public_offer", args=[offer.pk])
    client.post(url, {"slot": first.pk, "first_name": "Amal", "email": "amal@example.dk"})
    page = client.get(url).content.decode()
    assert f'value="{first.pk}"' not in page and f'value="{second.pk}"' in page
    response = client.post(url, {"slot": first.pk, "first_name": "Bo", "email": "bo@example.dk"})
    assert response.status_code == 200 and SignUp.objects.filter(slot=first).count() == 1


def test_staff_sign_a_resident_up_on_their_behalf(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a)
    log_in(client, worker)
    client.post(reverse("offers:offer_sign_up", args=[offer.pk]), {"first_name": "Inge", "phone": "20304050"})
    assert SignUp.objects.get(first_name="Inge").signed_up_by == worker


def test_a_facilitator_marks_attendance_with_one_tap_each(client, world):
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, sessions=6)
    people = sign_up_many(offer, 3)
    session = offer.sessions.first()
    log_in(client, worker)
    page = client.get(reverse("offers:attendance", args=[session.pk])).content.decode()
    assert all(p.first_name in page for p in people)
    url = reverse("offers:attendance_toggle", args=[session.pk, people[0].pk])
    response = client.post(url, {"present": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert Attendance.objects.filter(session=session, sign_up=people[0]).exists()
    client.post(url, {"present": "0"}, HTTP_HX_REQUEST="true")
    assert not Attendance.objects.filter(session=session).exists()


def _figures(html: str, label: str) -> dict[str, str]:
    row = re.search(rf"<th scope=\"row\"[^>]*>{re.escape(label)}</th>(.*?)</tr>", html, re.S).group(1)
    return {name: value.strip() for name, value in re.findall(r'data-figure="(\w+)">(.*?)</td>', row, re.S)}


def test_completion_and_reach_on_the_report_page_match_the_hand_count(client, world):
    """A 6-session course, 10 participants, attendance taken through the pages:
    participants 1–5 come 5 times, 6–8 come 3 times, 9–10 once → 36 of 60 = 60 %;
    completed (≥ 4 sessions): 5 of 10 = 50 %; first time: 5 of 10 = 50 %."""
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, capacity=10, sessions=6, first=at(-42),
                       title="LÆR AT TACKLE angst og depression")
    people = [services.sign_up(offer, resident(n, first_time=n % 2 == 0)) for n in range(1, 11)]
    times = [5] * 5 + [3] * 3 + [1] * 2
    log_in(client, worker)
    for session_index, session in enumerate(offer.sessions.order_by("starts_at")):
        for person, count in zip(people, times, strict=True):
            if session_index < count:
                client.post(reverse("offers:attendance_toggle", args=[session.pk, person.pk]), {"present": "1"},
                            HTTP_HX_REQUEST="true")
        if session_index >= 5:  # nobody came to the last one: the facilitator records that too
            services.close_attendance(session, actor=worker)
    log_in(client, world.users["municipal_analyst"])
    html = client.get(reverse("offers:reach")).content.decode()
    assert _figures(html, f"{offer.title} · {world.estate_a.name}") == {
        "sign_ups": "10", "participants": "10", "attendance_rate": "60 %", "completion_rate": "50 %",
        "first_time_share": "50 %", "languages": "Dansk 10",
    }
    assert _figures(html, world.estate_a.name)["completion_rate"] == "50 %"
    assert _figures(html, world.partnership.name)["attendance_rate"] == "60 %"


def _generate(world, offers: int, people: int) -> None:
    worker = world.users["social_worker"]
    for n in range(offers):
        offer = make_offer(worker, estate=world.estate_a, sessions=3, capacity=people, title=f"Tilbud {n}",
                           first=at(1 + n % 5))
        services.set_translation(offer, "ar", title=f"نشاط {n}", actor=worker)
        SignUp.objects.bulk_create([
            SignUp(offer=offer, status=SignUp.Status.CONFIRMED, first_name=f"B{i}", email=f"b{i}@example.dk",
                   language=["da", "ar", "tr"][i % 3], first_time=i % 2 == 0)
            for i in range(people)
        ])


@pytest.mark.parametrize("url_name, kwargs", [
    ("offers:estate_calendar", lambda w: {"pk": w.estate_a.pk}),
    ("offers:municipality_calendar", lambda w: {"code": "0607"}),
])
def test_the_calendar_has_a_fixed_query_count(client, world, url_name, kwargs, settings):
    """Queries of the page itself (the page cache off; test_page_cache.py counts its one read):
    1 place (estate or municipality), 2 sessions with offer, estate and facility, 3 the offers'
    texts in the reader's language; the municipality's also 4 the count for its pages and 5 the
    estates with offers."""
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse(url_name, kwargs=kwargs(world))
    counts = []
    for size in (2, 20):
        _generate(world, size, 3)
        client.cookies["django_language"] = "ar"
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 5, counts


def test_the_reach_page_has_a_fixed_query_count(client, world, settings):
    """Queries: 1 session, 2 user, 3 memberships (the layout), 4 offers, 5 partnerships,
    6 estates, 7 the partnerships' estates, 8 sign-ups per offer, 9 sessions with attendance,
    10 attendances and course completers per offer (one grouped query, no subquery per row),
    11 languages."""
    settings.REACH_FIGURES_SECONDS = 0
    log_in(client, world.users["municipal_analyst"])
    client.get(reverse("offers:reach"))  # the first request of a session also refreshes it
    counts = []
    for size in (2, 30):
        _generate(world, size, 6)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("offers:reach"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 11, counts


SIGN_UPS = re.compile(r'<th scope="row"[^>]*>([^<]+)</th>\s*<td[^>]*data-figure="sign_ups">([^<]+)</td>')


def test_the_reach_counts_are_kept_per_readers_offers_and_period(client, world, settings, django_assert_max_num_queries):
    settings.REACH_FIGURES_SECONDS = 300
    _generate(world, 3, 6)
    log_in(client, world.users["municipal_analyst"])
    client.get(reverse("offers:reach"))
    first = client.get(reverse("offers:reach"))
    assert "talt for højst 5 minutter siden" in first.content.decode()
    # The next look reads the tables, counted and rendered, from the cache: session, user,
    # memberships, the reader's offers, one cache read.
    with django_assert_max_num_queries(5):
        again = client.get(reverse("offers:reach"))
    assert SIGN_UPS.findall(again.content.decode()) == SIGN_UPS.findall(first.content.decode())
    # A sign-up made since shows once the counts are counted again.
    offer = Offer.objects.order_by("pk").first()
    SignUp.objects.create(offer=offer, status=SignUp.Status.CONFIRMED, first_name="Ny", email="ny@example.dk")
    def signed_up(response):
        return next(int(n) for label, n in SIGN_UPS.findall(response.content.decode()) if label.startswith(offer.title))
    assert signed_up(client.get(reverse("offers:reach"))) == 6
    settings.REACH_FIGURES_SECONDS = 0
    assert signed_up(client.get(reverse("offers:reach"))) == 7
    # Another period is counted on its own.
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    other = client.get(reverse("offers:reach"), {"since": since})
    assert other.status_code == 200
    keys = {reach_selectors.reach_cache_key([1, 2], (None, timezone.localdate())),
            reach_selectors.reach_cache_key([1, 2], (timezone.localdate() - timedelta(days=1), timezone.localdate())),
            reach_selectors.reach_cache_key([1, 3], (None, timezone.localdate()))}
    assert len(keys) == 3


@pytest.mark.parametrize("language, rtl, expected", [
    ("da", False, ""), ("en", False, "What is going on"), ("ar", True, "ما يحدث"), ("tr", False, "Neler oluyor"),
    ("so", False, "Maxaa dhacaya"), ("ur", True, "کیا ہو رہا ہے"), ("uk", False, "Що відбувається"),
    ("pl", False, "Co się dzieje"),
])
def test_the_calendar_speaks_every_resident_language(client, world, language, rtl, expected):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a, title="Fredagscafé")
    services.set_translation(offer, "ar", title="مقهى الجمعة", actor=world.users["social_worker"])
    client.cookies["django_language"] = language
    html = client.get(reverse("offers:estate_calendar", args=[world.estate_a.pk])).content.decode()
    assert f'lang="{language}"' in html and ('dir="rtl"' in html) == rtl
    if language != "da":
        assert expected in html
    if language == "ar":
        assert "مقهى الجمعة" in html and "Fredagscafé" not in html
    elif language != "da":
        assert "Fredagscafé" in html and 'lang="da"' in html  # the Danish text, marked as Danish


def test_the_icalendar_feeds_hold_each_session_once(client, world):
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, sessions=3, title="Fredagscafé, kaffe; kage")
    make_offer(worker, estate=world.estate_b, sessions=2, title="Andet sted")
    response = client.get(reverse("offers:estate_ics", args=[world.estate_a.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 3 and "Andet sted" not in body
    assert "SUMMARY:Fredagscafé\\, kaffe\\; kage" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    session = offer.sessions.first()
    assert f"UID:session-{session.pk}@lokalsundhed" in body
    one = client.get(reverse("offers:offer_ics", args=[offer.pk])).content.decode()
    assert one.count("BEGIN:VEVENT") == 3


def test_the_list_of_ones_offers_counts_each_place_once_whatever_the_number_of_times(client, world,
                                                                                    django_assert_max_num_queries):
    """Places taken and people waiting per offer, next to the next time: an offer of four times with
    two places taken and one waiting shows 2 / 2 and 1 (not once per time)."""
    worker = world.users["social_worker"]
    weekly = make_offer(worker, estate=world.estate_a, capacity=2, sessions=4, title="Fredagscafé")
    sign_up_many(weekly, 3)
    single = make_offer(worker, estate=world.estate_a, sessions=1, title="Petanque")
    sign_up_many(single, 1)
    change_services.cancel_session(weekly.sessions.order_by("starts_at").first(), reason="Ferie", actor=worker)
    log_in(client, worker)
    client.get(reverse("offers:offer_list"))  # the first request of a session also refreshes it
    with django_assert_max_num_queries(4):  # session, user, the count for the pages, the offers with their figures
        page = client.get(reverse("offers:offer_list")).content.decode()
    rows = {title: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)
            for title in ("Fredagscafé", "Petanque") if title in row}
    assert rows["Fredagscafé"].endswith("2 / 2 1"), rows["Fredagscafé"]
    assert rows["Petanque"].endswith("1 0"), rows["Petanque"]
    second = weekly.sessions.filter(cancelled_at__isnull=True).order_by("starts_at").first()
    assert date_format(timezone.localtime(second.starts_at), "SHORT_DATETIME_FORMAT") in rows["Fredagscafé"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_of_ones_offers_comes_in_pages_with_the_coming_ones_first(client, world, count,
                                                                            django_assert_max_num_queries):
    """Offers are not archived when they end, so a housing organisation's list grows year by year:
    it comes in pages of 25, offers with a time ahead first, at the same cost whatever their number."""
    worker = world.users["social_worker"]
    for n in range(count - 1):
        make_offer(worker, estate=world.estate_a, sessions=1, first=at(-10 - n), title=f"Forbi {n:02d}")
    coming = make_offer(worker, estate=world.estate_a, sessions=2, first=at(2), title="Zumba for seniorer")
    log_in(client, worker)
    url = reverse("offers:offer_list")
    client.get(url)  # the first request of a session also refreshes it
    with django_assert_max_num_queries(4), CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    # The pages are counted on the offers alone, not on the grouped query of their figures.
    counting = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counting) == 1 and "offers_signup" not in counting[0] and "offers_session" not in counting[0]
    # The places are counted per offer in subqueries, which PostgreSQL evaluates only for the page's
    # rows after its sort and limit; a join of the sign-ups grouped by offer counts them for every offer.
    listing = queries.captured_queries[-1]["sql"]
    assert "JOIN \"offers_signup\"" not in listing and 'GROUP BY "offers_offer"' not in listing
    assert first.context["page"].paginator.count == count
    shown = list(first.context["page"].object_list)
    assert shown[0] == coming  # ahead of every offer whose times are past, though its title sorts last
    assert len(shown) == min(count, 25)
    if count > 25:
        assert first.context["page"].paginator.num_pages == 2
        assert '<nav class="pagination"' in first.content.decode()
        rest = client.get(url, {"page": 2}).context["page"].object_list
        assert len(rest) == count - 25 and not set(rest) & set(shown)


@pytest.mark.parametrize("language, said", [
    ("da", "Vi sletter dit navn og dine kontaktoplysninger 6 måneder efter tilbuddets sidste gang."),
    ("ar", "نحذف اسمك وبيانات التواصل معك بعد 6 أشهر من آخر موعد للنشاط."),
    ("pl", "Usuwamy Twoje imię i dane kontaktowe 6 miesięcy po ostatnim terminie."),
])
def test_the_sign_up_form_and_the_private_page_say_when_the_residents_details_are_deleted(
        client, world, language, said):
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    client.cookies["django_language"] = language
    assert said in client.get(reverse("offers:public_offer", args=[offer.pk])).content.decode()
    entry = services.sign_up(offer, resident(1))
    assert said in client.get(reverse("offers:my_sign_up", args=[entry.token])).content.decode()


def test_the_course_leader_sees_who_a_message_could_not_reach(client, world, settings, monkeypatch,
                                                               django_capture_on_commit_callbacks,
                                                               django_assert_max_num_queries):
    from lokalsundhed.core import outbox
    from lokalsundhed.offers import notifications

    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=world.estate_a, capacity=1)

    def refused(to, body):
        raise ConnectionError("the gateway refuses the number")

    monkeypatch.setattr(notifications, "send_sms", refused)
    with django_capture_on_commit_callbacks(execute=True):
        amal = services.sign_up(offer, resident(1, email=False))
        services.sign_up(offer, resident(2, email=False))  # the waiting list
    now = timezone.now()
    for wait in outbox.BACKOFF:  # the worker's later attempts, all refused
        now += wait
        outbox.send_due(now=now)
    url = reverse("offers:offer_detail", args=[offer.pk])
    log_in(client, worker)
    client.get(url)
    # The mark is a subquery of the sign-ups' own query: the page makes as many queries as without it.
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert page.count("En besked kunne ikke sendes til dem.") == 2  # the place holder and the one waiting
    confirmed_row = re.search(r"<tr>\s*<td[^>]*>Beboer1</td>.*?</tr>", page, re.S).group(0)
    assert "kunne ikke sendes" in confirmed_row and amal.phone in confirmed_row
    # Once the notices are sent after all, the mark goes.
    monkeypatch.undo()
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    assert outbox.retry_given_up() == 2 and outbox.send_due() == 2
    assert "kunne ikke sendes" not in client.get(url).content.decode()
