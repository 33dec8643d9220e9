"""The overview tells each person what needs them now: a section per role, with counts from the
scoped selectors — never a record of another organisation, never a resident's name or address —
at a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import MembershipFactory, member
from lokalsundhed.core.overview import Overview
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.core.tests.world import PERSONAS
from lokalsundhed.directory.models import Service
from lokalsundhed.directory.tests.factories import make_service
from lokalsundhed.errands import services as errand_services
from lokalsundhed.errands.tests.factories import request as request_errand
from lokalsundhed.offers import services as offer_services
from lokalsundhed.offers.models import Offer, Session
from lokalsundhed.offers.tests.factories import at, make_offer, resident
from lokalsundhed.referrals import services as referral_services
from lokalsundhed.referrals.models import Consent, Referral
from lokalsundhed.referrals.selectors import queue_counts
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe

pytestmark = pytest.mark.django_db

HOME = "/"


@pytest.fixture
def world():
    return bridge_world()


def overview_of(client, user) -> tuple[Overview, str]:
    log_in(client, user)
    client.cookies["django_language"] = "en"  # the tests read the English source texts
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.context["overview"], response.content.decode()


def queue_links(html: str) -> dict[str, str]:
    """The queue filter (state) each figure of the queue card links to."""
    links = {}
    queue = reverse("referrals:queue")
    for chunk in html.split('href="')[1:]:
        href = chunk.split('"', 1)[0].replace("&amp;", "&")
        if href.startswith(queue + "?"):
            links[parse_qs(urlparse(href).query)["state"][0]] = href
    return links


# --- Sections by role ------------------------------------------------------------------------

SECTIONS: dict[str, set[str]] = {
    "caretaker": {"reports", "errands"},
    "social_worker": {"reports", "errands", "sessions"},
    "housing_admin": {"numbers"},  # a housing organisation keeps no help guide
    "housing_analyst": {"numbers"},
    "intake": {"queue"},
    "unit_worker": {"queue"},
    "professional": {"sessions"},
    "municipal_admin": {"numbers", "directory"},
    "municipal_analyst": {"numbers"},
    "auditor": set(),
    "other_housing_caretaker": {"reports", "errands"},
    "other_municipality_intake": {"queue"},
    "other_municipality_admin": {"numbers", "directory"},
}


def test_every_persona_has_a_row_of_sections():
    assert set(SECTIONS) == set(PERSONAS)


@pytest.mark.parametrize("persona", sorted(SECTIONS))
def test_each_role_sees_its_own_sections_and_no_other(client, world, persona):
    overview, html = overview_of(client, world.users[persona])
    shown = {
        "reports": overview.reports is not None,
        "queue": overview.queue is not None,
        "errands": overview.errands is not None,
        "sessions": overview.sessions is not None,
        "numbers": overview.numbers is not None,
        "directory": overview.directory is not None,
    }
    assert {name for name, on in shown.items() if on} == SECTIONS[persona]
    for name in shown:
        assert (f'id="overview-{name}"' in html) == (name in SECTIONS[persona]), name
    reporter = "reports" in SECTIONS[persona]
    assert (f'class="button button-primary overview-report-button" href="{reverse("referrals:observation_new")}"'
            in html) == reporter
    assert "Your organisations and roles" in html  # and the memberships, for everyone


# --- Reporters -----------------------------------------------------------------------------------


def test_a_reporter_sees_their_own_referrals_by_state_and_a_warning_for_the_returned(client, world):
    caretaker, intake = world.users["caretaker"], world.users["intake"]
    observe(caretaker, world.estate_a)  # sent
    received = observe(caretaker, world.estate_a)
    referral_services.receive(received.referral, actor=intake)
    taken = observe(caretaker, world.estate_a)
    referral_services.claim(taken.referral, actor=intake)
    referral_services.take_over(taken.referral, actor=intake, status_text="")
    closed = observe(caretaker, world.estate_a)
    referral_services.claim(closed.referral, actor=intake)
    referral_services.take_over(closed.referral, actor=intake, status_text="")
    referral_services.close(closed.referral, actor=intake, outcome=Referral.Outcome.HELP_ESTABLISHED, status_text="")
    returned = observe(caretaker, world.estate_a)
    referral_services.return_to_reporter(returned.referral, actor=intake, reason="Ikke vores område")
    long_ago = observe(caretaker, world.estate_a)
    referral_services.return_to_reporter(long_ago.referral, actor=intake, reason="Ikke vores område")
    Referral.objects.filter(pk=long_ago.referral.pk).update(closed_at=timezone.now() - timedelta(days=40))
    observe(caretaker, world.estate_a, consent=Consent.DECLINED)  # kept by the housing organisation: no referral
    observe(world.users["social_worker"], world.estate_a)  # a colleague's, not theirs

    overview, html = overview_of(client, caretaker)
    assert (overview.reports.waiting, overview.reports.taken_over, overview.reports.returned) == (2, 1, 1)
    assert "1 referral was returned to you" in html
    warning = html.split('class="alert alert-warning overview-returned"', 1)[1].split("card-row", 1)[0]
    assert f'href="{reverse("referrals:my_reports")}"' in warning

    # Another housing organisation's caretaker counts only their own.
    observe(world.users["other_housing_caretaker"], world.estate_b)
    overview, html = overview_of(client, world.users["other_housing_caretaker"])
    assert (overview.reports.waiting, overview.reports.taken_over, overview.reports.returned) == (1, 0, 0)
    assert "overview-returned" not in html


# --- Referral workers ---------------------------------------------------------------------------


def _queue_world(world):
    """Fredericia: two new (one routed to psychiatry), one received by intake, unclaimed and
    overdue (new too: nobody has it), one claimed by intake and past its deadline (overdue: not
    taken over in time), one claimed by the unit worker, one taken over. Vejle: one new and one
    new and overdue."""
    caretaker, intake, unit_worker = (world.users[p] for p in ("caretaker", "intake", "unit_worker"))
    observe(caretaker, world.estate_a)
    to_psychiatry = observe(caretaker, world.estate_a).referral
    Referral.objects.filter(pk=to_psychiatry.pk).update(unit=world.psychiatry)
    overdue = observe(caretaker, world.estate_a).referral
    referral_services.receive(overdue, actor=intake)
    Referral.objects.filter(pk=overdue.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    claimed_late = referral_services.claim(observe(caretaker, world.estate_a).referral, actor=intake)
    Referral.objects.filter(pk=claimed_late.pk).update(deadline_at=timezone.now() - timedelta(hours=2))
    by_unit = observe(caretaker, world.estate_a).referral
    Referral.objects.filter(pk=by_unit.pk).update(unit=world.psychiatry)
    referral_services.claim(by_unit, actor=unit_worker)
    taken = referral_services.claim(observe(caretaker, world.estate_a).referral, actor=intake)
    referral_services.take_over(taken, actor=intake, status_text="")

    ReceivingUnitFactory(municipality=world.municipality_v, name="Vejle Indgang", is_default=True)
    vejle_caretaker = member(world.housing_c, Role.CARETAKER)
    observe(vejle_caretaker, world.estate_c)
    late = observe(vejle_caretaker, world.estate_c).referral
    Referral.objects.filter(pk=late.pk).update(deadline_at=timezone.now() - timedelta(days=1))


@pytest.mark.parametrize(("persona", "expected"), [
    ("intake", (3, 2, 1)),
    ("unit_worker", (1, 0, 1)),  # only the psychiatry unit's referrals
    ("other_municipality_intake", (2, 1, 0)),  # only Vejle's
])
def test_a_referral_worker_sees_new_overdue_and_claimed_in_their_scope(client, world, persona, expected):
    _queue_world(world)
    overview, html = overview_of(client, world.users[persona])
    assert (overview.queue.new, overview.queue.overdue, overview.queue.claimed) == expected
    assert set(queue_links(html)) == {"new", "overdue", "claimed"}


@pytest.mark.parametrize("persona", ["intake", "unit_worker", "other_municipality_intake"])
def test_each_queue_figure_is_the_number_of_referrals_its_link_shows(client, world, persona):
    _queue_world(world)
    user = world.users[persona]
    counts = queue_counts(user, timezone.now())
    _overview, html = overview_of(client, user)
    for state, figure in (("new", counts.new), ("overdue", counts.overdue), ("claimed", counts.claimed)):
        page = client.get(queue_links(html)[state]).context["page"]
        assert page.paginator.count == figure, state


# --- Errand workers ------------------------------------------------------------------------------


def test_an_errand_worker_sees_the_open_errands_of_their_estates_and_those_they_took(client, world):
    caretaker, social_worker = world.users["caretaker"], world.users["social_worker"]
    request_errand(world.estate_a)
    request_errand(world.estate_a, "rubbish")
    errand_services.take(request_errand(world.estate_a), actor=caretaker)
    errand_services.take(request_errand(world.estate_a), actor=social_worker)
    done = errand_services.take(request_errand(world.estate_a), actor=caretaker)
    errand_services.complete(done, actor=caretaker, minutes=10)
    errand_services.cancel(request_errand(world.estate_a))
    request_errand(world.estate_b)  # another housing organisation's estate

    overview, html = overview_of(client, caretaker)
    assert (overview.errands.open, overview.errands.mine) == (2, 1)
    assert f'href="{reverse("errands:errand_list")}"' in html
    overview, _html = overview_of(client, social_worker)
    assert (overview.errands.open, overview.errands.mine) == (2, 1)
    overview, _html = overview_of(client, world.users["other_housing_caretaker"])
    assert (overview.errands.open, overview.errands.mine) == (1, 0)


# --- Runners of offers ---------------------------------------------------------------------------


def test_a_runner_sees_their_sessions_of_the_coming_week_and_the_next_one(client, world):
    social_worker, professional = world.users["social_worker"], world.users["professional"]
    make_offer(social_worker, estate=world.estate_a, sessions=3, first=at(2))  # days 2, 9 and 16
    cafe = make_offer(social_worker, estate=world.estate_a, kind=Offer.Kind.ACTIVITY, sessions=2,
                      first=at(1, hour=14), title="Fredagscafé")  # days 1 and 8
    cancelled = make_offer(social_worker, estate=world.estate_a, kind=Offer.Kind.ACTIVITY, first=at(3), title="Aflyst")
    Session.objects.filter(offer=cancelled).update(cancelled_at=timezone.now())
    make_offer(social_worker, estate=world.estate_a, first=at(5), title="Hold med instruktør",
               facilitator=professional)
    make_offer(professional, estate=world.estate_a, kind=Offer.Kind.INFO_MEETING, first=at(1, hour=9),
               title="Informationsmøde")  # the professional's own: not the social worker's
    other_runner = member(world.housing_c, Role.SOCIAL_WORKER)
    make_offer(other_runner, estate=world.estate_c, first=at(1), title="I Vejle")

    overview, html = overview_of(client, social_worker)
    assert overview.sessions.count == 3
    first = cafe.sessions.order_by("starts_at").first()
    assert overview.sessions.next.pk == first.pk
    assert "Fredagscafé" in html
    assert f'href="{reverse("offers:attendance", args=[first.pk])}"' in html
    assert f'href="{reverse("offers:offer_detail", args=[cafe.pk])}"' in html

    overview, html = overview_of(client, professional)  # their own offer and the one they facilitate
    assert overview.sessions.count == 2
    assert overview.sessions.next.offer.title == "Informationsmøde"

    overview, html = overview_of(client, other_runner)
    assert overview.sessions.count == 1
    assert "Fredagscafé" not in html and "Informationsmøde" not in html


def test_a_runner_without_sessions_is_told_so(client, world):
    overview, html = overview_of(client, world.users["professional"])
    assert (overview.sessions.count, overview.sessions.next) == (0, None)
    assert "You have no sessions in the next 7 days." in html


# --- Readers of figures and administrators of the help guide -----------------------------------


@pytest.mark.parametrize("persona", ["housing_analyst", "municipal_admin"])
def test_readers_of_figures_get_the_numbers_pages(client, world, persona):
    _overview, html = overview_of(client, world.users[persona])
    for name in ("referrals:numbers", "offers:reach", "errands:report_index"):
        assert f'href="{reverse(name)}"' in html


def test_a_municipal_administrator_sees_the_services_of_their_help_guide_to_check(client, world):
    today = timezone.localdate()
    fredericia, vejle = world.estate_a.municipality, world.estate_c.municipality
    make_service(fredericia, "Aldrig verificeret", assured_date=None)
    make_service(fredericia, "Sidste år", assured_date=today - timedelta(days=400))
    make_service(fredericia, "Tjekket i sommer", assured_date=today - timedelta(days=30))
    make_service(fredericia, "Nedlagt", assured_date=date(2020, 1, 1), status=Service.Status.DEFUNCT)
    make_service(vejle, "Vejles gamle", assured_date=None)

    overview, html = overview_of(client, world.users["municipal_admin"])
    assert overview.directory == 2
    assert f'href="{reverse("directory:search")}"' in html
    overview, _html = overview_of(client, world.users["other_municipality_admin"])
    assert overview.directory == 1


# --- No personal data, and a fixed number of queries -----------------------------------------


def _busy_person(world):
    """Caretaker and housing social worker in A; intake, unit worker and administrator in M."""
    busy = member(world.housing_a, Role.CARETAKER, email="travl@example.dk")
    for organisation, role in ((world.housing_a, Role.SOCIAL_WORKER), (world.municipality_m, Role.INTAKE),
                               (world.municipality_m, Role.UNIT_WORKER), (world.municipality_m, Role.ADMIN)):
        MembershipFactory(user=busy, organisation=organisation, role=role)
    world.psychiatry.members.add(busy)
    return busy


def _activity(world, busy, n: int) -> None:
    """`n` of each thing the busy person's overview counts, with residents' names and addresses."""
    for i in range(n):
        observation = observe(busy, world.estate_a, first_name="Ingeborg")
        if i % 2:
            referral_services.claim(observation.referral, actor=busy)
        errand = request_errand(world.estate_a, first_name="Ingeborg")
        if i % 2:
            errand_services.take(errand, actor=busy)
        make_service(world.estate_a.municipality, f"Tilbud {i}", assured_date=None)
    offer = make_offer(busy, estate=world.estate_a, sessions=n, first=at(1))
    offer_services.sign_up(offer, resident(1))


def test_the_overview_shows_no_residents_names_or_addresses(client, world):
    busy = _busy_person(world)
    _activity(world, busy, 2)
    _overview, html = overview_of(client, busy)
    assert "Ingeborg" not in html and "Beboer1" not in html
    for dwelling in world.estate_a.dwellings.all():
        assert dwelling.street not in html
    assert "Parkvej" not in html  # the errands' typed address


@pytest.mark.parametrize("n", [1, 12])
def test_the_busiest_overview_costs_a_fixed_number_of_queries(client, world, n, django_assert_max_num_queries):
    busy = _busy_person(world)
    _activity(world, busy, n)
    log_in(client, busy)
    url = reverse("core:home")
    client.get(url)  # the first request also refreshes the session's idle clock
    # 1. the session  2. the user  3. the user's memberships with organisations
    # 4. the reporter's referrals by state: COUNTs over their observations joined to referrals
    # 5. the queue: COUNTs of new, overdue and claimed over the referrals in scope
    # 6. practical help: COUNTs of open and own errands in the user's estates
    # 7. the runner's next session with its offer, and a window COUNT of the week's sessions
    # 8. the municipalities of the user's housing estates (the help guide's scope)
    # 9. COUNT of the help guide's services not verified for 12 months
    # 10. training: the module suggested for what the person reported, in a theme they do not hold
    with django_assert_max_num_queries(10):
        response = client.get(url)
    overview = response.context["overview"]
    assert overview.reports.waiting == n
    assert overview.queue.claimed == n // 2
    assert overview.errands.mine == n // 2
    assert overview.sessions.count == min(n, 1)  # weekly: one within the next 7 days
    assert overview.directory == n
    assert overview.numbers
