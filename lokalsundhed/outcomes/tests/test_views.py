"""Staff pages, reports and the residents' questionnaire."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from lokalsundhed.audit.models import Entry
from lokalsundhed.core import cldr
from lokalsundhed.core.access import scoped
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.offers.tests.factories import make_offer, sign_up_many
from lokalsundhed.outcomes import services
from lokalsundhed.outcomes.models import Answer, Participant, Response
from lokalsundhed.outcomes.tests.factories import ParticipantFactory, answered

pytestmark = pytest.mark.django_db

HEADER = "participant,round,who5_1,who5_2,who5_3,who5_4,who5_5,ucla3_1,ucla3_2,ucla3_3,srh\n"


@pytest.fixture
def world():
    world = build_world()
    worker = world.users["social_worker"]
    world.offer = make_offer(worker, estate=world.estate_a, capacity=40, sessions=6)
    services.save_plan(world.offer, programme="lat_pain", followup_days=91, send_links=True, actor=worker)
    return world


def _measured(offer, count):
    for n in range(1, count + 1):
        answered(offer, f"P{n:03d}", "baseline", who5=40 + 4 * (n % 5), ucla3=[2, 2, 2], srh=3)
        answered(offer, f"P{n:03d}", "end", who5=52 + 4 * (n % 5), ucla3=[2, 1, 2], srh=2)


@pytest.mark.parametrize("count", [3, 30])
def test_the_measurement_page_costs_a_fixed_number_of_queries(client, world, count, django_assert_max_num_queries):
    sign_up_many(world.offer, count)
    services.enrol_sign_ups(world.offer)
    participant = Participant.objects.filter(offer=world.offer).first()
    services.open_round(participant, "baseline")
    log_in(client, world.users["social_worker"])
    url = reverse("outcomes:offer_measurements", args=[world.offer.pk])
    client.get(url)
    # 1. the session  2. the user  3. the user's memberships with organisations
    # 4. the offer with its estate, partnership and plan (scoped)
    # 5. the participants with their keys' sign-ups  6. their responses
    # 7. INSERT of the READ entry in the access log
    # 8. the offer's sessions for the due dates
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == count
    assert "Beboer1" in response.content.decode()


def test_the_measurement_page_is_logged_as_a_read_of_the_offer_it_lists(client, world):
    """It names the offer's participants: the entry names the offer by its own type, so that its
    id is never read as a participant's."""
    sign_up_many(world.offer, 2)
    services.enrol_sign_ups(world.offer)
    log_in(client, world.users["social_worker"])
    client.get(reverse("outcomes:offer_measurements", args=[world.offer.pk]))
    entry = Entry.objects.get(purpose="participant codes and rounds answered")
    assert (entry.object_type, entry.object_id) == ("offers.offer", str(world.offer.pk))


@pytest.mark.parametrize("count", [6, 40])
def test_the_report_page_costs_a_fixed_number_of_queries(client, world, count, django_assert_max_num_queries, settings):
    settings.OUTCOME_FIGURES_SECONDS = 0  # counted for this view (the kept report: the test below)
    _measured(world.offer, count)
    log_in(client, world.users["housing_analyst"])
    url = reverse("outcomes:report")
    client.get(url)
    # 1. the session  2. the user  3. the user's memberships with organisations
    # 4.–6. the filter's estates, partnerships and municipalities
    # 7. participants  8. answers and means per round  9. scores of complete responses for pairs
    # 10. the number of offers
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["report"].changes["end"]["who5"].n == count


def test_the_report_is_kept_until_an_answer_comes_in_and_says_how_old_it_may_be(
        client, world, django_assert_max_num_queries, settings):
    settings.OUTCOME_FIGURES_SECONDS = 900
    _measured(world.offer, 6)
    log_in(client, world.users["housing_analyst"])
    url = reverse("outcomes:report")
    first = client.get(url)
    assert "Tallene er talt for højst 15 minutter siden" in first.content.decode()
    # 3 session, user, memberships · the measurements' generation · the kept choices · the kept report
    with django_assert_max_num_queries(6):
        again = client.get(url)
    assert again.context["report"].changes["end"]["who5"].n == 6
    # A new pair of answers is counted at once.
    answered(world.offer, "P007", "baseline", who5=40, ucla3=[2, 2, 2], srh=3)
    answered(world.offer, "P007", "end", who5=60, ucla3=[1, 1, 1], srh=2)
    assert client.get(url).context["report"].changes["end"]["who5"].n == 7


def test_the_filters_choices_are_kept_per_reader_until_a_plan_changes_them(client, world, settings):
    """The estates, partnerships and municipalities one may filter by are kept with the figures:
    an offer measured on a new estate shows among the choices at once; another reader keeps
    their own choices."""
    from lokalsundhed.organisations.tests.factories import EstateFactory

    settings.OUTCOME_FIGURES_SECONDS = 900
    url = reverse("outcomes:report")
    log_in(client, world.users["housing_analyst"])
    estates = client.get(url).context["form"].fields["estate"].choices
    assert [name for _pk, name in estates[1:]] == [world.estate_a.name]
    new = EstateFactory(housing_organisation=world.housing_a, name="Nyt Kvarter")
    worker = world.users["social_worker"]
    offer = make_offer(worker, estate=new, capacity=10, sessions=2)
    assert [n for _pk, n in client.get(url).context["form"].fields["estate"].choices[1:]] == [world.estate_a.name]
    services.save_plan(offer, programme="lat_pain", followup_days=91, send_links=False, actor=worker)
    html = client.get(url).content.decode()
    assert f'value="{new.pk}">Nyt Kvarter</option>' in html
    log_in(client, world.users["other_municipality_admin"])  # Vejle: none of these estates
    assert client.get(url).context["form"].fields["estate"].choices[1:] == []


def test_analysts_never_reach_a_single_persons_answers(client, world):
    _measured(world.offer, 6)
    analyst = world.users["housing_analyst"]
    assert not scoped(analyst, Response).exists()
    assert not scoped(analyst, Answer).exists()
    assert not scoped(analyst, Participant).exists()
    log_in(client, analyst)
    assert client.get(reverse("outcomes:offer_measurements", args=[world.offer.pk])).status_code == 403
    assert client.get(reverse("outcomes:answers_new", args=[world.offer.pk])).status_code == 403
    csv_text = client.get(reverse("outcomes:offer_report_csv", args=[world.offer.pk])).content.decode()
    page = client.get(reverse("outcomes:offer_report", args=[world.offer.pk])).content.decode()
    for text in (csv_text, page):
        assert "P001" not in text  # no participant code, so no way to a person
    assert "change_baseline_end,end,who5,n,6" in csv_text


def test_the_reports_state_their_period_in_words(client, world):
    _measured(world.offer, 6)
    log_in(client, world.users["housing_analyst"])
    html = client.get(reverse("outcomes:report"), {"since": "2026-01-01", "until": "2026-12-04"}).content.decode()
    assert "<strong>Periode:</strong> 1. januar 2026 – 4. december 2026" in html
    sessions = world.offer.sessions.order_by("starts_at")
    with translation.override("da"):
        period = (f"{cldr.full_date(timezone.localdate(sessions.first().starts_at))} – "
                  f"{cldr.full_date(timezone.localdate(sessions.last().ends_at))}")
    html = client.get(reverse("outcomes:offer_report", args=[world.offer.pk])).content.decode()
    assert f"<strong>Periode:</strong> {period}" in html


def test_small_groups_are_suppressed_on_the_page_and_in_the_csv(client, world):
    _measured(world.offer, 4)
    log_in(client, world.users["housing_analyst"])
    csv_text = client.get(reverse("outcomes:offer_report_csv", args=[world.offer.pk])).content.decode()
    assert "change_baseline_end,end,who5,n,\n" in csv_text
    assert "change_baseline_end,end,who5,mean_change,\n" in csv_text
    response = client.get(reverse("outcomes:offer_report", args=[world.offer.pk]))
    assert response.context["report"].changes["end"]["who5"].mean_change is None


def test_the_pdf_report_is_a_pdf(client, world):
    from lokalsundhed.core.pdf import pdf_unavailable_reason

    if pdf_unavailable_reason():
        pytest.skip(pdf_unavailable_reason())
    _measured(world.offer, 6)
    log_in(client, world.users["municipal_analyst"])
    response = client.get(reverse("outcomes:offer_report_pdf", args=[world.offer.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_staff_enter_a_paper_questionnaire_and_the_access_log_says_so(client, world):
    log_in(client, world.users["social_worker"])
    data = {"participant": "PAPIR1", "round": "baseline", "who5_1": "3", "who5_2": "3", "who5_3": "2",
            "who5_4": "", "who5_5": "4", "ucla3_1": "3", "ucla3_2": "3", "ucla3_3": "2", "srh_1": "4",
            "alone_1": "1"}
    response = client.post(reverse("outcomes:answers_new", args=[world.offer.pk]), data)
    assert response.status_code == 302
    saved = Response.objects.get(participant__code="PAPIR1")
    assert saved.who5 is None  # one WHO-5 item unanswered: no score
    assert (saved.ucla3, saved.srh, saved.alone) == (8, 4, 1)
    assert saved.source == "paper" and saved.entered_by == world.users["social_worker"]
    assert Entry.objects.filter(object_type="outcomes.response", object_id=str(saved.pk)).exists()


def test_the_paper_form_refuses_a_cpr_number_as_code(client, world):
    log_in(client, world.users["social_worker"])
    response = client.post(reverse("outcomes:answers_new", args=[world.offer.pk]),
                           {"participant": "0101901234", "round": "baseline"})
    assert response.status_code == 200 and not Participant.objects.filter(code="0101901234").exists()


def test_uploading_a_bad_file_shows_every_problem_and_imports_nothing(client, world):
    log_in(client, world.users["social_worker"])
    upload = SimpleUploadedFile("svar.csv", (HEADER + "K1,start,1,1,1,1,1,1,1,1,1\nK2,end,9,1,1,1,1,1,1,1,1\n").encode())
    response = client.post(reverse("outcomes:answers_import", args=[world.offer.pk]), {"file": upload})
    assert response.status_code == 400
    assert [p.split(":")[0] for p in response.context["problems"]] == ["Linje 2", "Linje 3"]  # in Danish
    assert not Response.objects.exists()
    upload = SimpleUploadedFile("svar.csv", (HEADER + "K1,baseline,1,1,1,1,1,1,1,1,1\n").encode())
    response = client.post(reverse("outcomes:answers_import", args=[world.offer.pk]), {"file": upload})
    assert response.status_code == 302 and Response.objects.get().who5 == 20


def test_a_line_of_the_wrong_width_says_how_many_cells_it_has_in_a_whole_sentence(client, world):
    log_in(client, world.users["social_worker"])
    upload = SimpleUploadedFile("svar.csv", (HEADER + "K1\nK2,baseline\n").encode())
    response = client.post(reverse("outcomes:answers_import", args=[world.offer.pk]), {"file": upload})
    assert response.context["problems"] == ["Linje 2: 1 celle, der skulle være 11.",
                                            "Linje 3: 2 celler, der skulle være 11."]


def test_a_resident_answers_one_question_a_screen_and_goes_on_where_they_left(client, world):
    participant = ParticipantFactory(offer=world.offer, code="LINK1")
    token = services.open_round(participant, "baseline")[0].token
    url = reverse("outcomes:questionnaire", args=[token])
    page = client.get(url)
    assert page.context["question"].number == 1 and page.context["total"] == 10
    assert "I de sidste 2 uger har jeg været glad og i godt humør" in page.content.decode()
    for number, value in enumerate(["4", "3", "skip"], start=1):
        reply = client.post(url, {"question": number, "value": value})
        assert reply.status_code == 302 and reply["Location"].endswith(f"?q={number + 1}")
    # Reopening the link: on with question 4, the earlier answers kept.
    assert client.get(url).context["question"].number == 4
    for number in range(4, 11):
        client.post(url, {"question": number, "value": "2"})
    saved = Response.objects.get(participant=participant)
    assert saved.completed_at is not None and saved.source == "link"
    assert saved.who5 is None  # the skipped WHO-5 item: no WHO-5 score
    assert (saved.ucla3, saved.srh, saved.alone) == (6, 2, 2)
    assert client.get(url).templates[0].name == "outcomes/public/thanks.html"


def test_the_questionnaire_refuses_an_answer_outside_the_scale(client, world):
    participant = ParticipantFactory(offer=world.offer, code="LINK2")
    token = services.open_round(participant, "baseline")[0].token
    url = reverse("outcomes:questionnaire", args=[token])
    reply = client.post(url, {"question": 1, "value": "9"})
    assert reply["Location"].endswith("?q=1&e=1")
    assert not Answer.objects.exists()


def test_the_questionnaire_speaks_arabic_right_to_left_and_marks_the_translation(client, world):
    participant = ParticipantFactory(offer=world.offer, code="LINK3")
    token = services.open_round(participant, "baseline")[0].token
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("outcomes:questionnaire", args=[token])).content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "خلال الأسبوعين الماضيين كنت مبتهجًا وفي مزاج جيد" in html


def test_an_unknown_token_is_not_found(client, world):
    assert client.get(reverse("outcomes:questionnaire", args=["nope"])).status_code == 404
