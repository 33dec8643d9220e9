"""The resident's questionnaire behind its private link: no account, one question a screen,
plain HTML forms (no script needed), big answer targets, in the resident's language and right
to left where it reads so. Each answer is saved at once, so reopening the link goes on where
the resident left off."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_noop
from django.views.decorators.http import require_http_methods

from lokalsundhed.audit import labels
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core import throttle
from lokalsundhed.core.access import public
from lokalsundhed.core.languages import resident_page
from lokalsundhed.offers.services import organisation_of
from lokalsundhed.outcomes import selectors, services

RESIDENT = {"page_languages": "resident"}


def _number(raw: str | None, total: int) -> int | None:
    try:
        number = int(raw or "")
    except ValueError:
        return None
    return number if 1 <= number <= total else None


@public
@resident_page
@require_http_methods(["GET", "POST"])
@throttle.posts_per_form(10)  # one POST per question
def questionnaire(request: HttpRequest, token: str) -> HttpResponse:
    response = selectors.response_by_token(token)
    language = get_language() or "da"
    questions = services.questions(response)
    given = {(a.instrument_id, a.item): a.value for a in response.answers.all()}
    url = reverse("outcomes:questionnaire", args=[token])
    if request.method == "POST":
        number = _number(request.POST.get("question"), len(questions))
        if number is None:
            return redirect(url)
        question = questions[number - 1]
        raw = request.POST.get("value", "")
        value: int | None = None
        if raw != "skip":
            try:
                value = int(raw)
            except ValueError:
                return redirect(f"{url}?q={number}&e=1")
            if not question.instrument.min_value <= value <= question.instrument.max_value:
                return redirect(f"{url}?q={number}&e=1")
        services.answer_question(response, question, value, language=language, request=request)
        if number < len(questions):
            return redirect(f"{url}?q={number + 1}")
        return redirect(url)
    number = _number(request.GET.get("q"), len(questions))
    if number is None:
        unanswered = [q for q in questions if (q.instrument.pk, q.item) not in given]
        if not unanswered:
            return render(request, "outcomes/public/thanks.html", {"token": token, **RESIDENT})
        number = unanswered[0].number
    question = questions[number - 1]
    wording = question.instrument.wording(language)
    first_of_instrument = question.item == 1
    if (question.instrument.pk, question.item) in given:
        # The resident sees their own earlier answer: a read of health data, logged.
        record(actor=None, action=Action.READ, obj=response, actor_label=labels.RESIDENT_PRIVATE_LINK,
               organisation_id=organisation_of(response.participant.offer), purpose=gettext_noop("own answer shown"),
               request=request)
    context = {
        "token": token,
        "question": question,
        "total": len(questions),
        "text": wording["items"][question.item - 1],
        "intro": wording["intro"] if first_of_instrument else "",
        "options": wording["options"],
        "wording": wording,
        "current": given.get((question.instrument.pk, question.item)),
        "error": request.GET.get("e") == "1",
        "previous": number - 1 if number > 1 else None,
        **RESIDENT,
    }
    return render(request, "outcomes/public/question.html", context)
