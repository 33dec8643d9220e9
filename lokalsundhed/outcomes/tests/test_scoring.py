"""Scoring by the published definitions, against worked examples."""

from __future__ import annotations

import pytest

from lokalsundhed.outcomes import scoring
from lokalsundhed.outcomes.models import Instrument
from lokalsundhed.outcomes.tests.factories import InstrumentFactory, ParticipantFactory


def test_it_scores_who5_as_the_raw_sum_times_four():
    # 3 + 4 + 2 + 5 + 1 = 15 → 15 × 4 = 60
    assert scoring.who5([3, 4, 2, 5, 1]) == 60
    assert scoring.who5([0, 0, 0, 0, 0]) == 0
    assert scoring.who5([5, 5, 5, 5, 5]) == 100


def test_a_who5_with_an_unanswered_item_has_no_score():
    assert scoring.who5([3, 4, None, 5, 1]) is None
    assert scoring.who5([3, 4, 5, 1]) is None


def test_it_refuses_who5_answers_outside_0_to_5():
    with pytest.raises(ValueError):
        scoring.who5([3, 4, 6, 5, 1])


def test_it_marks_reduced_well_being_at_50_and_likely_depression_at_28():
    # 50 = raw 12.5 is not reachable; 48 (raw 12) is reduced, 52 (raw 13) is not.
    assert scoring.Scores(who5=48, ucla3=None, srh=None, alone=None).reduced_well_being is True
    assert scoring.Scores(who5=52, ucla3=None, srh=None, alone=None).reduced_well_being is False
    assert scoring.Scores(who5=28, ucla3=None, srh=None, alone=None).likely_depression is True
    assert scoring.Scores(who5=32, ucla3=None, srh=None, alone=None).likely_depression is False


def test_it_sums_ucla3_and_calls_seven_or_more_severe_loneliness():
    assert scoring.ucla3([1, 1, 1]) == 3
    assert scoring.ucla3([3, 2, 2]) == 7
    assert scoring.Scores(who5=None, ucla3=7, srh=None, alone=None).severe_loneliness is True
    assert scoring.Scores(who5=None, ucla3=6, srh=None, alone=None).severe_loneliness is False
    assert scoring.ucla3([3, None, 2]) is None
    with pytest.raises(ValueError):
        scoring.ucla3([0, 2, 2])


def test_it_keeps_self_rated_health_on_1_to_5():
    assert scoring.srh(1) == 1
    assert scoring.srh(None) is None
    with pytest.raises(ValueError):
        scoring.srh(6)


def test_a_change_of_ten_points_is_clinically_relevant():
    assert scoring.relevant_change(40, 50) == 1
    assert scoring.relevant_change(40, 48) == 0
    assert scoring.relevant_change(60, 48) == -1


@pytest.mark.django_db
def test_the_instruments_are_loaded_as_data_with_danish_originals():
    who5 = Instrument.objects.get(code="who5", is_current=True)
    assert who5.item_count == 5 and (who5.min_value, who5.max_value) == (0, 5)
    danish = who5.wording("da")
    assert danish["items"][0] == "I de sidste 2 uger har jeg været glad og i godt humør"
    assert danish["official"] is True
    assert [value for value, _ in danish["options"]] == [5, 4, 3, 2, 1, 0]
    assert who5.wording("ar")["official"] is False  # marked "not an official translation"
    for code in ("who5", "ucla3", "srh", "alone"):
        instrument = Instrument.objects.get(code=code, is_current=True)
        for language in ("da", "en", "ar", "tr", "so", "ur", "uk", "pl"):
            texts = instrument.texts[language]
            assert len(texts["items"]) == instrument.item_count
            assert sorted(v for v, _ in texts["options"]) == list(range(instrument.min_value, instrument.max_value + 1))


@pytest.mark.django_db
def test_a_new_wording_is_a_new_version_and_old_answers_keep_theirs():
    from lokalsundhed.outcomes import services
    from lokalsundhed.outcomes.tests.factories import staff_and_offer

    _worker, offer = staff_and_offer()
    old = Instrument.objects.get(code="who5", is_current=True)
    started = services.open_round(ParticipantFactory(offer=offer, code="A1"), "baseline")[0]
    services.answer_question(started, services.questions(started)[0], 4, language="da")
    old.is_current = False
    old.save(update_fields=["is_current"])
    texts = {**old.texts, "da": {**old.texts["da"], "items": [f"Ny ordlyd {n}" for n in range(1, 6)]}}
    new = InstrumentFactory(code="who5", version=2, item_count=5, min_value=0, max_value=5, texts=texts)
    # The started questionnaire goes on in the version it began in; a new one gets version 2.
    assert services.questions(started)[1].instrument == old
    fresh = services.open_round(ParticipantFactory(offer=offer, code="A2"), "baseline")[0]
    assert services.questions(fresh)[0].instrument == new
    assert started.answers.get().instrument == old
