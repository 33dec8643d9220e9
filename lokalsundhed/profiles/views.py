"""Area health profiles, partnership goals and dashboards: aggregate figures only, for those
holding `view_aggregates` in the estates', partnerships' or municipality's organisations;
themes and goals for holders of `manage_goals`. Thin: parse, authorise, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.pdf import fetcher
from lokalsundhed.core.permissions import Perm
from lokalsundhed.organisations.models import Estate, Municipality, Organisation, Partnership
from lokalsundhed.profiles import dashboards, goals, profile, services
from lokalsundhed.profiles.forms import GoalForm, PeriodForm, ThemeForm
from lokalsundhed.profiles.jsonstat import aggregate_estates
from lokalsundhed.profiles.models import Goal

PDF_STYLES = """
@page { size: A4; margin: 16mm; }
body { font-family: 'IBM Plex Sans', Arial, sans-serif; font-size: 10pt; color: #1a1a1a; }
h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 14pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border-bottom: 0.5pt solid #bfbfbf; padding: 2pt 4pt; text-align: left; }
td.num { text-align: right; }
figure { margin: 0; page-break-inside: avoid; } svg { width: 100%; height: auto; }
"""


ESTATES_PAGE_SIZE = 50


def _partnerships(request: AuthedRequest, perm: Perm = Perm.VIEW_AGGREGATES) -> QuerySet[Partnership]:
    """Semi-joins, not a join and DISTINCT: each partnership once, read by its key."""
    ids = request.user.organisation_ids_with(perm)
    members = Partnership.housing_organisations.through.objects.filter(organisation_id__in=ids)
    return scoped(request.user, Partnership).filter(
        Q(municipality_id__in=ids) | Q(pk__in=members.values("partnership_id")))


def _municipalities(request: AuthedRequest) -> QuerySet[Municipality]:
    """Municipalities of the user's organisations and of the estates whose figures they may see:
    two semi-joins on the municipality's key (a join with every estate of the country and DISTINCT
    read all of them on every visit)."""
    ids = request.user.organisation_ids_with(Perm.VIEW_AGGREGATES)
    return Municipality.objects.filter(
        Q(pk__in=scoped(request.user, Organisation).filter(pk__in=ids).values("municipality_id"))
        | Q(pk__in=aggregate_estates(request.user).order_by().values("municipality_id"))
    )


@require_perm(Perm.VIEW_AGGREGATES)
def index(request: AuthedRequest) -> HttpResponse:
    """The estates, municipalities and partnerships whose profiles and dashboards the user may see."""
    user_municipal_orgs = request.user.organisation_ids_with(Perm.VIEW_AGGREGATES)
    return render(request, "profiles/index.html", {
        "estates": Paginator(aggregate_estates(request.user).select_related("housing_organisation"),
                             ESTATES_PAGE_SIZE).get_page(request.GET.get("page")),
        "municipalities": _municipalities(request).order_by("name"),
        "partnerships": _partnerships(request).select_related("municipality").order_by("name", "pk"),
        "municipal_orgs": scoped(request.user, Organisation).filter(pk__in=user_municipal_orgs,
                                                                   kind=Organisation.Kind.MUNICIPALITY).order_by("name"),
    })


@require_perm(Perm.VIEW_AGGREGATES)
def estate(request: AuthedRequest, pk: int) -> HttpResponse:
    found = get_for_user(request.user, Estate, aggregate_estates(request.user).select_related("municipality"), pk=pk)
    form = PeriodForm(request.GET or None)
    return render(request, "profiles/profile.html", {
        "profile": profile.estate_profile(found, form.period()), "form": form, "estate": found,
    })


@require_perm(Perm.VIEW_AGGREGATES)
def municipality(request: AuthedRequest, code: str) -> HttpResponse:
    found = _municipalities(request).filter(code=code).first()
    if found is None:
        raise Http404
    form = PeriodForm(request.GET or None)
    return render(request, "profiles/profile.html", {
        "profile": profile.municipality_profile(found, form.period()), "form": form,
    })


def _partnership(request: AuthedRequest, pk: int, perm: Perm = Perm.VIEW_AGGREGATES) -> Partnership:
    return get_for_user(request.user, Partnership, _partnerships(request, perm).select_related("municipality"), pk=pk)


@require_perm(Perm.VIEW_AGGREGATES)
def goal_list(request: AuthedRequest, pk: int) -> HttpResponse:
    """The partnership's themes and goals with their progress (a snapshot is taken on view)."""
    partnership = _partnership(request, pk)
    may_manage = partnership in _partnerships(request, Perm.MANAGE_GOALS)
    return render(request, "profiles/goals.html", {
        "partnership": partnership,
        "goals": goals.progress_for(partnership, today=timezone.localdate(), actor=request.user),
        "years": partnership.years.order_by("-year"),
        "may_manage": may_manage,
        "theme_form": ThemeForm(initial={"year": timezone.localdate().year}) if may_manage else None,
        "goal_form": GoalForm() if may_manage else None,
    })


@require_POST
@require_perm(Perm.MANAGE_GOALS)
def theme_set(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk, Perm.MANAGE_GOALS)
    form = ThemeForm(request.POST)
    if form.is_valid():
        services.set_theme(partnership, year=form.cleaned_data["year"], theme=form.cleaned_data["theme"],
                           actor=request.user)
        messages.success(request, _("The theme of the year is saved."))
    else:
        messages.error(request, _("The theme was not saved: %(errors)s") % {"errors": " ".join(
            str(e) for errors in form.errors.values() for e in errors)})
    return redirect("profiles:goal_list", pk=partnership.pk)


@require_perm(Perm.MANAGE_GOALS)
def goal_new(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk, Perm.MANAGE_GOALS)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.create_goal(partnership, services.GoalInput(**form.cleaned_data), actor=request.user)
        messages.success(request, _("The goal is saved."))
        return redirect("profiles:goal_list", pk=partnership.pk)
    return render(request, "profiles/goal_form.html", {"partnership": partnership, "form": form})


@require_POST
@require_perm(Perm.MANAGE_GOALS)
def goal_archive(request: AuthedRequest, pk: int) -> HttpResponse:
    partnerships = _partnerships(request, Perm.MANAGE_GOALS)
    goal = get_for_user(request.user, Goal, Goal.objects.filter(partnership__in=partnerships.values("pk"))
                        .select_related("partnership"), pk=pk)
    services.archive_goal(goal, actor=request.user)
    messages.success(request, _("The goal is archived; its history is kept."))
    return redirect("profiles:goal_list", pk=goal.partnership_id)


def _partnership_board(request: AuthedRequest, pk: int) -> tuple[Partnership, dashboards.Dashboard, PeriodForm]:
    partnership = _partnership(request, pk)
    form = PeriodForm(request.GET or None)
    period = form.period()
    board = dashboards.kept(f"partnership:{partnership.pk}", period,
                            lambda: dashboards.partnership_dashboard(partnership, period))
    return partnership, board, form


@require_perm(Perm.VIEW_AGGREGATES)
def dashboard_partnership(request: AuthedRequest, pk: int) -> HttpResponse:
    partnership, board, form = _partnership_board(request, pk)
    return render(request, "profiles/dashboard.html", {
        "board": board, "form": form, "partnership": partnership, "unit_label": _("Estate"),
        "goals": goals.progress_for(partnership, today=timezone.localdate(), actor=request.user),
    })


@require_perm(Perm.VIEW_AGGREGATES)
def dashboard_partnership_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The same dashboard as a PDF (WeasyPrint), with the same SVG charts."""
    from weasyprint import CSS, HTML

    from lokalsundhed.core.pdf import pdf_unavailable_reason

    reason = pdf_unavailable_reason()
    if reason is not None:
        return HttpResponse(_("PDF is not available on this server."), status=503, content_type="text/plain")
    partnership, board, _form = _partnership_board(request, pk)
    html = render_to_string("profiles/dashboard_pdf.html", {
        "board": board, "partnership": partnership, "unit_label": _("Estate"),
        "goals": goals.progress_for(partnership, today=timezone.localdate(), actor=request.user),
    }, request=request)
    pdf = HTML(string=html, url_fetcher=fetcher()).write_pdf(stylesheets=[CSS(string=PDF_STYLES)])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(partnership.name) or "partnerskab"
    response["Content-Disposition"] = f'attachment; filename="dashboard-{name}-{timezone.localdate():%Y-%m-%d}.pdf"'
    return response


@require_perm(Perm.VIEW_AGGREGATES)
def dashboard_municipality(request: AuthedRequest, pk: int) -> HttpResponse:
    ids = request.user.organisation_ids_with(Perm.VIEW_AGGREGATES)
    found = get_for_user(request.user, Organisation,
                         Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, pk__in=ids), pk=pk)
    form = PeriodForm(request.GET or None)
    period = form.period()
    board = dashboards.kept(f"municipality:{found.pk}", period, lambda: dashboards.municipality_dashboard(found, period))
    return render(request, "profiles/dashboard.html", {
        "board": board, "form": form,
        "unit_label": _("Partnership"), "goals": [],
    })
