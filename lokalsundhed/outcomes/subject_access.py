"""Outcome measurement's section of a data subject's access request: the questionnaires the
resident answered, with every answer and the scores.

Answers are held under a pseudonymous code; the code leads to the resident only through its key
to a sign-up, found like the offers' section by the mobile number or e-mail address given with
the request (and the first name, if given). Once retention has removed the key, the answers can
no longer be tied to anyone and are not part of the export. Only the offers the exporting
organisation's staff may see (`offer_q` with `export_subject_data`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.subject_access import Logged, Subject, held_about, register
from lokalsundhed.offers.scopes import offer_q
from lokalsundhed.outcomes.models import Answer, ParticipantKey, Response


@register(
    "outcomes",
    title=_("Questionnaires (outcome measurement)"),
    found_by=_("Answers under a participant code whose key leads to a sign-up with the resident's mobile number or "
               "e-mail address."),
    template="outcomes/subject_access_section.html",
    order=35,
    holds=(ParticipantKey, Response, Answer),
    logged_as=lambda record: [Logged("outcomes.response", r["id"]) for r in record["rounds"]],
)
def questionnaires(user: User, subject: Subject) -> list[dict[str, Any]]:
    """Two queries: the keys with their participants and offers, and the responses with answers."""
    keys = held_about(
        ParticipantKey.objects.filter(offer_q(user, Perm.EXPORT_SUBJECT_DATA, prefix="participant__offer__"),
                                      sign_up__anonymised_at__isnull=True),
        subject, phone="sign_up__phone", email="sign_up__email", first_name="sign_up__first_name",
    )
    if keys is None:
        return []
    keys = keys.select_related("participant__offer").prefetch_related(
        Prefetch("participant__responses", queryset=Response.objects.prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("instrument").order_by("instrument__code",
                                                                                               "item")))
        .order_by("created_at"))
    ).order_by("created_at", "pk")
    language = get_language() or settings.LANGUAGE_CODE
    return [
        {
            "offer": key.participant.offer.title,
            "participant_code": key.participant.code,
            "sign_up_id": key.sign_up_id,
            "rounds": [
                {
                    "id": response.pk,
                    "round": response.round,
                    "round_label": str(response.get_round_display()),
                    "completed_at": response.completed_at,
                    "source": response.source,
                    "language": response.language,
                    "scores": {"who5": response.who5, "ucla3": response.ucla3, "srh": response.srh,
                               "alone": response.alone},
                    "answers": [_answer(a, language) for a in response.answers.all()],
                }
                for response in key.participant.responses.all()
            ],
        }
        for key in keys
    ]


def _answer(answer: Answer, language: str) -> dict[str, Any]:
    """One answer with its question and what its value means, in the language of the export
    (else Danish): "3" alone says nothing to the resident."""
    wording = answer.instrument.wording(language)
    options = {value: label for value, label in wording["options"]}
    return {"instrument": answer.instrument.code, "version": answer.instrument.version, "item": answer.item,
            "question": wording["items"][answer.item - 1], "value": answer.value, "answer": options.get(answer.value)}
