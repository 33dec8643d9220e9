"""The residents' help guide: public pages (no login) per municipality and estate, in the
resident languages (Danish, English, Arabic …), service texts translated where a translation
exists and otherwise shown in Danish, clearly marked."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.access import public
from lokalsundhed.core.forms import GuardedForm
from lokalsundhed.core.languages import resident_page
from lokalsundhed.core.page_cache import cached_page
from lokalsundhed.core.validators import RESIDENT_REFUSAL
from lokalsundhed.directory import selectors
from lokalsundhed.directory.models import Service
from lokalsundhed.organisations.models import Municipality

PAGE_SIZE = 20


class ResidentSearchForm(GuardedForm):
    cpr_refusal = RESIDENT_REFUSAL

    q = forms.CharField(label=_("What do you need help with?"), max_length=100, required=False)
    need = forms.ChoiceField(label=_("Topic"), required=False)


@public
@resident_page
@cached_page("directory")
def guide_index(request: HttpRequest) -> HttpResponse:
    """The municipalities that have a help guide."""
    municipalities = (
        Municipality.objects.annotate(n=Count("services", filter=Q(services__status=Service.Status.ACTIVE)))
        .filter(n__gt=0)
        .order_by("name")
    )
    return render(request, "directory/public/index.html",
                  {"municipalities": municipalities, "page_languages": "resident"})


@public
@resident_page
@cached_page("directory", free_text=("q",))
def guide(request: HttpRequest, code: str, estate: int | None = None) -> HttpResponse:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise Http404
    chosen_estate = None
    if estate is not None:
        chosen_estate = selectors.public_estate(municipality.pk, estate)
        if chosen_estate is None:
            raise Http404
    needs = list(selectors.needs())
    form = ResidentSearchForm(request.GET or None)
    cast(forms.ChoiceField, form.fields["need"]).choices = [("", "—"), *[(n.code, n.label) for n in needs]]
    filters = selectors.Filters(municipality_id=municipality.pk, estate=chosen_estate)
    if form.is_valid():
        need = next((n for n in needs if n.code == form.cleaned_data["need"]), None)
        filters = selectors.Filters(municipality_id=municipality.pk, estate=chosen_estate,
                                    query=form.cleaned_data["q"], need=need.pk if need else None)
    results = selectors.find(selectors.public_services(), filters)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.for_result_page(page.object_list)  # type: ignore[arg-type]
    context = {"municipality": municipality, "estate": chosen_estate, "form": form, "page": page, "needs": needs,
               "page_languages": "resident"}
    return render(request, "directory/public/guide.html", context)
