"""Reach figures, computed by the database, with small counts suppressed."""

from __future__ import annotations

import pytest

from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers import reach_selectors, services
from lokalsundhed.offers.models import Offer, SignUp
from lokalsundhed.offers.tests.factories import at, make_offer, resident, sign_up_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_small_counts_and_revealing_shares_are_suppressed():
    assert str(reach_selectors.count_figure(0)) == "0"
    assert str(reach_selectors.count_figure(3)) == "<5"
    assert str(reach_selectors.count_figure(5)) == "5"
    assert str(reach_selectors.share_figure(5, 10)) == "50 %"
    assert reach_selectors.share_figure(3, 10).suppressed  # three people
    assert reach_selectors.share_figure(8, 10).suppressed  # two people did not
    assert reach_selectors.share_figure(2, 4).suppressed  # too few to say
    assert str(reach_selectors.share_figure(0, 0)) == "–"


def test_a_six_session_course_by_hand(world):
    """10 participants, 6 sessions, attendance recorded for all 6:
    participants 1–5 come to 5 sessions, 6–8 to 3, 9–10 to 1 → 25 + 9 + 2 = 36 of 60 (60 %).
    Completed (≥ 4): participants 1–5 → 5 of 10 (50 %). Two more sign up and wait, one of them
    cancels: 12 sign-ups; first-time: participants 1–6 → 6 of 12 (50 %)."""
    worker = world.users["professional"]
    offer = make_offer(worker, estate=world.estate_a, capacity=10, sessions=6, first=at(-40))
    people = [services.sign_up(offer, resident(n, first_time=n <= 6, language="ar" if n <= 5 else "da"))
              for n in range(1, 11)]
    waiting = sign_up_many(offer, 2, start=11)
    services.cancel(waiting[0])
    sessions = list(offer.sessions.order_by("starts_at"))
    plan = {**dict.fromkeys(range(0, 5), 5), **dict.fromkeys(range(5, 8), 3), 8: 1, 9: 1}
    for index, times in plan.items():
        for session in sessions[:times]:
            services.set_attendance(session, people[index], True, actor=worker)
    for session in sessions:
        services.close_attendance(session, actor=worker)

    (row,) = reach_selectors.reach_report(SignUp.objects.all(), [(offer.pk, offer.title, world.estate_a.pk, None)], [], [], []).offers
    assert (row.sign_ups, row.participants, row.attended, row.possible) == (12, 10, 36, 60)
    assert (row.course_participants, row.completed, row.first_time) == (10, 5, 6)
    figures = {name: str(figure) for name, figure in row.figures.items()}
    assert figures == {
        "sign_ups": "12",
        "participants": "10",
        "attendance_rate": "60 %",
        "completion_rate": "50 %",
        "first_time_share": "50 %",
    }
    assert [(code, name, str(f)) for code, name, f in row.language_figures] == [("da", "Dansk", "7"), ("ar", "Arabisk", "5")]


def test_estates_and_partnerships_count_their_offers(world):
    worker = world.users["social_worker"]
    estate_offer = make_offer(worker, estate=world.estate_a, kind=Offer.Kind.ACTIVITY, title="Fredagscafé")
    partnership_offer = make_offer(world.users["professional"], partnership=world.partnership,
                                   kind=Offer.Kind.INFO_MEETING, title="Informationsmøde")
    other = make_offer(world.users["other_housing_caretaker"], estate=world.estate_b, kind=Offer.Kind.ACTIVITY)
    sign_up_many(estate_offer, 6)
    sign_up_many(partnership_offer, 2, start=7)
    sign_up_many(other, 1, start=9)

    offers = [(o.pk, o.title, o.estate_id, o.partnership_id) for o in (estate_offer, partnership_offer, other)]
    figures = reach_selectors.reach_report(SignUp.objects.all(), offers, [(world.estate_a.pk, ""), (world.estate_b.pk, "")],
                           [(world.partnership.pk, "")], [(world.estate_a.pk, world.partnership.pk)])
    by_estate = {r.key: r for r in figures.estates}
    assert by_estate[world.estate_a.pk].sign_ups == 6
    assert str(by_estate[world.estate_b.pk].figures["sign_ups"]) == "<5"
    (partnership,) = figures.partnerships
    assert partnership.sign_ups == 8


def test_a_running_course_is_not_counted_as_failing_to_complete(world, client):
    """Two courses at estate A, ten participants each. The ended one: five came to four sessions
    (50 %). The running one has held 3 of its 6 sessions and nobody can have completed it yet: its
    row says how far it is, and the estate's completion counts only the ended course."""
    from django.urls import reverse

    from lokalsundhed.core.tests.support import log_in

    worker = world.users["professional"]
    ended = make_offer(worker, estate=world.estate_a, capacity=10, sessions=4, first=at(-60), title="Afsluttet")
    running = make_offer(worker, estate=world.estate_a, capacity=10, sessions=6, first=at(-15), title="Kørende")
    for offer in (ended, running):
        people = [services.sign_up(offer, resident(n + offer.pk * 100)) for n in range(1, 11)]
        held = [s for s in offer.sessions.order_by("starts_at") if s.ends_at < at(0, 0)]
        for session in held:
            for person in people[:5] if offer == ended else people:
                services.set_attendance(session, person, True, actor=worker)
            services.close_attendance(session, actor=worker)
    report = reach_selectors.reach_report(SignUp.objects.all(), [(o.pk, o.title, world.estate_a.pk, None) for o in (ended, running)],
                                    [(world.estate_a.pk, world.estate_a.name)], [], [])
    by_title = {row.label.split(" · ")[0]: row for row in report.offers}
    assert (by_title["Kørende"].running, by_title["Kørende"].sessions_held, by_title["Kørende"].sessions_total) == (1, 3, 6)
    assert str(by_title["Afsluttet"].figures["completion_rate"]) == "50 %"
    (estate,) = report.estates
    assert (str(estate.figures["completion_rate"]), estate.running) == ("50 %", 1)

    log_in(client, world.users["municipal_analyst"])
    html = client.get(reverse("offers:reach")).content.decode()
    row = html[html.index(f"Kørende · {world.estate_a.name}"):]
    completion = row[row.index('data-figure="completion_rate">'):].split("</td>")[0]
    assert "I gang — 3 af 6 gange afholdt" in completion and "%" not in completion


def test_the_reach_page_states_its_period_in_words(world, client):
    from django.urls import reverse

    from lokalsundhed.core.tests.support import log_in

    log_in(client, world.users["municipal_analyst"])
    html = client.get(reverse("offers:reach"), {"since": "2026-01-01", "until": "2026-12-04"}).content.decode()
    assert "<strong>Periode:</strong> 1. januar 2026 – 4. december 2026 · tilmeldinger foretaget i perioden" in html
