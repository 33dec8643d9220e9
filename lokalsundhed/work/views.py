"""Small steps into work: the social worker's follow-up of residents' interest (list, one
interest, its steps, the jobcenter bridge), opportunities and the company registry; and the
residents' public pages (an estate's opportunities, showing interest). Thin: parse, authorise,
call, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core import throttle
from lokalsundhed.core.access import AuthedRequest, get_for_user, public, require_perm, scoped
from lokalsundhed.core.languages import resident_page
from lokalsundhed.core.paging import CountedPaginator, KnownCountPaginator
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Estate
from lokalsundhed.referrals.housekeeping import closed_record_months
from lokalsundhed.work import selectors, services
from lokalsundhed.work.forms import (
    CompanyForm,
    InterestForm,
    JobcenterForm,
    OpportunityForm,
    StopForm,
)
from lokalsundhed.work.models import Company, Interest, Opportunity
from lokalsundhed.work.scopes import housing_orgs_with

PAGE_SIZE = 25
OPEN_STATES = (Interest.State.INTERESTED, Interest.State.CONTACTED, Interest.State.STARTED)


@require_perm(Perm.WORK_STEPS)
def interest_list(request: AuthedRequest) -> HttpResponse:
    """Residents' interest being followed up, one open state at a time (each with its number),
    oldest first, in pages. Fixed queries."""
    counts = selectors.open_interest_counts(request.user)
    state = request.GET.get("state")
    if state not in OPEN_STATES:
        state = Interest.State.INTERESTED
    rows = selectors.open_interests(request.user).filter(state=state)
    page = KnownCountPaginator(rows, PAGE_SIZE, count=counts.get(state, 0)).get_page(request.GET.get("page"))
    record(actor=request.user, action=Action.SEARCH, object_type="work.interest",
           organisation_id=min(housing_orgs_with(request.user, Perm.WORK_STEPS), default=None),
           purpose=gettext_noop("interests in work being followed up"), request=request)
    return render(request, "work/interest_list.html", {
        "states": [(value, Interest.State(value).label, counts.get(value, 0), value == state) for value in OPEN_STATES],
        "page": page,
    })


@require_perm(Perm.WORK_STEPS)
def interest_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    interest = selectors.interest_for(request.user, pk)
    record(actor=request.user, action=Action.READ, obj=interest,
           organisation_id=interest.opportunity.estate.housing_organisation_id, purpose=gettext_noop("follow-up"),
           request=request)
    return render(request, "work/interest_detail.html", {
        "interest": interest, "transitions": selectors.transitions(request.user, interest),
        "can_contact": services.can_contact(interest), "can_start": services.can_start(interest),
        "can_complete": services.can_complete(interest), "can_stop": services.can_stop(interest),
        "can_send": services.can_send_to_jobcenter(interest),
        "stop_form": StopForm(), "jobcenter_form": JobcenterForm(),
    })


_STEPS = {"contacted": Interest.State.CONTACTED, "started": Interest.State.STARTED,
          "completed": Interest.State.COMPLETED, "stopped": Interest.State.STOPPED}


@require_perm(Perm.WORK_STEPS)
@require_POST
def interest_step(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    """One step of the follow-up, as an explicit POST."""
    interest = selectors.interest_for(request.user, pk)
    if step not in _STEPS:
        raise Http404
    reason = ""
    if step == "stopped":
        form = StopForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.move(interest, _STEPS[step], actor=request.user, stop_reason=reason, request=request)
    except services.WorkRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Saved: %(state)s.") % {"state": Interest.State(_STEPS[step]).label})
    return redirect("work:interest_detail", pk=interest.pk)


@require_perm(Perm.WORK_STEPS)
@require_POST
def interest_jobcenter(request: AuthedRequest, pk: int) -> HttpResponse:
    """Send the interest to the jobcenter as a referral, with the resident's consent."""
    interest = selectors.interest_for(request.user, pk)
    form = JobcenterForm(request.POST)
    try:
        services.send_to_jobcenter(interest, actor=request.user, consent=form.is_valid(), request=request)
    except services.WorkRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Sent to the jobcenter. You can follow it under My referrals."))
    return redirect("work:interest_detail", pk=interest.pk)


@require_perm(Perm.WORK_STEPS)
def opportunity_list(request: AuthedRequest) -> HttpResponse:
    """Open opportunities with how many showed interest and started (counted in SQL), in pages
    counted on the opportunities alone, and each estate's residents' page to share. Fixed queries."""
    rows = scoped(request.user, Opportunity).filter(archived_at__isnull=True)
    page = CountedPaginator(selectors.opportunities(request.user), PAGE_SIZE, rows=rows).get_page(request.GET.get("page"))
    return render(request, "work/opportunity_list.html", {"page": page, "estates": _estates(request)})


def _estates(request: AuthedRequest):
    return scoped(request.user, Estate).filter(
        housing_organisation_id__in=housing_orgs_with(request.user, Perm.WORK_STEPS)).order_by("name")


@require_perm(Perm.WORK_STEPS)
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    opportunity: Opportunity | None = None
    estates = _estates(request)
    if pk is not None:
        opportunity = get_for_user(request.user, Opportunity, scoped(request.user, Opportunity).filter(estate__in=estates),
                                   pk=pk)
    companies = scoped(request.user, Company).filter(is_active=True,
                                                     housing_organisation_id__in=housing_orgs_with(request.user,
                                                                                                   Perm.WORK_STEPS))
    initial = OpportunityForm.initial_for(opportunity) if opportunity else None
    form = OpportunityForm(request.POST or None, estates=estates, companies=companies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_opportunity(
                services.OpportunityInput(estate=data["estate"], kind=data["kind"], title=data["title"],
                                          description=data["description"], company=data["company"],
                                          hours_per_week=data["hours_per_week"], is_published=data["is_published"]),
                actor=request.user, opportunity=opportunity, request=request,
            )
        except services.WorkRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The opportunity is saved."))
            return redirect("work:opportunity_list")
    return render(request, "work/opportunity_form.html", {"form": form, "opportunity": opportunity})


@require_perm(Perm.WORK_STEPS)
def company_list(request: AuthedRequest) -> HttpResponse:
    """The housing organisation's registry of local companies. Fixed queries."""
    return render(request, "work/company_list.html", {"companies": list(selectors.companies(request.user))})


@require_perm(Perm.WORK_STEPS)
@require_http_methods(["GET", "POST"])
def company_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    """Add a company to the registry (CVR number checked), or change its contact."""
    housing = sorted(housing_orgs_with(request.user, Perm.WORK_STEPS))
    if not housing:
        raise Http404
    company: Company | None = None
    if pk is not None:
        company = get_for_user(request.user, Company, scoped(request.user, Company).filter(
            housing_organisation_id__in=housing), pk=pk)
    form = CompanyForm(request.POST or None, initial=CompanyForm.initial_for(company) if company else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = company.housing_organisation if company else selectors.registry_owner(request.user, housing[0])
        try:
            services.save_company(
                services.CompanyInput(name=data["name"], cvr=data["cvr"], contact_name=data["contact_name"],
                                      contact_phone=data["contact_phone"], contact_email=data["contact_email"],
                                      is_active=data["is_active"]),
                housing_organisation=organisation, actor=request.user, company=company, request=request,
            )
        except services.WorkRefused as refusal:
            form.add_error("cvr", str(refusal))
        else:
            messages.success(request, _("The company is saved."))
            return redirect("work:company_list")
    return render(request, "work/company_form.html", {"form": form, "company": company})


# --- Residents --------------------------------------------------------------------------------


@public
@resident_page
def public_list(request: HttpRequest, pk: int) -> HttpResponse:
    """An estate's small steps into work, for its residents, without an account."""
    estate = selectors.public_estate(pk)
    if estate is None:
        raise Http404
    return render(request, "work/public/list.html", {
        "estate": estate, "opportunities": list(selectors.public_opportunities(estate.pk)), "page_languages": "resident",
    })


@public
@resident_page
@require_http_methods(["GET", "POST"])
@throttle.keeps_input()
def public_interest(request: HttpRequest, pk: int) -> HttpResponse:
    """A resident shows interest in one opportunity: first name, phone, consent. Bad input is
    answered on the form with what was typed kept."""
    opportunity = selectors.public_opportunity(pk)
    if opportunity is None:
        raise Http404
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.show_interest(opportunity, first_name=data["first_name"], phone=data["phone"],
                                   message=data["message"], consent=data["consent"], request=request)
        except services.WorkRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("work:public_thanks", pk=opportunity.estate_id)
    return render(request, "work/public/interest.html", {
        "opportunity": opportunity, "form": form, "page_languages": "resident",
        "months_kept": closed_record_months(opportunity.estate.housing_organisation_id),
    })


@public
@resident_page
def public_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    estate = selectors.public_estate(pk)
    if estate is None:
        raise Http404
    return render(request, "work/public/thanks.html", {"estate": estate, "page_languages": "resident"})
