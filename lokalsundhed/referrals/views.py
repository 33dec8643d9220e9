"""Bridge-building pages: the caretaker's observation form and receipts, the reporter's list,
and the receiving units' queue and referral page. Thin: parse, authorise, call, render."""

from __future__ import annotations

import uuid
from datetime import timedelta
from itertools import groupby
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.forms import CharField, ModelMultipleChoiceField
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.referrals import services
from lokalsundhed.referrals.forms import (
    CloseForm,
    ObservationForm,
    QueueFilterForm,
    ReturnForm,
    TakeOverForm,
)
from lokalsundhed.referrals.models import Observation, Referral, Urgency
from lokalsundhed.referrals.selectors import queue_referrals, queue_state_q, with_sign_categories

PAGE_SIZE = 25
SEARCH_LIMIT = 8


def _reporter_dwellings(request: AuthedRequest) -> QuerySet[Dwelling]:
    reporting_orgs = request.user.organisation_ids_with(Perm.REPORT_OBSERVATION)
    return scoped(request.user, Dwelling).filter(estate__housing_organisation_id__in=reporting_orgs)


def _search_dwellings(request: AuthedRequest, query: str) -> list[Dwelling]:
    dwellings = _reporter_dwellings(request).select_related("estate")
    for word in query.split()[:4]:
        dwellings = dwellings.filter(
            Q(street__icontains=word) | Q(number__iexact=word) | Q(door__iexact=word) | Q(floor__iexact=word)
            | Q(estate__name__icontains=word)
        )
    return list(dwellings.order_by("street", "number", "floor", "door")[:SEARCH_LIMIT])


# Signs of danger to life: ticking one shows at once, beside it, what to do now and whom to call.
DANGER_SIGNS = {"self_harm": "suicide", "psychiatric_crisis": "psychiatric", "abuse_neglect": "violence"}


def _sign_groups(form: ObservationForm) -> list[tuple[str, list]]:
    """The sign checkboxes grouped by category, in catalogue order, each with its kind of danger
    ("" for most signs)."""
    options = list(form["signs"])
    field = cast(ModelMultipleChoiceField, form.fields["signs"])
    signs = {str(sign.pk): sign for sign in field.queryset or ()}  # set by the form: never None

    def sign(option: Any) -> Any:
        return signs[str(option.data["value"])]

    grouped = groupby(options, key=lambda option: sign(option).category.label)
    return [(label, [(option, DANGER_SIGNS.get(sign(option).code, "")) for option in items])
            for label, items in grouped]


def _preview(request: AuthedRequest, form: ObservationForm) -> dict[str, object] | None:
    """Where the observation would go and why, shown before it is sent."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    urgency = Urgency.highest([s.suggested_urgency for s in data["signs"]])
    if not form.will_be_sent:
        return {"sent": False, "urgency": Urgency(urgency)}
    municipality = services.municipality_of(data["dwelling"].estate)
    chosen = municipality and services.route(municipality=municipality, signs=list(data["signs"]), urgency=urgency)
    return {"sent": bool(chosen), "urgency": Urgency(urgency), "route": chosen}


@require_perm(Perm.REPORT_OBSERVATION)
def observation_new(request: AuthedRequest) -> HttpResponse:
    """Screen 1 of 2: what, where, consent — and a preview of where it goes."""
    dwellings = _reporter_dwellings(request)
    if request.method == "POST" and "search" in request.POST:
        # A search without JavaScript: keep what was entered, but judge the form only when it is sent.
        entered = {name: request.POST.getlist(name) if name == "signs" else request.POST.get(name)
                   for name in ObservationForm.base_fields}
        form = ObservationForm(initial=entered, dwellings=dwellings)
    else:
        # A new form gets its own key; a form sent back (errors, preview) keeps the one it carries.
        form = ObservationForm(request.POST or None, dwellings=dwellings, initial={"idempotency_key": uuid.uuid4()})
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    found = _search_dwellings(request, query) if query else []
    if request.method == "POST" and "send" in request.POST and form.is_valid():
        data = form.cleaned_data
        observation, _filed = services.file_observation_once(
            services.ObservationInput(
                estate=data["dwelling"].estate,
                dwelling=data["dwelling"],
                resident_first_name=data["resident_first_name"],
                signs=list(data["signs"]),
                description=data["description"],
                consent=data["consent"],
                legal_basis=data["legal_basis"],
                legal_basis_reason=data["legal_basis_reason"],
            ),
            actor=request.user,
            idempotency_key=data["idempotency_key"],
            request=request,
        )
        # Sent again (same key): the receipt of the first send, nothing filed twice.
        return redirect("referrals:observation_receipt", pk=observation.pk)
    context = {
        "form": form,
        "sign_groups": _sign_groups(form),
        "query": query,
        "found": found,
        "preview": _preview(request, form) if request.method == "POST" else None,
    }
    if request.htmx and request.htmx.target == "route-preview":
        return render(request, "referrals/_route_preview.html", context)
    return render(request, "referrals/observation_form.html", context)


@require_perm(Perm.REPORT_OBSERVATION)
def dwelling_search(request: AuthedRequest) -> HttpResponse:
    """Type-ahead: up to eight addresses in the reporter's own estates. POST, so that what is
    typed never lands in an address (URL) or a web server's log."""
    query = request.POST.get("q", "").strip()
    found = _search_dwellings(request, query) if len(query) >= 2 else []
    selected = request.POST.get("dwelling", "")
    return render(request, "referrals/_dwelling_results.html", {"found": found, "query": query, "selected": selected})


@require_perm(Perm.REPORT_OBSERVATION)
def observation_receipt(request: AuthedRequest, pk: int) -> HttpResponse:
    """Screen 2 of 2: what happened to it."""
    observation = get_for_user(
        request.user,
        Observation,
        Observation.objects.select_related("estate", "dwelling", "referral__unit").filter(reported_by=request.user),
        pk=pk,
    )
    record(actor=request.user, action=Action.READ, obj=observation,
           organisation_id=observation.estate.housing_organisation_id, purpose=gettext_noop("receipt of own report"), request=request)
    return render(request, "referrals/observation_receipt.html", {"observation": observation})


@require_perm(Perm.REPORT_OBSERVATION)
def my_reports(request: AuthedRequest) -> HttpResponse:
    """The reporter's own observations with the state of each referral — never the case details."""
    observations = (
        scoped(request.user, Observation)
        .filter(reported_by=request.user)
        .select_related("estate", "dwelling", "referral__unit")
        .only(
            "pk", "created_at", "urgency", "consent", "anonymised_at", "estate__name", "dwelling__street",
            "dwelling__number", "dwelling__floor", "dwelling__door", "referral__state", "referral__status_text",
            "referral__return_reason", "referral__unit__name", "referral__observation_id",
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(observations, PAGE_SIZE).get_page(request.GET.get("page"))
    # The list names residents' addresses and what became of the concerns about them.
    record(actor=request.user, action=Action.SEARCH, object_type="referrals.observation",
           organisation_id=min(request.user.organisation_ids_with(Perm.REPORT_OBSERVATION)),
           purpose=gettext_noop("own reported concerns"), request=request)
    return render(request, "referrals/my_reports.html", {"page": page})


@require_perm(Perm.WORK_REFERRALS)
def queue(request: AuthedRequest) -> HttpResponse:
    """The receiving units' queue: filter by urgency, state and age; claim with one tap."""
    form = QueueFilterForm(request.GET or {"state": "open"})
    referrals = queue_referrals(request.user)
    now = timezone.now()
    if form.is_valid():
        data = form.cleaned_data
        if data["urgency"]:
            referrals = referrals.filter(urgency=data["urgency"])
        referrals = referrals.filter(queue_state_q(data["state"], request.user, now))
        if data["older_than_days"]:
            referrals = referrals.filter(sent_at__lt=now - timedelta(days=data["older_than_days"]))
    referrals = referrals.order_by("deadline_at", "pk")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_sign_categories(list(page.object_list))
    record(actor=request.user, action=Action.SEARCH, object_type="referrals.referral",
           organisation_id=min(request.user.organisation_ids_with(Perm.WORK_REFERRALS)),
           purpose=gettext_noop("queue of referrals"), request=request)
    context = {"form": form, "page": page, "now": now}
    if request.htmx:
        return render(request, "referrals/_queue_table.html", context)
    return render(request, "referrals/queue.html", context)


def _referral_for(request: AuthedRequest, pk: int) -> Referral:
    """The referral with its unit and claimer, then its observation with what hangs on it: two
    queries, because one joining all nine tables cost PostgreSQL ~4 ms to plan (its search for the
    best join order) against ~0.7 ms for both."""
    return get_for_user(
        request.user,
        Referral,
        Referral.objects.select_related("unit", "claimed_by").prefetch_related(Prefetch(
            "observation", queryset=Observation.objects.select_related(
                "estate__housing_organisation", "dwelling", "legal_basis", "reported_by"))),
        pk=pk,
    )


# The forms of the steps that take text, by the step's name.
STEP_FORMS: dict[str, type[TakeOverForm | CloseForm | ReturnForm]] = {
    "take_over": TakeOverForm, "close": CloseForm, "return": ReturnForm,
}


def _show_referral(request: AuthedRequest, referral: Referral, *, refused: tuple[str, Any] | None = None,
                   overtaken: tuple[str, Any] | None = None, status: int = 200) -> HttpResponse:
    """The referral's page, read into the access log. `refused`: a step's form sent back with its
    errors, shown again with what was typed and its section open. `overtaken`: why a step could not
    be taken because the referral changed meanwhile, and its form, whose text is shown to copy."""
    record(actor=request.user, action=Action.READ, obj=referral, organisation_id=referral.municipality_id,
           purpose=gettext_noop("working the referral"), request=request)
    forms = {step: form_class() for step, form_class in STEP_FORMS.items()}
    if refused is not None:
        forms[refused[0]] = refused[1]
    context = {
        "referral": referral,
        "observation": referral.observation,
        "signs": referral.observation.signs.select_related("category"),
        "transitions": referral.transitions.select_related("actor"),
        "can_receive": services.can_receive(referral),
        "can_claim": services.can_claim(referral),
        "can_take_over": services.can_take_over(referral, request.user),
        "can_close": services.can_close(referral, request.user),
        "can_return": services.can_return(referral),
        "take_over_form": forms["take_over"],
        "close_form": forms["close"],
        "return_form": forms["return"],
        "refused_step": refused[0] if refused else "",
        "overtaken": overtaken[0] if overtaken else "",
        "unsaved": _typed_text(overtaken[1]) if overtaken else [],
        "now": timezone.now(),
    }
    return render(request, "referrals/referral_detail.html", context, status=status)


def _typed_text(form: Any) -> list[tuple[str, str]]:
    """What was written in a form's text fields, by label: shown to copy when it could not be saved."""
    return [(str(form[name].label), form.data.get(name, "").strip()) for name, field in form.fields.items()
            if isinstance(field, CharField) and form.data.get(name, "").strip()]


@require_perm(Perm.WORK_REFERRALS)
def referral_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Everything the municipality needs to act, read once per visit into the access log. Reading
    changes nothing: receiving is its own action (or part of claiming)."""
    return _show_referral(request, _referral_for(request, pk))


def _act(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    referral = _referral_for(request, pk)
    form = STEP_FORMS[step](request.POST) if step in STEP_FORMS else None
    if form is not None and not form.is_valid():
        # Shown again, not redirected: what was typed stays in the field, with the error beside it.
        return _show_referral(request, referral, refused=(step, form), status=400)
    data = form.cleaned_data if form is not None else {}
    try:
        if step == "receive":
            services.receive(referral, actor=request.user, request=request)
            messages.success(request, _("The referral is marked as received."))
        elif step == "claim":
            services.claim(referral, actor=request.user, request=request)
            messages.success(request, _("You have claimed the referral."))
        elif step == "take_over":
            services.take_over(referral, actor=request.user, status_text=data["status_text"], request=request)
            messages.success(request, _("The referral is taken over. The reporter can see it."))
        elif step == "close":
            services.close(referral, actor=request.user, outcome=data["outcome"], status_text=data["status_text"],
                           request=request)
            messages.success(request, _("The referral is closed."))
        elif step == "return":
            services.return_to_reporter(referral, actor=request.user, reason=data["reason"], request=request)
            messages.success(request, _("The referral is returned to the reporter."))
    except services.TransitionNotAllowed as refusal:
        if form is not None:
            # Changed by someone else meanwhile: the page as it is now, saying why, with what was typed
            # there to copy; a redirect would lose it.
            return _show_referral(request, _referral_for(request, pk), overtaken=(str(refusal), form), status=409)
        messages.error(request, str(refusal))
    if step == "claim" and request.POST.get("from") == "queue":
        return redirect("referrals:queue")
    return redirect("referrals:referral_detail", pk=pk)


@require_perm(Perm.WORK_REFERRALS)
@require_POST
def referral_receive(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "receive")


@require_perm(Perm.WORK_REFERRALS)
@require_POST
def referral_claim(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "claim")


@require_perm(Perm.WORK_REFERRALS)
@require_POST
def referral_take_over(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "take_over")


@require_perm(Perm.WORK_REFERRALS)
@require_POST
def referral_close(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "close")


@require_perm(Perm.WORK_REFERRALS)
@require_POST
def referral_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "return")
