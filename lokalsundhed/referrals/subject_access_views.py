"""Data-subject access requests: find the dwelling, then export what is held about the resident
as JSON or PDF, one section per app (`core/subject_access.py`). Every export is written to the
access log. The resident's first name, mobile number and e-mail travel in the POST body, never
in the address bar (nor in the access log: it names which identifiers were given, not their values)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm
from lokalsundhed.core.forms import GuardedForm
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.phones import PhoneField
from lokalsundhed.core.subject_access import Subject, sections
from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.referrals import subject_access

SEARCH_LIMIT = 25


class SubjectExportForm(GuardedForm):
    first_name = forms.CharField(
        label=_("Resident's first name (optional)"),
        max_length=60,
        required=False,
        help_text=_("Only what is held about this resident. Leave empty for everything about the dwelling."),
    )
    phone = PhoneField(
        label=_("Resident's mobile number (optional)"),
        required=False,
        help_text=_("Finds sign-ups for local offers and errands with this number, with or without +45 and spaces."),
    )
    email = forms.EmailField(
        label=_("Resident's e-mail address (optional)"),
        max_length=254,
        required=False,
        help_text=_("Finds sign-ups for local offers with this e-mail address."),
    )


@require_perm(Perm.EXPORT_SUBJECT_DATA)
def find_dwelling(request: AuthedRequest) -> HttpResponse:
    """Find the dwelling of the request among the estates the user administers. The address is
    sent by POST, so that it never lands in a URL or a web server's log."""
    query = request.POST.get("q", "").strip()[:100] if request.method == "POST" else ""
    found: list[Dwelling] = []
    if query:
        dwellings = subject_access.exportable_dwellings(request.user).select_related("estate")
        for word in query.split()[:4]:
            dwellings = dwellings.filter(
                Q(street__icontains=word) | Q(number__iexact=word) | Q(floor__iexact=word) | Q(door__iexact=word)
                | Q(postcode=word) | Q(estate__name__icontains=word)
            )
        found = list(dwellings.order_by("street", "number", "floor", "door", "pk")[:SEARCH_LIMIT])
    return render(request, "referrals/subject_access/search.html",
                  {"query": query, "found": found, "limit": SEARCH_LIMIT})


def _dwelling(request: AuthedRequest, pk: int) -> Dwelling:
    return get_for_user(
        request.user,
        Dwelling,
        subject_access.exportable_dwellings(request.user).select_related("estate__housing_organisation"),
        pk=pk,
    )


def _dwelling_page(request: AuthedRequest, dwelling: Dwelling, form: SubjectExportForm,
                   status: int = 200, pdf_refused: bool = False) -> HttpResponse:
    # What is held about the dwelling itself; what a phone number or e-mail finds is seen in the export.
    held = sections(request.user, Subject.of(dwelling))
    context = {
        "dwelling": dwelling,
        "form": form,
        "sections": held,
        "held": sum(len(section.records) for section in held),
        "pdf_available": subject_access.pdf_unavailable_reason() is None,
        "pdf_refused": pdf_refused,
    }
    return render(request, "referrals/subject_access/dwelling.html", context, status=status)


@require_perm(Perm.EXPORT_SUBJECT_DATA)
def subject_dwelling(request: AuthedRequest, pk: int) -> HttpResponse:
    """What is held about the dwelling (a count) and the two export buttons."""
    return _dwelling_page(request, _dwelling(request, pk), SubjectExportForm())


def _export(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    dwelling = _dwelling(request, pk)
    form = SubjectExportForm(request.POST)
    if not form.is_valid():
        return _dwelling_page(request, dwelling, form)
    if kind == "pdf" and subject_access.pdf_unavailable_reason() is not None:
        return _dwelling_page(request, dwelling, form, status=503, pdf_refused=True)
    given = {name: form.cleaned_data[name] for name in ("first_name", "phone", "email")}
    identifiers = Subject.of(dwelling, **given).identifiers
    # Logged before the data leaves: an export that fails half-way is still on record.
    record(actor=request.user, action=Action.EXPORT, obj=dwelling,
           organisation_id=subject_access.acting_organisation_id(request.user, dwelling),
           purpose=f"data-subject access request ({kind}; dwelling{''.join(f', {i}' for i in identifiers)})",
           request=request)
    data = subject_access.collect(request.user, dwelling, **given)
    filename = f"indsigt-bolig-{dwelling.pk}-{timezone.localdate():%Y-%m-%d}.{kind}"
    if kind == "pdf":
        response = HttpResponse(subject_access.as_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(subject_access.as_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_perm(Perm.EXPORT_SUBJECT_DATA)
@require_POST
def subject_export_json(request: AuthedRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "json")


@require_perm(Perm.EXPORT_SUBJECT_DATA)
@require_POST
def subject_export_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "pdf")
