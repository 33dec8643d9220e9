"""The pages of small steps into work: residents show interest without an account (in their
language, bad input kept), the social worker follows up; list pages with their query budgets."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.work.models import Company, Interest, Opportunity
from lokalsundhed.work.tests.factories import VALID_CVRS, company, interest, opportunity

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.worker = world.users["social_worker"]
    world.opportunity = opportunity(world.estate_a, world.worker, company=company(world.housing_a, world.worker))
    return world


def test_a_resident_shows_interest_without_an_account(client, world):
    url = reverse("work:public_interest", args=[world.opportunity.pk])
    response = client.post(url, {"first_name": "Amina", "phone": "0045 20 30 40 50", "consent": "on"})
    assert response.status_code == 302
    shown = Interest.objects.get()
    assert (shown.first_name, shown.phone) == ("Amina", "20304050")


def test_bad_input_is_met_with_a_clear_message_and_nothing_is_lost(client, world):
    url = reverse("work:public_interest", args=[world.opportunity.pk])
    response = client.post(url, {"first_name": "Amina", "phone": "2030", "message": "Jeg kan køre truck"},
                           HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and not Interest.objects.exists()
    assert "not a phone number we can send a message to" in page and "agree to be contacted" in page
    assert "Amina" in page and "Jeg kan køre truck" in page


def test_it_refuses_a_cpr_number_on_the_residents_form(client, world):
    response = client.post(reverse("work:public_interest", args=[world.opportunity.pk]),
                           {"first_name": "Amina", "phone": "20304050", "message": "010190-1234", "consent": "on"})
    assert response.status_code == 200 and not Interest.objects.exists()


def test_the_residents_pages_speak_arabic_right_to_left(client, world):
    response = client.get(reverse("work:public_list", args=[world.estate_a.pk]), HTTP_ACCEPT_LANGUAGE="ar")
    page = response.content.decode()
    assert 'dir="rtl"' in page and 'lang="ar"' in page and world.opportunity.title in page


def test_an_unpublished_opportunity_is_not_shown_to_residents(client, world):
    world.opportunity.is_published = False
    world.opportunity.save()
    assert client.get(reverse("work:public_interest", args=[world.opportunity.pk])).status_code == 404
    page = client.get(reverse("work:public_list", args=[world.estate_a.pk])).content.decode()
    assert world.opportunity.title not in page


def test_the_social_worker_follows_up_step_by_step(client, world):
    shown = interest(world.opportunity)
    log_in(client, world.worker)
    for step in ("contacted", "started", "completed"):
        assert client.post(reverse("work:interest_step", args=[shown.pk, step])).status_code == 302
    shown.refresh_from_db()
    assert shown.state == Interest.State.COMPLETED
    response = client.post(reverse("work:interest_step", args=[shown.pk, "stopped"]), {"reason": "other"},
                           follow=True)
    shown.refresh_from_db()
    assert response.status_code == 200 and shown.state == Interest.State.COMPLETED


def test_stopping_a_follow_up_needs_a_reason_chosen_on_purpose(client, world):
    """"Stop" beside "Mark as contacted" ends the follow-up for good: it comes with no reason chosen
    beforehand, and a stop sent without one is refused with the interest left open."""
    shown = interest(world.opportunity)
    log_in(client, world.worker)
    page = client.get(reverse("work:interest_detail", args=[shown.pk])).content.decode()
    assert '<option value="" selected>Vælg hvorfor</option>' in page
    response = client.post(reverse("work:interest_step", args=[shown.pk, "stopped"]), {"reason": ""}, follow=True)
    assert "Vælg, hvorfor skridtet stoppede." in response.content.decode()
    shown.refresh_from_db()
    assert shown.state == Interest.State.INTERESTED


def test_a_company_with_a_wrong_cvr_check_digit_is_refused_on_the_form(client, world):
    log_in(client, world.worker)
    data = {"name": "Cykelværkstedet", "cvr": "30808461", "contact_name": "Jonas", "is_active": "on"}
    response = client.post(reverse("work:company_new"), data)
    assert response.status_code == 200 and "Cykelværkstedet" in response.content.decode()
    data["cvr"] = "30 80 84 60"
    assert client.post(reverse("work:company_new"), data).status_code == 302
    assert Company.objects.get(name="Cykelværkstedet").cvr == "30808460"


@pytest.mark.parametrize("count", [3, 30])
def test_the_follow_up_list_costs_a_fixed_number_of_queries(client, world, count, django_assert_max_num_queries):
    for n in range(count):
        interest(world.opportunity, first_name=f"Beboer {n}")
    log_in(client, world.worker)
    url = reverse("work:interest_list")
    client.get(url)
    # 1. the session  2. the user  3. memberships  4. the open interests counted by state (the
    # pages' count too)  5. a page of them with opportunity, estate and company
    # 6. INSERT of the SEARCH entry in the access log
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(response.context["page"]) == min(count, 25)


def test_the_follow_up_list_shows_one_state_at_a_time_oldest_first_in_pages(client, world):
    for n in range(27):
        interest(world.opportunity, first_name=f"Beboer {n:02}")
    contacted = interest(world.opportunity, first_name="Xerxes")
    Interest.objects.filter(pk=contacted.pk).update(state=Interest.State.CONTACTED)
    done = interest(world.opportunity, first_name="Yvonne")
    Interest.objects.filter(pk=done.pk).update(state=Interest.State.COMPLETED)
    log_in(client, world.worker)
    url = reverse("work:interest_list")
    first = client.get(url)
    page = first.content.decode()
    # Every open state with its number; the first one shown, the oldest at the top.
    assert [(label, n) for _value, label, n, _current in first.context["states"]] == [
        ("Interesseret", 27), ("Kontaktet", 1), ("Påbegyndt", 0)]
    assert [i.first_name for i in first.context["page"]] == [f"Beboer {n:02}" for n in range(25)]
    assert 'aria-current="page"' in page and "Xerxes" not in page and "Yvonne" not in page
    second = client.get(url, {"page": 2})
    assert [i.first_name for i in second.context["page"]] == ["Beboer 25", "Beboer 26"]
    other = client.get(url, {"state": "contacted"})
    assert [i.first_name for i in other.context["page"]] == ["Xerxes"]
    # A closed or unknown state is no tab: the first open one is shown.
    for state in ("completed", "nonsense"):
        assert len(client.get(url, {"state": state}).context["page"]) == 25


@pytest.mark.parametrize("count", [2, 20])
def test_the_opportunity_and_company_lists_cost_a_fixed_number_of_queries(client, world, count,
                                                                          django_assert_max_num_queries):
    for n in range(count):
        # The first few with a company of their own (the registry has one CVR number each).
        made = company(world.housing_a, world.worker, cvr=[c for c in VALID_CVRS if c != "25313763"][n], name=f"Firma {n}") if n < 4 else None
        opportunity(world.estate_a, world.worker, company=made, title=f"Mulighed {n}")
    log_in(client, world.worker)
    # 1. the session  2. the user  3. memberships  4. the rows with their counts (one grouped SELECT)
    # and, for the opportunities in pages, 5. their number and 6. the estates whose residents' pages
    # are linked
    for name, budget in (("work:opportunity_list", 6), ("work:company_list", 4)):
        client.get(reverse(name))
        with django_assert_max_num_queries(budget):
            assert client.get(reverse(name)).status_code == 200
    assert Opportunity.objects.count() == count + 1


def test_the_opportunities_come_in_pages_counted_on_the_open_ones(client, world):
    for n in range(26):
        opportunity(world.estate_a, world.worker, title=f"Mulighed {n:02}")
    Opportunity.objects.filter(title="Mulighed 25").update(archived_at=timezone.now())
    log_in(client, world.worker)
    url = reverse("work:opportunity_list")
    first, second = client.get(url), client.get(url, {"page": 2})
    titles = [o.title for o in first.context["page"]] + [o.title for o in second.context["page"]]
    assert len(titles) == 26 and "Mulighed 25" not in titles  # 25 open of the test's + the world's own
    assert first.context["page"].paginator.count == 26 and 'rel="next"' in first.content.decode()


def test_the_public_list_costs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for n in range(10):
        opportunity(world.estate_a, world.worker, title=f"Mulighed {n}")
    url = reverse("work:public_list", args=[world.estate_a.pk])
    client.get(url)
    # 1. the estate  2. its open opportunities with company
    with django_assert_max_num_queries(2):
        client.get(url)


@pytest.mark.parametrize("language", ["ar", "uk", "da"])
def test_the_opportunities_written_in_danish_say_so_to_a_reader_of_another_language(client, world, language):
    """Staff write opportunities in Danish: on a page in another language their texts are marked
    as Danish (a screen reader reads them with a Danish voice) and said to be in Danish."""
    world.opportunity.description = "Hjælp i køkkenet to dage om ugen."
    world.opportunity.save(update_fields=["description"])
    client.cookies["django_language"] = language
    for url in (reverse("work:public_list", args=[world.estate_a.pk]),
                reverse("work:public_interest", args=[world.opportunity.pk])):
        page = client.get(url).content.decode()
        marked = f'lang="da" dir="ltr">{world.opportunity.title}<'
        assert (marked in page) == (language != "da"), url
        assert ('lang="da" dir="ltr"><p>Hjælp i køkkenet' in page or 'lang="da" dir="ltr">Hjælp i køkkenet' in page) \
            == (language != "da"), url
        assert ("offer-field-in-danish" in page) == (language != "da"), url


@pytest.mark.parametrize("language, said", [
    ("da", "Vi sletter dit navn, nummer og din besked {} efter, at sagen er afsluttet."),
    ("uk", "Ми видаляємо ваше ім'я, номер і повідомлення через {} після того, як справу закрито."),
])
def test_the_interest_form_says_when_the_residents_details_are_deleted_by_the_housing_organisations_policy(
        client, world, language, said):
    from lokalsundhed.referrals.models import RetentionPolicy

    client.cookies["django_language"] = language
    url = reverse("work:public_interest", args=[world.opportunity.pk])
    assert said.format({"da": "12 måneder", "uk": "12 місяців"}[language]) in client.get(url).content.decode()
    RetentionPolicy.objects.update_or_create(organisation=world.opportunity.estate.housing_organisation,
                                             defaults={"closed_referral_months": 1})
    assert said.format({"da": "1 måned", "uk": "1 місяць"}[language]) in client.get(url).content.decode()


def test_the_estates_opportunities_are_found_from_its_calendar_and_the_social_workers_list(client, world):
    """Residents reach "Small steps into work" from their estate's calendar, and the social worker
    finds the address of each estate's page to share."""
    public = reverse("work:public_list", args=[world.estate_a.pk])
    calendar = client.get(reverse("offers:estate_calendar", args=[world.estate_a.pk])).content.decode()
    assert f'href="{public}"' in calendar
    log_in(client, world.worker)
    page = client.get(reverse("work:opportunity_list")).content.decode()
    assert f'href="{public}"' in page
    assert reverse("work:public_list", args=[world.estate_b.pk]) not in page  # another organisation's
