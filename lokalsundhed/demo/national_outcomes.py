"""Outcome measurement in the national year (a step of `national_activity.py`).

Half of the generated courses get a measurement plan; their confirmed sign-ups become
pseudonymous participants, answering WHO-5, UCLA-3, self-rated health and "alone" at baseline
(first session), end (last session) and follow-up (91 days after), as far as each round has come.
A realistic small effect: WHO-5 about 6 points up at the end, most of it kept at follow-up, a
little less loneliness and slightly better self-rated health — with people who skip a round and
the odd unanswered item. Bulk inserts only, from the year's seeded random generator.

At scale 1: about 1,300 measured courses, 28,000 participants, 65,000 responses and 650,000
item answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Max, Min

from lokalsundhed.demo.national_activity import Activity, register_step
from lokalsundhed.demo.outcomes import _answers
from lokalsundhed.offers.models import Offer, SignUp
from lokalsundhed.outcomes import scoring
from lokalsundhed.outcomes.models import (
    CODE_ALPHABET,
    DEFAULT_FOLLOWUP_DAYS,
    Answer,
    Instrument,
    MeasurementPlan,
    Participant,
    ParticipantKey,
    Response,
    Round,
)

MEASURED_SHARE = 0.5
RETENTION_DAYS = 60  # keys go this long after the follow-up was due (outcomes/housekeeping.py)
# Mean change per person from baseline (WHO-5 raw points of 0–25, UCLA-3 sum, self-rated health)
# and the spread of each person's change.
EFFECT = {Round.END: (1.5, -0.4, -0.2), Round.FOLLOWUP: (1.1, -0.3, -0.15)}
SPREAD = (2.5, 1.0, 0.6)
ANSWERS_ROUND = {Round.BASELINE: 0.9, Round.END: 0.75, Round.FOLLOWUP: 0.6}
PROGRAMMES = {"LÆR AT TACKLE kroniske smerter": MeasurementPlan.Programme.LAT_PAIN,
              "LÆR AT TACKLE angst og depression": MeasurementPlan.Programme.LAT_ANXIETY}


def _code(activity: Activity, taken: set[str]) -> str:
    while True:
        code = "".join(activity.rng.choice(CODE_ALPHABET) for _ in range(6))
        if code not in taken:
            taken.add(code)
            return code


@register_step("measured courses")
def measurements(activity: Activity) -> int:
    """Plans, participants (and their keys while retention keeps them), responses and answers;
    returns the number of responses."""
    rng, now = activity.rng, activity.now
    courses = list(
        Offer.objects.filter(kind=Offer.Kind.COURSE, measurement_plan__isnull=True, sessions__isnull=False)
        .annotate(first=Min("sessions__starts_at"), last=Max("sessions__starts_at"))
        .filter(first__lt=now).order_by("pk").values_list("pk", "title", "created_by_id", "first", "last")
    )
    chosen = [c for c in courses if rng.random() < MEASURED_SHARE]
    if not chosen:
        return 0
    plans = [MeasurementPlan(offer_id=pk, programme=PROGRAMMES.get(title, MeasurementPlan.Programme.OTHER),
                             followup_days=DEFAULT_FOLLOWUP_DAYS, send_links=True, created_by_id=runner,
                             created_at=first - timedelta(days=14))
             for pk, title, runner, first, _last in chosen]
    activity.insert("measurement plans", plans, len(plans))

    sign_ups: dict[int, list[tuple[int, str]]] = {}
    for pk, offer_id, language in (SignUp.objects.filter(offer_id__in=[c[0] for c in chosen],
                                                         status=SignUp.Status.CONFIRMED)
                                   .order_by("pk").values_list("pk", "offer_id", "language")):
        sign_ups.setdefault(offer_id, []).append((pk, language))
    people: list[Participant] = []
    planned: list[tuple[int, str, int, dict[Round, datetime]]] = []  # (sign-up, language, runner, due per round)
    for pk, _title, runner, first, last in chosen:
        due = {Round.BASELINE: first, Round.END: last, Round.FOLLOWUP: last + timedelta(days=DEFAULT_FOLLOWUP_DAYS)}
        taken: set[str] = set()
        for sign_up_id, language in sign_ups.get(pk, []):
            people.append(Participant(offer_id=pk, code=_code(activity, taken), created_at=first - timedelta(days=1)))
            planned.append((sign_up_id, language, runner, due))
    people = activity.insert("participants", people, len(people))
    keys = [ParticipantKey(participant_id=p.pk, sign_up_id=sign_up_id, created_at=p.created_at)
            for p, (sign_up_id, _l, _r, due) in zip(people, planned, strict=True)
            if due[Round.FOLLOWUP] + timedelta(days=RETENTION_DAYS) > now]
    activity.insert("participant keys", keys, len(keys))

    instruments = {i.code: i.pk for i in Instrument.objects.filter(is_current=True)}
    responses: list[Response] = []
    answers_of: list[dict[str, list[int | None]]] = []
    for person, (_s, language, runner, due) in zip(people, planned, strict=True):
        baseline = (rng.gauss(12, 4), rng.gauss(5.8, 1.5), rng.gauss(3.0, 0.9))
        for round_, chance in ANSWERS_ROUND.items():
            if due[round_] > now or rng.random() > chance:
                continue
            change = EFFECT.get(round_, (0.0, 0.0, 0.0))
            values = [b + rng.gauss(c, s) for b, c, s in zip(baseline, change, SPREAD, strict=True)] \
                if round_ != Round.BASELINE else list(baseline)
            who5, ucla3, srh = values
            answers = _answers(who5, ucla3, srh, rng)
            scores = scoring.score(answers)
            paper = rng.random() < 0.3
            responses.append(Response(
                participant_id=person.pk, round=round_, token=f"{rng.getrandbits(256):064x}",
                source=Response.Source.PAPER if paper else Response.Source.LINK,
                language="da" if paper else language, entered_by_id=runner if paper else None,
                created_at=due[round_], completed_at=due[round_] + timedelta(hours=rng.randint(1, 72)),
                who5=scores.who5, ucla3=scores.ucla3, srh=scores.srh, alone=scores.alone,
            ))
            answers_of.append(answers)
    responses = activity.insert("responses", responses, len(responses))

    def rows() -> Iterable[Answer]:
        for response, answers in zip(responses, answers_of, strict=True):
            for code, values in answers.items():
                for number, value in enumerate(values, start=1):
                    yield Answer(response_id=response.pk, instrument_id=instruments[code], item=number, value=value,
                                 answered_at=response.completed_at or now)

    total = sum(len(v) for a in answers_of for v in a.values())
    activity.insert("item answers", rows(), total)
    activity.counts |= {"measurement plans": len(plans), "measured participants": len(people)}
    return len(responses)
