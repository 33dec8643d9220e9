"""The bridge-building pages as their users meet them: the observation form and its guards,
the receipt, the reporter's list, the queue and the referral page — for the owner, a colleague
with fewer rights, and an outsider from another organisation or municipality."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lokalsundhed.accounts.tests.factories import member
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import bridge_world, log_in
from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import (
    Consent,
    LegalBasis,
    Observation,
    Referral,
    Statistic,
    Transition,
    Urgency,
)
from lokalsundhed.referrals.tests.factories import observe, rule, sign

pytestmark = pytest.mark.django_db
State = Referral.State

CPR_MESSAGE = "Teksten ser ud til at indeholde et CPR-nummer"


@pytest.fixture
def world():
    world = bridge_world()
    rule(world.municipality_m, "mental", Urgency.RED, world.psychiatry)
    # The same street in three organisations' estates: the search must keep them apart.
    Dwelling.objects.update(street="Nørrevej")
    return world


def _as(client, world, persona: str):
    """Logged in as after a second factor, reading the pages in Danish as the users do."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    log_in(client, world.users[persona])
    return client


def _checked(html: str, name: str, value: object) -> bool:
    """True when the input `name` with `value` is rendered checked."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return " checked" in tag
    return False


def _observation_post(world, **overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "q": "Nørrevej",
        "dwelling": str(world.estate_a.dwellings.order_by("pk").first().pk),
        "resident_first_name": "Inge",
        "signs": [str(sign("falls").pk), str(sign("mail_piling").pk)],
        "description": "Faldt i opgangen og posten hober sig op",
        "consent": Consent.YES,
        "legal_basis": "",
        "legal_basis_reason": "",
        "send": "1",
    }
    data.update(overrides)
    return data


# --- The observation form --------------------------------------------------------------------


def test_a_caretaker_files_an_observation_and_lands_on_the_receipt(client, world):
    _as(client, world, "caretaker")
    response = client.post(reverse("referrals:observation_new"), _observation_post(world))
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("referrals:observation_receipt", args=[observation.pk])
    assert observation.referral.unit == world.default_unit
    receipt = client.get(response.url)
    assert receipt.status_code == 200
    assert "Én Indgang" in receipt.content.decode()


@pytest.mark.parametrize(
    "field, text",
    [
        ("description", "Inge (010203-1234) faldt i opgangen"),
        ("description", "cpr 0102031234 står på postkassen"),
        ("resident_first_name", "Inge 010203 1234"),
    ],
)
def test_it_refuses_a_cpr_number_and_keeps_the_rest_of_the_input(client, world, field, text):
    _as(client, world, "caretaker")
    data = _observation_post(world, **{field: text})
    response = client.post(reverse("referrals:observation_new"), data)
    assert response.status_code == 200
    assert not Observation.objects.exists()
    html = response.content.decode()
    assert CPR_MESSAGE in html
    assert response.context["form"].errors[field][0].startswith(CPR_MESSAGE)
    # Everything else is still there to correct and send.
    assert _checked(html, "dwelling", data["dwelling"])
    assert all(_checked(html, "signs", pk) for pk in data["signs"])
    assert _checked(html, "consent", Consent.YES)
    other = "description" if field == "resident_first_name" else "resident_first_name"
    assert str(data[other]) in html
    assert 'value="Nørrevej"' in html


@pytest.mark.parametrize("consent", [Consent.DECLINED, Consent.NOT_ASKED, Consent.CANNOT])
def test_a_legal_basis_without_a_reason_gets_a_clear_message(client, world, consent):
    _as(client, world, "caretaker")
    basis = LegalBasis.objects.get(code="vital_interests")
    data = _observation_post(world, consent=consent, legal_basis=str(basis.pk))
    response = client.post(reverse("referrals:observation_new"), data)
    assert response.status_code == 200
    assert not Observation.objects.exists()
    html = response.content.decode()
    assert "Forklar, hvorfor hjemlen gælder, eller vælg ingen hjemmel." in html
    assert _checked(html, "legal_basis", basis.pk) and _checked(html, "consent", consent)
    assert "Faldt i opgangen" in html


def test_a_declined_consent_without_a_basis_is_kept_but_never_sent(client, world):
    _as(client, world, "caretaker")
    response = client.post(reverse("referrals:observation_new"), _observation_post(world, consent=Consent.DECLINED))
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert not Referral.objects.exists()
    assert Statistic.objects.get(observation=observation).referred is False
    receipt = client.get(response.url).content.decode()
    assert "ikke sendt til kommunen" in receipt


def test_a_legal_basis_with_a_reason_sends_it_without_consent(client, world):
    _as(client, world, "caretaker")
    basis = LegalBasis.objects.get(code="vital_interests")
    data = _observation_post(world, consent=Consent.CANNOT, legal_basis=str(basis.pk),
                             legal_basis_reason="Ikke set i fem dage, lyset er tændt")
    client.post(reverse("referrals:observation_new"), data)
    observation = Observation.objects.get()
    assert observation.referral.state == State.SENT
    assert observation.legal_basis == basis


def test_a_caretaker_of_another_organisation_cannot_pick_our_dwelling(client, world):
    _as(client, world, "other_housing_caretaker")
    response = client.post(reverse("referrals:observation_new"), _observation_post(world))
    assert response.status_code == 200
    assert response.context["form"].errors["dwelling"] == ["Vælg en adresse i dine egne afdelinger."]
    assert not Observation.objects.exists()
    assert "Faldt i opgangen" in response.content.decode()


def test_nobody_else_sees_a_reporters_receipt(client, world):
    observation = observe(world.users["caretaker"], world.estate_a, "falls")
    url = reverse("referrals:observation_receipt", args=[observation.pk])
    for persona in ("other_housing_caretaker", "social_worker"):
        client.logout()
        assert _as(client, world, persona).get(url).status_code == 404, persona
    client.logout()
    assert _as(client, world, "intake").get(url).status_code == 403  # no reporting role at all
    assert Entry.objects.filter(action=Action.DENIED, object_type="referrals.observation").exists()


def test_a_search_without_javascript_keeps_the_input_and_judges_nothing_yet(client, world):
    _as(client, world, "caretaker")
    data = _observation_post(world, description="Faldt i opgangen", search="1")
    del data["send"], data["dwelling"]
    response = client.post(reverse("referrals:observation_new"), data)
    assert response.status_code == 200
    assert not response.context["form"].is_bound and not Observation.objects.exists()
    html = response.content.decode()
    assert "form-error-message" not in html
    assert len(response.context["found"]) == 3  # the search's answer, as radio buttons
    assert all(_checked(html, "signs", pk) for pk in data["signs"])
    assert _checked(html, "consent", Consent.YES) and "Faldt i opgangen" in html


@pytest.mark.parametrize(
    "persona, estate", [("caretaker", "estate_a"), ("social_worker", "estate_a"), ("other_housing_caretaker", "estate_b")]
)
def test_the_dwelling_search_finds_only_the_users_own_estates(client, world, persona, estate):
    _as(client, world, persona)
    response = client.post(reverse("referrals:dwelling_search"), {"q": "Nørrevej"})
    assert response.status_code == 200
    found = response.context["found"]
    assert {d.estate for d in found} == {getattr(world, estate)}
    assert len(found) == 3
    assert [t.name for t in response.templates][0] == "referrals/_dwelling_results.html"


@pytest.mark.parametrize("typed", ["nørrevej", "NØRREVEJ", "nØrreVEJ"])
def test_the_dwelling_search_finds_a_danish_street_in_any_case(client, world, typed):
    _as(client, world, "caretaker")
    found = client.post(reverse("referrals:dwelling_search"), {"q": typed}).context["found"]
    assert len(found) == 3 and {d.street for d in found} == {"Nørrevej"}


def test_the_dwelling_search_needs_two_characters(client, world):
    _as(client, world, "caretaker")
    assert client.post(reverse("referrals:dwelling_search"), {"q": "N"}).context["found"] == []


def test_the_htmx_preview_returns_the_partial_with_the_route(client, world):
    _as(client, world, "caretaker")
    data = _observation_post(world, signs=[str(sign("psychiatric_crisis").pk)])
    del data["send"]
    response = client.post(reverse("referrals:observation_new"), data, HTTP_HX_REQUEST="true",
                           HTTP_HX_TARGET="route-preview")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "referrals/_route_preview.html"
    html = response.content.decode()
    assert "<html" not in html and "Socialpsykiatri" in html
    assert not Observation.objects.exists()


def test_the_htmx_preview_warns_when_it_will_not_be_sent(client, world):
    _as(client, world, "caretaker")
    data = _observation_post(world, consent=Consent.DECLINED)
    del data["send"]
    response = client.post(reverse("referrals:observation_new"), data, HTTP_HX_REQUEST="true",
                           HTTP_HX_TARGET="route-preview")
    assert "Dette bliver ikke sendt til kommunen" in response.content.decode()


def test_the_preview_ends_the_routing_reason_with_one_full_stop(client, world):
    _as(client, world, "caretaker")
    data = _observation_post(world)  # no rule for the sign: the default unit, whose reason ends with a full stop
    del data["send"]
    response = client.post(reverse("referrals:observation_new"), data, HTTP_HX_REQUEST="true",
                           HTTP_HX_TARGET="route-preview")
    reason = re.search(r'<p class="alert-text">([^<]*)</p>', response.content.decode()).group(1)
    assert reason.endswith("i kommunen.") and not reason.endswith(".."), reason


def test_the_preview_gives_a_reason_without_a_full_stop_one(client, world, monkeypatch):
    chosen = services.Route(world.default_unit, "Sendt til enheden for beskæftigelse")
    monkeypatch.setattr(services, "route", lambda **kwargs: chosen)
    _as(client, world, "caretaker")
    data = _observation_post(world)
    del data["send"]
    response = client.post(reverse("referrals:observation_new"), data, HTTP_HX_REQUEST="true",
                           HTTP_HX_TARGET="route-preview")
    assert "<p class=\"alert-text\">Sendt til enheden for beskæftigelse.</p>" in response.content.decode()


# --- The referral page and the queue --------------------------------------------------------


def test_opening_a_referral_logs_the_read_and_changes_nothing(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    intake = world.users["intake"]
    response = _as(client, world, "intake").get(reverse("referrals:referral_detail", args=[referral.pk]))
    assert response.status_code == 200
    read = Entry.objects.get(action=Action.READ, object_type="referrals.referral", object_id=str(referral.pk))
    assert read.actor == intake and read.organisation == world.municipality_m
    referral.refresh_from_db()
    assert referral.state == State.SENT and referral.received_at is None
    assert not Transition.objects.filter(referral=referral, to_state=State.RECEIVED).exists()
    assert not Entry.objects.filter(action=Action.CHANGE, object_id=str(referral.pk)).exists()
    # The page offers the explicit step instead.
    assert reverse("referrals:referral_receive", args=[referral.pk]) in response.content.decode()


def test_marking_a_referral_received_is_a_logged_transition(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    intake = world.users["intake"]
    response = _as(client, world, "intake").post(reverse("referrals:referral_receive", args=[referral.pk]))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.RECEIVED and referral.received_at is not None and referral.claimed_by is None
    assert Transition.objects.filter(referral=referral, to_state=State.RECEIVED, actor=intake).count() == 1
    change = Entry.objects.get(action=Action.CHANGE, object_id=str(referral.pk))
    assert change.actor == intake and change.purpose == "referral received"
    # A second time is refused with a message and changes nothing.
    response = client.post(reverse("referrals:referral_receive", args=[referral.pk]), follow=True)
    assert "Henvisningen er allerede modtaget." in response.content.decode()
    assert Transition.objects.filter(referral=referral, to_state=State.RECEIVED).count() == 1


def test_a_received_referral_stays_counted_until_then(client, world):
    """The queue's "new" filter keeps a referral that has been opened but not received."""
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    _as(client, world, "intake").get(reverse("referrals:referral_detail", args=[referral.pk]))
    assert list(client.get(reverse("referrals:queue"), {"state": State.SENT}).context["page"]) == [referral]
    client.post(reverse("referrals:referral_receive", args=[referral.pk]))
    assert list(client.get(reverse("referrals:queue"), {"state": State.SENT}).context["page"]) == []


def test_the_history_names_receiving_and_claiming_as_the_two_steps_they_are(client, world):
    """Claiming a sent referral also receives it: two steps at the same minute, each named."""
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    services.claim(referral, actor=world.users["intake"])
    page = _as(client, world, "intake").get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    history = page[page.index('<ol class="history">'):]
    steps = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
             for item in re.findall(r"<li>(.*?)</li>", history[:history.index("</ol>")], re.S)]
    labels = [step.split(" ", 2)[2].split(" — ")[0] for step in steps]
    assert labels == ["Sendt", "Modtaget", "Taget"], steps
    assert "(taget)" not in page


def test_claiming_from_the_referral_page_logs_every_transition(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    intake = world.users["intake"]
    _as(client, world, "intake").get(reverse("referrals:referral_detail", args=[referral.pk]))
    client.post(reverse("referrals:referral_claim", args=[referral.pk]))
    purposes = list(Entry.objects.filter(action=Action.CHANGE, object_id=str(referral.pk), actor=intake)
                    .order_by("pk").values_list("purpose", flat=True))
    assert purposes == ["referral received", "referral claimed"]


def test_an_intake_worker_of_another_municipality_gets_404(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    _as(client, world, "other_municipality_intake")
    assert client.get(reverse("referrals:referral_detail", args=[referral.pk])).status_code == 404
    for step in ("referral_claim", "referral_take_over", "referral_close", "referral_return"):
        response = client.post(reverse(f"referrals:{step}", args=[referral.pk]),
                               {"outcome": "no_need", "reason": "Ikke vores", "status_text": ""})
        assert response.status_code == 404, step
    referral.refresh_from_db()
    assert referral.state == State.SENT and referral.claimed_by is None
    assert not Entry.objects.filter(action=Action.READ, object_type="referrals.referral").exists()
    assert Entry.objects.filter(action=Action.DENIED, object_type="referrals.referral").exists()


def test_a_unit_worker_sees_only_the_referrals_of_their_units(client, world):
    to_psychiatry = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral
    to_intake = observe(world.users["caretaker"], world.estate_a, "falls").referral
    _as(client, world, "unit_worker")
    assert list(client.get(reverse("referrals:queue")).context["page"]) == [to_psychiatry]
    assert client.get(reverse("referrals:referral_detail", args=[to_intake.pk])).status_code == 404


def test_the_whole_loop_through_the_pages(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    _as(client, world, "intake")
    client.post(reverse("referrals:referral_claim", args=[referral.pk]), {"from": "queue"})
    client.post(reverse("referrals:referral_take_over", args=[referral.pk]), {"status_text": "Vi har kontakt"})
    response = client.post(reverse("referrals:referral_close", args=[referral.pk]),
                           {"outcome": Referral.Outcome.HELP_ESTABLISHED, "status_text": "Hjælp er i gang"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.CLOSED and referral.claimed_by == world.users["intake"]
    assert referral.status_text == "Hjælp er i gang"


CPR_STATUS = "Jytte 010190-1234 er kontaktet"


def test_a_refused_status_is_shown_again_at_its_field_with_what_was_typed(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    services.claim(referral, actor=world.users["intake"])
    _as(client, world, "intake")
    response = client.post(reverse("referrals:referral_take_over", args=[referral.pk]), {"status_text": CPR_STATUS})
    assert response.status_code == 400
    page = response.content.decode()
    # What was typed is still in the field, the error beside it, and a summary that takes the focus.
    assert re.search(r'<input[^>]*name="status_text"[^>]*value="Jytte 010190-1234 er kontaktet"', page)
    assert re.search(r'id="id_status_text_error"[^>]*>.*?' + CPR_MESSAGE, page, re.S)
    assert re.search(r'class="alert alert-error error-summary"[^>]*data-focus-on-load', page)
    assert '<a class="function-link" href="#id_status_text">' + CPR_MESSAGE in page
    referral.refresh_from_db()
    assert referral.state == State.RECEIVED and referral.status_text == ""
    # The page was shown again with the resident's details: that is a read, logged as one.
    assert Entry.objects.filter(action=Action.READ, object_id=str(referral.pk)).count() == 1


def test_a_refused_return_opens_the_return_section_with_the_reason_kept(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    reason = ("Vi har talt med beboeren, som ikke ønsker hjælp nu. " * 6) + "Hendes nummer er 010190-1234."
    _as(client, world, "intake")
    response = client.post(reverse("referrals:referral_return", args=[referral.pk]), {"reason": reason})
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r'<details class="details referral-return" open', page)
    assert "Hendes nummer er 010190-1234.</textarea>" in page
    assert re.search(r'id="id_reason_error"[^>]*>.*?' + CPR_MESSAGE, page, re.S)
    referral.refresh_from_db()
    assert referral.state == State.SENT and referral.return_reason == ""


def test_a_close_without_an_outcome_keeps_the_status_and_names_the_missing_choice(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    services.claim(referral, actor=world.users["intake"])
    services.take_over(referral, actor=world.users["intake"], status_text="")
    _as(client, world, "intake")
    response = client.post(reverse("referrals:referral_close", args=[referral.pk]), {"status_text": "Hjælp er i gang"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Hjælp er i gang"' in page and 'href="#id_outcome_0"' in page
    referral.refresh_from_db()
    assert referral.state == State.TAKEN_OVER


def test_a_reason_written_while_a_colleague_took_the_referral_over_is_not_lost(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    reason = "Beboeren bor ikke længere på adressen; viceværten kender den nye adresse."
    # A colleague claims it and takes it over while the intake worker writes why it goes back.
    colleague = member(world.municipality_m, Role.INTAKE, email="kollega@example.dk")
    services.claim(referral, actor=colleague)
    services.take_over(referral, actor=colleague, status_text="")
    _as(client, world, "intake")
    response = client.post(reverse("referrals:referral_return", args=[referral.pk]), {"reason": reason})
    assert response.status_code == 409
    page = response.content.decode()
    # The page as it is now, saying why, with what was written there to copy.
    assert "En henvisning, der er overtaget, kan ikke sendes retur." in page
    assert re.search(r'<textarea[^>]*readonly[^>]*>\s*' + re.escape(reason) + r"</textarea>", page)
    assert re.search(r'class="alert alert-warning"[^>]*data-focus-on-load', page)
    referral.refresh_from_db()
    assert referral.state == State.TAKEN_OVER and referral.return_reason == ""


def test_a_second_claim_gets_a_message_not_an_error(client, world):
    referral = observe(world.users["caretaker"], world.estate_a, "psychiatric_crisis").referral
    services.claim(referral, actor=world.users["unit_worker"])
    _as(client, world, "intake")
    response = client.post(reverse("referrals:referral_claim", args=[referral.pk]), follow=True)
    assert response.status_code == 200
    assert "En anden har allerede taget denne henvisning." in response.content.decode()


@pytest.fixture
def queue(world):
    """Five referrals to Fredericia: red, yellow and green open ones, one overdue, one closed."""
    caretaker, intake = world.users["caretaker"], world.users["intake"]
    red = observe(caretaker, world.estate_a, "psychiatric_crisis").referral
    yellow = observe(caretaker, world.estate_a, "falls").referral
    green = observe(caretaker, world.estate_a, "loneliness").referral
    overdue = observe(caretaker, world.estate_a, "mail_piling").referral
    Referral.objects.filter(pk=overdue.pk).update(
        sent_at=timezone.now() - timedelta(days=10), deadline_at=timezone.now() - timedelta(days=6)
    )
    closed = observe(caretaker, world.estate_a, "hoarding").referral
    services.claim(closed, actor=intake)
    services.take_over(closed, actor=intake, status_text="")
    services.close(closed, actor=intake, outcome="no_need", status_text="")
    services.claim(yellow, actor=intake)
    # Another municipality's referral never shows.
    observe(world.users["other_municipality_intake"], world.estate_c, "falls")
    return {"red": red, "yellow": yellow, "green": green, "overdue": overdue, "closed": closed}


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, {"red", "yellow", "green", "overdue"}),  # open: sent or received
        ({"state": ""}, {"red", "yellow", "green", "overdue", "closed"}),
        ({"urgency": "red", "state": ""}, {"red"}),
        ({"urgency": "yellow", "state": "open"}, {"yellow", "overdue"}),
        ({"state": "mine"}, {"yellow"}),
        ({"state": "overdue"}, {"overdue"}),
        ({"state": "closed"}, {"closed"}),
        ({"state": "", "older_than_days": "7"}, {"overdue"}),
    ],
)
def test_the_queue_filters(client, world, queue, filters, expected):
    _as(client, world, "intake")
    response = client.get(reverse("referrals:queue"), filters)
    assert response.status_code == 200
    shown = {name for name, referral in queue.items() if referral in response.context["page"]}
    assert shown == expected
    assert response.context["page"].paginator.count == len(expected)


def test_the_queue_answers_htmx_with_the_table_only(client, world, queue):
    _as(client, world, "intake")
    response = client.get(reverse("referrals:queue"), {"urgency": "red"}, HTTP_HX_REQUEST="true")
    assert [t.name for t in response.templates][0] == "referrals/_queue_table.html"
    assert "<html" not in response.content.decode()


def test_the_queue_marks_what_is_overdue(client, world, queue):
    _as(client, world, "intake")
    html = client.get(reverse("referrals:queue"), {"state": "overdue"}).content.decode()
    assert "Over fristen" in html


def _card(html: str, referral: Referral) -> str:
    """The queue's card of one referral."""
    start = html.index(f"#{referral.pk} ·")
    return html[html.rindex("<li", 0, start):html.index("</li>", start)]


def test_each_card_names_the_first_sign_category_and_how_many_more_in_the_readers_language(client, world):
    """The signs say what the case is about: the first category in the categories' order, and a count
    of the others (signs in one category count once)."""
    caretaker = world.users["caretaker"]
    many = observe(caretaker, world.estate_a, "hoarding", "loneliness", "mail_piling", "memory").referral
    one = observe(caretaker, world.estate_a, "self_harm").referral
    _as(client, world, "intake")
    html = client.get(reverse("referrals:queue")).content.decode()
    assert "Psykisk og 2 kategorier mere" in _card(html, many)  # mental (1) before social (2) and the home (3)
    assert "Sikkerhed</dd>" in _card(html, one)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("referrals:queue")).content.decode()
    assert "Mental and 2 more categories" in _card(html, many)


def test_the_filters_show_what_was_chosen_each_time(client, world, queue):
    """The filter fields are rendered once per choice and language and kept: each request must still
    show its own choice, and a wrong value its message."""
    _as(client, world, "intake")
    url = reverse("referrals:queue")
    for state, urgency in (("mine", "red"), ("open", "red"), ("open", ""), ("overdue", ""), ("mine", "red")):
        html = client.get(url, {"state": state, "urgency": urgency}).content.decode()
        assert re.search(rf'<option value="{state}"[^>]*selected', html), state
        assert re.search(rf'<option value="{urgency}"[^>]*selected', html), urgency
        assert len(re.findall(r"<option [^>]*selected", html)) == 2
    html = client.get(url, {"state": "mine", "older_than_days": "many"}).content.decode()
    assert "form-error" in html and 'value="many"' in html


def test_a_reporter_reading_their_own_reports_is_in_the_access_log(client, world):
    """The receipt and "My referrals" show residents' addresses and what became of the concerns:
    each view is an entry, for the housing organisation whose estate it is."""
    caretaker = world.users["caretaker"]
    observation = observe(caretaker, world.estate_a, "falls")
    _as(client, world, "caretaker")
    client.get(reverse("referrals:observation_receipt", args=[observation.pk]))
    read = Entry.objects.get(action=Action.READ, object_type="referrals.observation")
    assert (read.actor, read.object_id, read.organisation_id) == (
        caretaker, str(observation.pk), world.estate_a.housing_organisation_id)
    client.get(reverse("referrals:my_reports"))
    listed = Entry.objects.get(action=Action.SEARCH, object_type="referrals.observation")
    assert (listed.actor, listed.organisation_id) == (caretaker, world.housing_a.pk)


def test_a_bad_filter_is_ignored_not_an_error(client, world, queue):
    _as(client, world, "intake")
    response = client.get(reverse("referrals:queue"), {"older_than_days": "many", "urgency": "purple"})
    assert response.status_code == 200


def test_a_caretaker_has_no_queue(client, world):
    _as(client, world, "caretaker")
    assert client.get(reverse("referrals:queue")).status_code == 403


# --- The reporter's list -------------------------------------------------------------------


def test_the_reporter_sees_the_state_and_a_returns_reason_but_never_the_municipalitys_work(client, world):
    caretaker, intake = world.users["caretaker"], world.users["intake"]
    intake.full_name = "Mette Sagsbehandler"
    intake.save()
    returned = observe(caretaker, world.estate_a, "loneliness", description="Sidder alene").referral
    services.return_to_reporter(returned, actor=intake, reason="Borgeren har allerede en aftale med os.")
    closed = observe(caretaker, world.estate_a, "falls", description="Faldt på trappen").referral
    services.claim(closed, actor=intake)
    services.take_over(closed, actor=intake, status_text="Vi har kontakt")
    services.close(closed, actor=intake, outcome=Referral.Outcome.RESIDENT_DECLINED, status_text="Sagen er afsluttet.")
    Transition.objects.filter(referral=closed).update(note="internt notat om borgeren")

    response = _as(client, world, "caretaker").get(reverse("referrals:my_reports"))
    html = response.content.decode()
    assert "Sendt retur" in html and "Borgeren har allerede en aftale med os." in html
    assert "Afsluttet" in html and "Sagen er afsluttet." in html
    for municipal in ("Mette Sagsbehandler", "internt notat", "Beboeren takkede nej", closed.routing_reason):
        assert municipal not in html, municipal
    # The case itself stays with the municipality.
    assert client.get(reverse("referrals:referral_detail", args=[closed.pk])).status_code == 403


def test_the_reporter_sees_only_their_own_reports(client, world):
    observe(world.users["caretaker"], world.estate_a, "falls", description="Mit eget")
    observe(world.users["social_worker"], world.estate_a, "falls", description="Kollegaens")
    response = _as(client, world, "caretaker").get(reverse("referrals:my_reports"))
    assert response.context["page"].paginator.count == 1
    assert "Kollegaens" not in response.content.decode()


def test_a_report_without_an_address_is_still_named_on_my_referrals_and_its_receipt(client, world):
    """Sent from elsewhere (a step into work goes to the jobcenter) an observation has no dwelling;
    its card's link still needs a name."""
    observation = observe(world.users["caretaker"], world.estate_a, "falls")
    Observation.objects.filter(pk=observation.pk).update(dwelling=None)
    html = _as(client, world, "caretaker").get(reverse("referrals:my_reports")).content.decode()
    receipt = reverse("referrals:observation_receipt", args=[observation.pk])
    assert re.search(rf'<a href="{re.escape(receipt)}">\s*Uden adresse\s*</a>', html)
    assert "Uden adresse, " + world.estate_a.name in client.get(receipt).content.decode()


def test_it_shows_what_to_do_now_beside_a_ticked_sign_of_danger_after_a_submit_with_errors(client, world):
    """Without scripts too: the server opens the advice of a ticked sign of danger, and only that one."""
    _as(client, world, "caretaker")
    response = client.post(reverse("referrals:observation_new"), {"signs": [sign("self_harm").pk], "send": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "Ret de markerede felter" in html
    advice = re.findall(r'<div class="alert alert-error danger-now"[^>]*>', html)
    assert len(advice) == 3  # self-harm, psychiatric crisis, abuse or neglect
    opened = [tag for tag in advice if " hidden" not in tag]
    assert len(opened) == 1
    block = html.split(opened[0], 1)[1].split("</ul>", 1)[0]
    assert "Livslinien" in block and 'href="tel:+4570201201"' in block and 'href="tel:112"' in block
