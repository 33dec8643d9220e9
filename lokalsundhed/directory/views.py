"""Help-guide pages for staff: search, a service, guidance cards ("Har du hørt et nødråb?")
and their editing, the guidance partial for the observation form, and the estate's contact
sheet. Thin: parse, authorise, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.directory import contact_sheet, selectors, services
from lokalsundhed.directory.forms import GuidanceCardForm, SearchForm
from lokalsundhed.directory.models import Service
from lokalsundhed.directory.scopes import editable_municipality_ids, municipality_ids
from lokalsundhed.organisations.models import Estate, Municipality
from lokalsundhed.signs.models import Sign, SignCategory

PAGE_SIZE = 20


def _home_municipality(request: AuthedRequest) -> int | None:
    """The municipality a page is about: ?municipality= when the user works there, else their first."""
    allowed = municipality_ids(request.user)
    chosen = request.GET.get("municipality", "")
    if chosen.isdigit() and int(chosen) in allowed:
        return int(chosen)
    return min(allowed) if allowed else None


@require_perm(Perm.VIEW_ORGANISATION)
def search(request: AuthedRequest) -> HttpResponse:
    """Whom to contact: free text in Danish and filters, ranked; a fixed number of queries."""
    allowed = municipality_ids(request.user)
    municipalities = Municipality.objects.filter(pk__in=allowed)
    estates = scoped(request.user, Estate).order_by("name")
    form = SearchForm(request.GET or None, needs=selectors.needs(),
                      municipalities=municipalities if len(allowed) > 1 else None, estates=estates)
    results = scoped(request.user, Service).select_related("organization")
    searched = False
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            query=data["q"],
            need=data["need"].pk if data["need"] else None,
            municipality_id=data["municipality"].pk if data.get("municipality") else None,
            estate=data.get("estate"),
            open_at=timezone.now() if data["open_now"] else None,
            language=data["language"],
        )
        searched = any([data["q"], data["need"], data.get("municipality"), data.get("estate"),
                        data["open_now"], data["language"]])
        results = selectors.find(results, filters)
    else:
        results = selectors.find(results, selectors.Filters())
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.for_result_page(page.object_list)  # type: ignore[arg-type]
    context = {"form": form, "page": page, "searched": searched,
               "categories": SignCategory.objects.all()}
    if getattr(request, "htmx", False):
        return render(request, "directory/_results.html", context)
    return render(request, "directory/search.html", context)


@require_perm(Perm.VIEW_ORGANISATION)
def service_detail(request: AuthedRequest, pk: Any) -> HttpResponse:
    get_for_user(request.user, Service, Service.objects.only("pk"), pk=pk)
    service = selectors.detail(scoped(request.user, Service), pk)
    context = {
        "service": service,
        "can_verify": service.municipality_id in editable_municipality_ids(request.user),
        "stale": service.is_stale(),
    }
    return render(request, "directory/service_detail.html", context)


@require_perm(Perm.MANAGE_DIRECTORY)
@require_POST
def service_verify(request: AuthedRequest, pk: Any) -> HttpResponse:
    """The municipality's administrator confirms the information is still right (today)."""
    service = get_for_user(request.user, Service, pk=pk)
    if service.municipality_id not in editable_municipality_ids(request.user):
        raise Http404
    services.verify(service, actor=request.user, request=request)
    messages.success(request, _("Marked as verified today."))
    return redirect("directory:service_detail", pk=service.pk)


def _categories_with_signs() -> list[SignCategory]:
    categories = list(SignCategory.objects.all())
    signs: dict[int, list[Sign]] = {}
    for sign in Sign.objects.filter(is_active=True).order_by("order", "name"):
        signs.setdefault(sign.category_id, []).append(sign)
    for category in categories:
        category.sign_list = signs.get(category.pk, [])  # type: ignore[attr-defined]
    return categories


@require_perm(Perm.VIEW_ORGANISATION)
def guidance_list(request: AuthedRequest) -> HttpResponse:
    """"I see X — what now?": every sign category, its signs, a link to its card."""
    return render(request, "directory/guidance_list.html", {"categories": _categories_with_signs(),
                                                             "municipality_id": _home_municipality(request)})


def _category(code: str) -> SignCategory:
    category = SignCategory.objects.filter(code=code).first()
    if category is None:
        raise Http404
    return category


@require_perm(Perm.VIEW_ORGANISATION)
def guidance_detail(request: AuthedRequest, code: str) -> HttpResponse:
    category = _category(code)
    municipality_id = _home_municipality(request)
    card = selectors.card_for(category, municipality_id)
    context = {
        "category": category,
        "signs": Sign.objects.filter(category=category, is_active=True),
        "card": card,
        "whom_to_call": selectors.services_for_card(card, municipality_id) if card else [],
        "can_edit": municipality_id in editable_municipality_ids(request.user),
        "municipality_id": municipality_id,
    }
    return render(request, "directory/guidance_detail.html", context)


@require_perm(Perm.MANAGE_DIRECTORY)
def guidance_edit(request: AuthedRequest, code: str) -> HttpResponse:
    """A municipality's administrators keep their own card (a copy of the default at first)."""
    category = _category(code)
    editable = editable_municipality_ids(request.user)
    if not editable:
        raise Http404
    municipality_id = _home_municipality(request)
    if municipality_id not in editable:
        municipality_id = min(editable)
    card = selectors.card_for(category, municipality_id)
    own = card if card is not None and card.municipality_id == municipality_id else None
    initial = {}
    if own is None and card is not None:
        initial = {"first_steps": card.first_steps, "what_to_say": card.what_to_say,
                   "what_not_to_do": card.what_not_to_do}
    choices = selectors.card_service_choices(request.user, municipality_id)
    form = GuidanceCardForm(request.POST or None, instance=own, initial=initial, services=choices)
    if request.method == "POST" and form.is_valid():
        services.save_card(category=category, municipality_id=municipality_id, data=form.cleaned_data,
                           actor=request.user, request=request)
        messages.success(request, _("The guidance card is saved for your municipality."))
        return redirect(f"{request.path.rsplit('rediger/', 1)[0]}?municipality={municipality_id}")
    context = {"category": category, "form": form, "is_copy": own is None,
               "municipality": Municipality.objects.get(pk=municipality_id)}
    return render(request, "directory/guidance_edit.html", context)


@require_perm(Perm.VIEW_ORGANISATION)
def guidance_for_signs(request: AuthedRequest) -> HttpResponse:
    """A partial for the observation form: the guidance for the categories of the ticked signs.
    GET or POST `signs` (sign ids, as the observation form sends them)."""
    raw = request.POST.getlist("signs") if request.method == "POST" else request.GET.getlist("signs")
    sign_ids = [int(s) for s in raw if str(s).isdigit()][:40]
    municipality_id = _home_municipality(request)
    categories = SignCategory.objects.filter(signs__pk__in=sign_ids).distinct() if sign_ids else []
    cards = []
    for category in categories:
        card = selectors.card_for(category, municipality_id)
        if card is not None:
            cards.append((category, card, selectors.services_for_card(card, municipality_id, limit=3)))
    return render(request, "directory/_guidance_for_signs.html", {"cards": cards})


@require_perm(Perm.VIEW_ORGANISATION)
def estate_contact_sheet(request: AuthedRequest, pk: int) -> HttpResponse:
    """The A4 notice-board sheet with the numbers the estate's staff need (PDF)."""
    estate = get_for_user(request.user, Estate, Estate.objects.select_related("municipality"), pk=pk)
    available, reason = contact_sheet.available()
    if not available:
        return render(request, "directory/contact_sheet_unavailable.html", {"estate": estate, "reason": reason},
                      status=503)
    pdf = contact_sheet.render_pdf(estate)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kontaktark-{estate.pk}.pdf"'
    return response
