"""Every write of outcome measurement: measurement plans, participants (pseudonymous codes and
their keys to sign-ups), answers entered by staff, imported from a file or given by the
resident through the private link, and retention of the keys.

Each function runs in one transaction and writes the access log. `actor` is the member of staff
who acts, or None when a resident answers through their link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from lokalsundhed.accounts.models import User
from lokalsundhed.audit import labels
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.validators import find_cpr_numbers
from lokalsundhed.offers.models import Offer, Session, SignUp, new_token
from lokalsundhed.offers.services import organisation_of
from lokalsundhed.outcomes import scoring
from lokalsundhed.outcomes.models import (
    Answer,
    Instrument,
    MeasurementPlan,
    Participant,
    ParticipantKey,
    Response,
    Round,
    new_participant_code,
)

# The order residents and staff meet the instruments in.
INSTRUMENT_ORDER = [Instrument.Code.WHO5, Instrument.Code.UCLA3, Instrument.Code.SRH, Instrument.Code.ALONE]
# A participant code: letters, digits, dash and underscore (pseudonymous, never a name or CPR number).
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# The key from a code to a sign-up is removed this long after the follow-up round was due.
KEY_RETENTION_AFTER_FOLLOWUP = timedelta(days=60)


class MeasurementRefused(Exception):
    """The answers or the plan cannot be saved (shown to staff in plain words)."""


def current_instruments() -> dict[str, Instrument]:
    """The current version of each instrument, by code. One query."""
    return {i.code: i for i in Instrument.objects.filter(is_current=True)}


# --- Plans and participants -------------------------------------------------------------------


@transaction.atomic
def save_plan(offer: Offer, *, programme: str, followup_days: int, send_links: bool, actor: User,
              request: HttpRequest | None = None) -> MeasurementPlan:
    """Create or change the offer's measurement plan."""
    plan, created = MeasurementPlan.objects.update_or_create(
        offer=offer, defaults={"programme": programme, "followup_days": followup_days, "send_links": send_links},
        create_defaults={"programme": programme, "followup_days": followup_days, "send_links": send_links,
                         "created_by": actor},
    )
    record(actor=actor, action=Action.CREATE if created else Action.CHANGE, obj=plan,
           organisation_id=organisation_of(offer), purpose=gettext_noop("measurement plan saved"), request=request)
    return plan


def _unused_code(offer: Offer, taken: set[str]) -> str:
    while True:
        code = new_participant_code()
        if code not in taken:
            taken.add(code)
            return code


@transaction.atomic
def enrol_sign_ups(offer: Offer, *, actor: User | None = None) -> int:
    """Give every confirmed sign-up of the offer without one a pseudonymous participant and its key."""
    waiting = list(
        SignUp.objects.filter(offer=offer, status=SignUp.Status.CONFIRMED, anonymised_at__isnull=True,
                              outcome_key__isnull=True).values_list("pk", flat=True)
    )
    if not waiting:
        return 0
    taken = set(Participant.objects.filter(offer=offer).values_list("code", flat=True))
    participants = Participant.objects.bulk_create(
        [Participant(offer=offer, code=_unused_code(offer, taken)) for _ in waiting]
    )
    ParticipantKey.objects.bulk_create(
        [ParticipantKey(participant=p, sign_up_id=pk) for p, pk in zip(participants, waiting, strict=True)]
    )
    record(actor=actor, action=Action.CREATE, object_type="outcomes.participant", object_id="",
           organisation_id=organisation_of(offer), purpose=gettext_noop("%s participants enrolled for measurement") % len(waiting))
    return len(waiting)


def check_code(code: str) -> str:
    code = code.strip()
    if not CODE_PATTERN.match(code):
        raise MeasurementRefused(_("A participant code is 1–32 letters, digits, dashes or underscores."))
    if find_cpr_numbers(code):
        raise MeasurementRefused(_("A participant code must never be a CPR number."))
    return code


def participant_for_code(offer: Offer, code: str) -> Participant:
    """The offer's participant with this code; a code the offer does not know becomes a new participant."""
    participant, _created = Participant.objects.get_or_create(offer=offer, code=check_code(code))
    return participant


# --- Answers ----------------------------------------------------------------------------------

Answers = Mapping[str, Sequence[int | None]]


def validate_answers(answers: Answers, instruments: Mapping[str, Instrument]) -> list[str]:
    """What is wrong with a set of answers (by instrument code, one value or None per item)."""
    problems = []
    for code, values in answers.items():
        instrument = instruments.get(code)
        if instrument is None:
            problems.append(_("Unknown instrument %(code)s.") % {"code": code})
            continue
        if len(values) != instrument.item_count:
            problems.append(_("%(code)s has %(n)s items.") % {"code": code, "n": instrument.item_count})
        for value in values:
            if value is not None and not instrument.min_value <= value <= instrument.max_value:
                problems.append(_("%(code)s: %(value)s is not between %(low)s and %(high)s.") % {
                    "code": code, "value": value, "low": instrument.min_value, "high": instrument.max_value})
    return problems


def rescore(response: Response) -> Response:
    """Set the response's scores from its answers (by the instrument versions they were given in)."""
    by_code: dict[str, list[int | None]] = {}
    for answer in response.answers.select_related("instrument").order_by("instrument__code", "item"):
        values = by_code.setdefault(answer.instrument.code, [None] * answer.instrument.item_count)
        values[answer.item - 1] = answer.value
    scores = scoring.score(by_code)
    response.who5, response.ucla3, response.srh, response.alone = scores.who5, scores.ucla3, scores.srh, scores.alone
    response.save(update_fields=["who5", "ucla3", "srh", "alone", "completed_at"])
    return response


def _replace_answers(response: Response, answers: Answers, instruments: Mapping[str, Instrument]) -> None:
    response.answers.all().delete()
    now = timezone.now()
    Answer.objects.bulk_create(
        [Answer(response=response, instrument=instruments[code], item=number, value=value, answered_at=now)
         for code, values in answers.items() for number, value in enumerate(values, start=1)]
    )
    response.completed_at = now


@transaction.atomic
def enter_answers(participant: Participant, round: str, answers: Answers, *, actor: User,
                  source: str = Response.Source.PAPER, request: HttpRequest | None = None) -> Response:
    """Staff enter one participant's answers for one round (from paper); replaces what the round held."""
    instruments = current_instruments()
    problems = validate_answers(answers, instruments)
    if problems:
        raise MeasurementRefused(" ".join(problems))
    response, _created = Response.objects.get_or_create(participant=participant, round=round)
    response.source, response.entered_by = source, actor
    response.save(update_fields=["source", "entered_by"])
    _replace_answers(response, answers, instruments)
    rescore(response)
    record(actor=actor, action=Action.CHANGE, obj=response, organisation_id=organisation_of(participant.offer),
           purpose=gettext_noop("answers entered") + f": {source}, {round}", request=request)
    return response


# --- The CSV import ---------------------------------------------------------------------------

CSV_COLUMNS = ["participant", "round", "who5_1", "who5_2", "who5_3", "who5_4", "who5_5",
               "ucla3_1", "ucla3_2", "ucla3_3", "srh"]
_CSV_INSTRUMENTS = {"who5": 5, "ucla3": 3, "srh": 1}


@dataclass(frozen=True)
class ImportRow:
    line: int
    participant: str
    round: str
    answers: dict[str, list[int | None]]


@dataclass
class ImportResult:
    problems: list[str]
    imported: int = 0
    new_participants: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_csv(text: str, instruments: Mapping[str, Instrument]) -> tuple[list[ImportRow], list[str]]:
    """Rows and every problem, each with its line number (the header is line 1)."""
    import csv

    problems: list[str] = []
    rows: list[ImportRow] = []
    reader = csv.reader(text.lstrip("\ufeff").splitlines())
    header = next(reader, None)
    if header is None:
        return [], [_("Line 1: the file is empty.")]
    if [h.strip() for h in header] != CSV_COLUMNS:
        return [], [_("Line 1: the columns must be exactly %(columns)s.") % {"columns": ",".join(CSV_COLUMNS)}]
    valid_rounds = {r.value for r in Round}
    seen: dict[tuple[str, str], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(CSV_COLUMNS):
            problems.append(ngettext("Line %(line)s: %(n)s cell, expected %(expected)s.",
                                     "Line %(line)s: %(n)s cells, expected %(expected)s.", len(cells)) % {
                "line": line, "n": len(cells), "expected": len(CSV_COLUMNS)})
            continue
        values = dict(zip(CSV_COLUMNS, (c.strip() for c in cells), strict=True))
        code, round_ = values["participant"], values["round"]
        try:
            check_code(code)
        except MeasurementRefused as refusal:
            problems.append(_("Line %(line)s: %(problem)s") % {"line": line, "problem": refusal})
        if round_ not in valid_rounds:
            problems.append(_("Line %(line)s: the round must be baseline, end or followup, not %(round)r.") % {
                "line": line, "round": round_})
        elif (code, round_) in seen:
            problems.append(_("Line %(line)s: participant %(code)s already has a row for %(round)s on line "
                              "%(first)s.") % {"line": line, "code": code, "round": round_, "first": seen[(code, round_)]})
        else:
            seen[(code, round_)] = line
        answers: dict[str, list[int | None]] = {}
        for instrument_code, count in _CSV_INSTRUMENTS.items():
            instrument = instruments[instrument_code]
            columns = [instrument_code] if count == 1 else [f"{instrument_code}_{n}" for n in range(1, count + 1)]
            answers[instrument_code] = []
            for column in columns:
                cell = values[column]
                if cell == "":
                    answers[instrument_code].append(None)
                    continue
                try:
                    number = int(cell)
                except ValueError:
                    number = None
                if number is None or not instrument.min_value <= number <= instrument.max_value:
                    problems.append(_("Line %(line)s: %(column)s must be a whole number from %(low)s to %(high)s or "
                                      "empty, not %(value)r.") % {"line": line, "column": column, "value": cell,
                                                                  "low": instrument.min_value,
                                                                  "high": instrument.max_value})
                answers[instrument_code].append(number)
        rows.append(ImportRow(line=line, participant=code, round=round_, answers=answers))
    if not rows and not problems:
        problems.append(_("The file has no rows."))
    return rows, problems


@transaction.atomic
def import_measurements(offer: Offer, text: str, *, actor: User | None,
                        request: HttpRequest | None = None) -> ImportResult:
    """Import a CSV of answers for the offer. A bad file reports every problem, with its line, and
    imports nothing. An unknown participant code becomes a new participant of the offer; a round a
    participant has already answered is a problem (enter it by hand to correct it)."""
    instruments = current_instruments()
    rows, problems = parse_csv(text, instruments)
    known = {p.code: p for p in Participant.objects.filter(offer=offer, code__in={r.participant for r in rows})}
    answered = set(
        Response.objects.filter(participant__offer=offer, participant__code__in=known, completed_at__isnull=False)
        .values_list("participant__code", "round")
    )
    for row in rows:
        if (row.participant, row.round) in answered:
            problems.append(_("Line %(line)s: participant %(code)s has already answered %(round)s.") % {
                "line": row.line, "code": row.participant, "round": row.round})
    if problems:
        return ImportResult(problems=problems)
    result = ImportResult(problems=[])
    now = timezone.now()
    for row in rows:
        participant = known.get(row.participant)
        if participant is None:
            participant = known[row.participant] = Participant.objects.create(offer=offer, code=row.participant)
            result.new_participants += 1
        response, _created = Response.objects.get_or_create(participant=participant, round=row.round)
        response.source, response.entered_by, response.completed_at = Response.Source.IMPORT, actor, now
        response.save(update_fields=["source", "entered_by"])
        _replace_answers(response, row.answers, instruments)
        rescore(response)
        result.imported += 1
    record(actor=actor, action=Action.CREATE, object_type="outcomes.response", object_id="",
           organisation_id=organisation_of(offer), purpose=gettext_noop("%s answers imported") % result.imported, request=request)
    return result


# --- Residents answering through their link ----------------------------------------------------


@dataclass(frozen=True)
class Question:
    number: int  # 1-based position in the whole questionnaire
    instrument: Instrument
    item: int  # 1-based within the instrument


def questions(response: Response) -> list[Question]:
    """The questionnaire of a response: each instrument in the version already answered in, or
    the current one; each item in order."""
    used = {a.instrument.code: a.instrument for a in response.answers.select_related("instrument")}
    current = current_instruments()
    found: list[Question] = []
    for code in INSTRUMENT_ORDER:
        instrument = used.get(code) or current.get(code)
        if instrument is None:
            continue
        for item in range(1, instrument.item_count + 1):
            found.append(Question(number=len(found) + 1, instrument=instrument, item=item))
    return found


@transaction.atomic
def answer_question(response: Response, question: Question, value: int | None, *, language: str,
                    request: HttpRequest | None = None) -> Response:
    """The resident answers (or skips, `value` None) one question; the round is complete when every
    question has an answer row. Progress is kept: reopening the link goes on from here."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    instrument = question.instrument
    if value is not None and not instrument.min_value <= value <= instrument.max_value:
        raise MeasurementRefused(_("Choose one of the answers."))
    Answer.objects.update_or_create(response=response, instrument=instrument, item=question.item,
                                    defaults={"value": value, "answered_at": timezone.now()})
    response.language = language
    if response.source != Response.Source.LINK:
        response.source = Response.Source.LINK
    response.save(update_fields=["language", "source"])
    if response.completed_at is None and response.answers.count() >= len(questions(response)):
        response.completed_at = timezone.now()
    rescore(response)
    record(actor=None, action=Action.CHANGE, obj=response, actor_label=labels.RESIDENT_PRIVATE_LINK,
           organisation_id=organisation_of(response.participant.offer), purpose=gettext_noop("answer given"), request=request)
    return response


# --- Rounds, due dates and retention ------------------------------------------------------------


def due_dates(offer: Offer, plan: MeasurementPlan) -> dict[str, datetime | None]:
    """When each round is due: the first session's start, the last session's start, and the
    follow-up `followup_days` after the last session. None without sessions."""
    starts = list(
        Session.objects.filter(offer=offer, cancelled_at__isnull=True).order_by("starts_at")
        .values_list("starts_at", flat=True)
    )
    if not starts:
        return {r.value: None for r in Round}
    return {Round.BASELINE: starts[0], Round.END: starts[-1],
            Round.FOLLOWUP: starts[-1] + timedelta(days=plan.followup_days)}


@transaction.atomic
def open_round(participant: Participant, round: str) -> tuple[Response, bool]:
    """The participant's response for the round, created (with a new private token) if missing."""
    try:
        with transaction.atomic():
            return Response.objects.get_or_create(participant=participant, round=round)
    except IntegrityError:
        return Response.objects.get(participant=participant, round=round), False


@transaction.atomic
def remove_old_keys(*, now: datetime | None = None) -> int:
    """Retention: remove the keys from codes to sign-ups once the follow-up round is long past
    (or the sign-up's details are gone). The codes, answers and figures stay; the links sent to the
    residents stop working (each response gets a new token nobody holds), so an old message no
    longer shows or changes answers that are now statistics without a name."""
    now = now or timezone.now()
    last_start = Session.objects.filter(offer_id=OuterRef("participant__offer_id"), cancelled_at__isnull=True) \
        .values("offer_id").annotate(last=Max("starts_at")).values("last")
    followup_days = MeasurementPlan.objects.filter(offer_id=OuterRef("participant__offer_id")).values("followup_days")
    keys = ParticipantKey.objects.annotate(last_start=Subquery(last_start), followup_days=Subquery(followup_days))
    due = []
    for key in keys.select_related("sign_up").only("pk", "sign_up__anonymised_at"):
        days = key.followup_days or 0
        last = key.last_start
        past = last is not None and last + timedelta(days=days) + KEY_RETENTION_AFTER_FOLLOWUP < now
        if past or key.sign_up.anonymised_at is not None:
            due.append(key.pk)
    responses = list(Response.objects.filter(participant__key__in=due).only("pk"))
    for response in responses:
        response.token = new_token()
    Response.objects.bulk_update(responses, ["token"], batch_size=1000)
    count, _ = ParticipantKey.objects.filter(pk__in=due).delete()
    if count:
        record(actor=None, action=Action.DELETE, object_type="outcomes.participantkey", object_id="",
               purpose=gettext_noop("retention: removed %s keys from participant codes to sign-ups") % count)
    return count
