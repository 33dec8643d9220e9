"""Staff pages of outcome measurement: an offer's measurement plan and participants, answers
from paper and from a file (those who run the offer), and reports of anonymous figures with CSV
and PDF (leads, analysts and administrators). Thin: parse, authorise, call, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, require_perm
from lokalsundhed.core.permissions import Perm
from lokalsundhed.offers.models import Offer
from lokalsundhed.offers.services import organisation_of
from lokalsundhed.outcomes import analysis, exports, selectors, services
from lokalsundhed.outcomes.forms import ImportForm, PaperAnswersForm, PlanForm, ReportFilterForm
from lokalsundhed.outcomes.models import MeasurementPlan, Round


def _measurements_context(request: AuthedRequest, offer: Offer, **extra: Any) -> dict[str, Any]:
    plan = selectors.plan_of(offer)
    rows = selectors.participant_rows(request.user, offer) if plan else []
    if rows:
        record(actor=request.user, action=Action.READ, obj=offer,
               organisation_id=organisation_of(offer), purpose=gettext_noop("participant codes and rounds answered"),
               request=request)
    return {
        "offer": offer,
        "plan": plan,
        "due": services.due_dates(offer, plan) if plan else {},
        "rows": rows,
        "rounds": Round.choices,
        "plan_form": extra.pop("plan_form", None) or PlanForm(instance=plan),
        "import_form": extra.pop("import_form", None) or ImportForm(),
        **extra,
    }


@require_perm(Perm.RUN_OFFERS)
@require_http_methods(["GET", "POST"])
def offer_measurements(request: AuthedRequest, pk: int) -> HttpResponse:
    """The offer's measurement plan, when each round is due, and its participants' codes with
    which rounds they answered. Saving the plan enrols the offer's participants."""
    offer = selectors.offer_run_by(request.user, pk)
    if request.method == "POST":
        form = PlanForm(request.POST, instance=selectors.plan_of(offer))
        if form.is_valid():
            services.save_plan(offer, actor=request.user, request=request, **form.cleaned_data)
            enrolled = services.enrol_sign_ups(offer, actor=request.user)
            messages.success(request, ngettext("The measurement plan is saved. %(n)s participant got a code.",
                                               "The measurement plan is saved. %(n)s participants got a code.",
                                               enrolled) % {"n": enrolled})
            return redirect("outcomes:offer_measurements", pk=offer.pk)
        return render(request, "outcomes/offer_measurements.html",
                      _measurements_context(request, offer, plan_form=form))
    return render(request, "outcomes/offer_measurements.html", _measurements_context(request, offer))


@require_perm(Perm.RUN_OFFERS)
@require_http_methods(["GET", "POST"])
def answers_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Enter one participant's paper questionnaire for one round."""
    offer = selectors.offer_run_by(request.user, pk)
    if selectors.plan_of(offer) is None:
        return redirect("outcomes:offer_measurements", pk=offer.pk)
    instruments = services.current_instruments()
    form = PaperAnswersForm(request.POST or None, instruments=instruments, language=get_language() or "da",
                            initial={"participant": request.GET.get("participant", ""),
                                     "round": request.GET.get("round", Round.BASELINE)})
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_for_code(offer, form.cleaned_data["participant"])
            services.enter_answers(participant, form.cleaned_data["round"], form.answers(), actor=request.user,
                                   request=request)
        except services.MeasurementRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The answers of %(code)s are saved.") % {"code": participant.code})
            return redirect("outcomes:offer_measurements", pk=offer.pk)
    return render(request, "outcomes/answers_new.html", {"offer": offer, "form": form})


@require_perm(Perm.RUN_OFFERS)
@require_POST
def answers_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Import a CSV of answers: every problem with its line, or everything."""
    offer = selectors.offer_run_by(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        try:
            text = form.text()
        except Exception as error:  # noqa: BLE001 — a bad encoding is the user's file, not our error
            problems = [str(getattr(error, "message", error))]
        else:
            result = services.import_measurements(offer, text, actor=request.user, request=request)
            if result.ok:
                rounds = ngettext("Imported %(n)s round of answers", "Imported %(n)s rounds of answers",
                                  result.imported) % {"n": result.imported}
                new = ngettext("%(new)s new participant", "%(new)s new participants",
                               result.new_participants) % {"new": result.new_participants}
                messages.success(request, f"{rounds} ({new}).")
                return redirect("outcomes:offer_measurements", pk=offer.pk)
            problems = result.problems
    return render(request, "outcomes/offer_measurements.html",
                  _measurements_context(request, offer, import_form=form, problems=problems), status=400)


# --- Reports --------------------------------------------------------------------------------------


def _filter(request: AuthedRequest, generation: str) -> tuple[ReportFilterForm, selectors.ReportFilter]:
    """The report's filter, its choices kept under the measurements' `generation`."""
    choices = analysis.kept_choices(request.user, generation)
    form = ReportFilterForm(request.GET or None, estates=choices.estates, partnerships=choices.partnerships,
                            municipalities=choices.municipalities)
    if not form.is_valid():
        return form, selectors.ReportFilter()
    data = form.cleaned_data
    return form, selectors.ReportFilter(programme=data["programme"], estate_id=data["estate"],
                                        partnership_id=data["partnership"], municipality_id=data["municipality"],
                                        since=data["since"], until=data["until"])


def _report_context(title: str, offers: QuerySet[Offer], *, period: tuple[Any, Any], generation: str | None = None,
                    **extra: Any) -> dict[str, Any]:
    """`period`: (first day, last day) the figures cover, stated in words on the page and the PDF."""
    return {"title": title, "report": analysis.kept_report(offers, generation), "min_people": analysis.MIN_PEOPLE,
            "fresh_minutes": -(-settings.OUTCOME_FIGURES_SECONDS // 60),
            "generated_at": timezone.now(), "period_start": period[0], "period_end": period[1], **extra}


def _filter_period(report_filter: selectors.ReportFilter) -> tuple[Any, Any]:
    return report_filter.since, report_filter.until or timezone.localdate()



def _programme_title(report_filter: selectors.ReportFilter) -> str:
    if report_filter.programme:
        return str(MeasurementPlan.Programme(report_filter.programme).label)
    return _("All measured offers")


@require_perm(Perm.VIEW_AGGREGATES)
def report(request: AuthedRequest) -> HttpResponse:
    """Outcome figures for the offers one may report on, per course type, estate, partnership,
    municipality and period."""
    generation = analysis.generation()
    form, report_filter = _filter(request, generation)
    offers = selectors.report_offers(request.user, report_filter)
    context = _report_context(_programme_title(report_filter), offers, period=_filter_period(report_filter), form=form,
                              query=request.GET.urlencode(), programmes=MeasurementPlan.Programme.choices,
                              generation=generation)
    return render(request, "outcomes/report.html", context)


@require_perm(Perm.VIEW_AGGREGATES)
def report_csv(request: AuthedRequest) -> HttpResponse:
    _form, report_filter = _filter(request, analysis.generation())
    body = exports.as_csv(analysis.report(selectors.report_offers(request.user, report_filter)))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="maalinger.csv"'
    return response


@require_perm(Perm.VIEW_AGGREGATES)
def report_pdf(request: AuthedRequest) -> HttpResponse:
    generation = analysis.generation()
    _form, report_filter = _filter(request, generation)
    offers = selectors.report_offers(request.user, report_filter)
    context = _report_context(_programme_title(report_filter), offers, period=_filter_period(report_filter),
                              generation=generation)
    response = HttpResponse(exports.as_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="maalinger.pdf"'
    return response


@require_perm(Perm.VIEW_AGGREGATES)
def offer_report(request: AuthedRequest, pk: int) -> HttpResponse:
    offer = selectors.reported_offer(request.user, pk)
    context = _report_context(offer.title, selectors.only(offer), period=selectors.offer_period(offer), offer=offer)
    return render(request, "outcomes/report.html", context)


@require_perm(Perm.VIEW_AGGREGATES)
def offer_report_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    offer = selectors.reported_offer(request.user, pk)
    response = HttpResponse(exports.as_csv(analysis.report(selectors.only(offer))),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="maalinger-{offer.pk}.csv"'
    return response


@require_perm(Perm.VIEW_AGGREGATES)
def offer_report_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    offer = selectors.reported_offer(request.user, pk)
    context = _report_context(offer.title, selectors.only(offer), period=selectors.offer_period(offer), offer=offer)
    response = HttpResponse(exports.as_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="maalinger-{offer.pk}.pdf"'
    return response
