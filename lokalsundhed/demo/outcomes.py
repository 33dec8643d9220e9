"""The demo's outcome measurement: two finished LÆR AT TACKLE courses in Egeskovparken and
Prangerparken, each with twelve participants measured at baseline, end and a three-month
follow-up, showing a realistic effect: WHO-5 about 9 points up at the end (most of it kept at
follow-up), a little less loneliness and slightly better self-rated health, with people who
did not answer every round and the odd unanswered item.

Played through the real services (sign-ups, the measurement plan, paper answers), then the clock
of what happened is set back. Written once; residents are never messaged about it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lokalsundhed.accounts.models import User
from lokalsundhed.demo.offers import FACILITATOR, RUNNERS, _Residents, _user, messages_held
from lokalsundhed.offers import services as offers
from lokalsundhed.offers.models import Offer, SignUp
from lokalsundhed.organisations.models import Estate, Facility
from lokalsundhed.outcomes import services
from lokalsundhed.outcomes.models import MeasurementPlan, Participant, Response, Round

SEED = 20250913
COURSES = [
    # (estate, title, course type, weeks ago the course started)
    ("Egeskovparken", "LÆR AT TACKLE angst og depression", MeasurementPlan.Programme.LAT_ANXIETY, 34),
    ("Prangerparken", "LÆR AT TACKLE kronisk sygdom", MeasurementPlan.Programme.LAT_ILLNESS, 30),
]
PARTICIPANTS = 12
# Mean change per person from baseline (WHO-5 raw points of 0–25, UCLA-3 sum, self-rated health).
EFFECT = {Round.END: (2.3, -0.8, -0.4), Round.FOLLOWUP: (1.8, -0.6, -0.3)}
ANSWERS_ROUND = {Round.BASELINE: 0.95, Round.END: 0.9, Round.FOLLOWUP: 0.75}


def _spread(total: int, items: int, low: int, high: int, rng: random.Random) -> list[int]:
    """`items` values in low..high summing to `total`, in a random order."""
    values = [low] * items
    left = total - low * items
    while left > 0:
        index = rng.randrange(items)
        if values[index] < high:
            values[index] += 1
            left -= 1
    return values


def _answers(who5_raw: float, ucla3: float, srh: float, rng: random.Random) -> dict[str, list[int | None]]:
    who5 = _spread(max(0, min(25, round(who5_raw))), 5, 0, 5, rng)
    answers: dict[str, list[int | None]] = {
        "who5": list(who5),
        "ucla3": list(_spread(max(3, min(9, round(ucla3))), 3, 1, 3, rng)),
        "srh": [max(1, min(5, round(srh)))],
        "alone": [rng.choice([1, 2, 2, 3, 3, 4])],
    }
    if rng.random() < 0.06:  # the odd unanswered item: that WHO-5 then has no score
        answers["who5"][rng.randrange(5)] = None
    return answers


def _course(estate: Estate, title: str, programme: str, weeks_ago: int, facilitator: User, recruiter: User,
            people: _Residents, rng: random.Random, now: datetime) -> None:
    centre = Facility.objects.filter(estate=estate).first()
    course = offers.create_offer(
        offers.OfferInput(kind=Offer.Kind.COURSE, title=title, estate=estate, facility=centre, capacity=14,
                          completion_sessions=4, facilitator=facilitator,
                          description="Seks gange à 2½ time, sammen med andre i samme situation. Gratis."),
        actor=facilitator,
    )
    start = timezone.localtime(now - timedelta(weeks=weeks_ago)).replace(hour=13, minute=0, second=0, microsecond=0)
    sessions = offers.add_sessions(course, offers.weekly(start, timedelta(hours=2.5), 6), actor=facilitator)
    sign_ups = [offers.sign_up(course, people.next(), actor=recruiter) for _ in range(PARTICIPANTS)]
    SignUp.objects.filter(pk__in=[s.pk for s in sign_ups]).update(created_at=start - timedelta(days=10),
                                                                  confirmed_at=start - timedelta(days=10))
    plan = services.save_plan(course, programme=programme, followup_days=91, send_links=False, actor=facilitator)
    services.enrol_sign_ups(course, actor=facilitator)
    due = {Round.BASELINE: sessions[0].starts_at, Round.END: sessions[-1].starts_at,
           Round.FOLLOWUP: sessions[-1].starts_at + timedelta(days=plan.followup_days)}
    for participant in Participant.objects.filter(offer=course).order_by("pk"):
        baseline = (rng.gauss(11, 3.5), rng.gauss(6.3, 1.4), rng.gauss(3.4, 0.8))
        for round_, chance in ANSWERS_ROUND.items():
            if rng.random() > chance:
                continue
            change = EFFECT.get(round_, (0.0, 0.0, 0.0))
            values = [b + rng.gauss(c, s) for b, c, s in zip(baseline, change, (2.2, 0.9, 0.6), strict=True)] \
                if round_ != Round.BASELINE else list(baseline)
            who5, ucla3, srh = values
            response = services.enter_answers(participant, round_, _answers(who5, ucla3, srh, rng),
                                              actor=facilitator)
            Response.objects.filter(pk=response.pk).update(completed_at=due[round_] + timedelta(hours=1),
                                                           created_at=due[round_])


def load_outcomes() -> None:
    """Create the demo's measured courses once (see the module docstring)."""
    facilitator = _user(FACILITATOR)
    if MeasurementPlan.objects.filter(offer__created_by=facilitator).exists():
        return
    rng = random.Random(SEED)  # noqa: S311  (reproducible made-up answers, not secrets)
    people = _Residents(rng)
    now = timezone.now()
    with messages_held(), transaction.atomic():
        estates = {e.name: e for e in Estate.objects.filter(name__in=[c[0] for c in COURSES])}
        for estate_name, title, programme, weeks_ago in COURSES:
            _course(estates[estate_name], title, programme, weeks_ago, facilitator, _user(RUNNERS[estate_name]),
                    people, rng, now)
