"""Data-subject access requests: find the resident — by their dwelling, or by mobile number or
e-mail address when no dwelling is known — then export what is held about them as JSON or PDF,
one section per app (`core/subject_access.py`), in the language the resident reads (chosen on the
form; the page itself stays in the staff member's language). Every export is written to the access log. The
resident's address, first name, mobile number and e-mail travel in POST bodies, never in the
address bar (nor in the access log: it names which identifiers were given, not their values)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lokalsundhed.audit.models import Action
from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.subject_access import Subject, sections
from lokalsundhed.organisations.models import Dwelling
from lokalsundhed.subject_access import export, selectors, services
from lokalsundhed.subject_access.forms import ExportLanguageForm, ResidentForm, SubjectExportForm

IDENTIFIERS = ("first_name", "phone", "email")


@require_perm(Perm.EXPORT_SUBJECT_DATA)
def find(request: AuthedRequest) -> HttpResponse:
    """Find the resident: their dwelling among the estates the user administers (the address is
    sent by POST, so that it never lands in a URL or a web server's log), or, without an address,
    by mobile number or e-mail address (a form posting to `resident`)."""
    query = request.POST.get("q", "").strip()[:100] if request.method == "POST" else ""
    found = selectors.find_dwellings(request.user, query) if query else []
    return render(request, "subject_access/search.html", {
        "query": query, "found": found, "limit": selectors.SEARCH_LIMIT, "resident_form": ResidentForm(),
    })


def _dwelling(request: AuthedRequest, pk: int) -> Dwelling:
    return get_for_user(
        request.user,
        Dwelling,
        selectors.exportable_dwellings(request.user).select_related("estate__housing_organisation"),
        pk=pk,
    )


def _dwelling_page(request: AuthedRequest, dwelling: Dwelling, form: SubjectExportForm,
                   language_form: ExportLanguageForm | None = None, status: int = 200,
                   pdf_refused: bool = False) -> HttpResponse:
    # What is held about the dwelling itself; what a phone number or e-mail finds is seen in the export.
    subject = Subject.of(dwelling)
    # The counts tell whether concerns were reported about the household: a search, on record.
    services.record_request(actor=request.user, action=Action.SEARCH, kind="count", subject=subject,
                            organisation_ids=[selectors.acting_organisation_id(request.user, dwelling)], request=request)
    held = sections(request.user, subject)
    context = {
        "dwelling": dwelling,
        "form": form,
        "language_form": language_form or ExportLanguageForm(),
        "sections": held,
        "held": sum(len(section.records) for section in held),
        "pdf_available": export.pdf_unavailable_reason() is None,
        "pdf_refused": pdf_refused,
    }
    return render(request, "subject_access/dwelling.html", context, status=status)


@require_perm(Perm.EXPORT_SUBJECT_DATA)
def dwelling(request: AuthedRequest, pk: int) -> HttpResponse:
    """What is held about the dwelling (a count) and the two export buttons."""
    return _dwelling_page(request, _dwelling(request, pk), SubjectExportForm())


def _download(request: AuthedRequest, subject: Subject, kind: str, language: str, filename: str) -> HttpResponse:
    data = export.collect(request.user, subject.dwelling, subject.first_name, subject.phone, subject.email,
                          language=language)
    if kind == "pdf":
        response = HttpResponse(export.as_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(export.as_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y-%m-%d}.{kind}"'
    response["Cache-Control"] = "no-store"
    return response


def _export_dwelling(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    found = _dwelling(request, pk)
    form, language_form = SubjectExportForm(request.POST), ExportLanguageForm(request.POST)
    if not (form.is_valid() & language_form.is_valid()):  # both checked: every error is shown at once
        return _dwelling_page(request, found, form, language_form)
    if kind == "pdf" and export.pdf_unavailable_reason() is not None:
        return _dwelling_page(request, found, form, language_form, status=503, pdf_refused=True)
    subject = Subject.of(found, **{name: form.cleaned_data[name] for name in IDENTIFIERS})
    language = language_form.cleaned_data["language"]
    # Logged before the data leaves: an export that fails half-way is still on record.
    services.record_request(actor=request.user, action=Action.EXPORT, kind=kind, subject=subject,
                            organisation_ids=[selectors.acting_organisation_id(request.user, found)], request=request)
    return _download(request, subject, kind, language, f"indsigt-bolig-{found.pk}")


@require_perm(Perm.EXPORT_SUBJECT_DATA)
@require_POST
def dwelling_json(request: AuthedRequest, pk: int) -> HttpResponse:
    return _export_dwelling(request, pk, "json")


@require_perm(Perm.EXPORT_SUBJECT_DATA)
@require_POST
def dwelling_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    return _export_dwelling(request, pk, "pdf")


def _resident_page(request: AuthedRequest, form: ResidentForm, language_form: ExportLanguageForm | None = None,
                   status: int = 200, pdf_refused: bool = False) -> HttpResponse:
    """The form, and once it is valid, what is held about the resident, counted per section."""
    held = None
    if form.is_bound and form.is_valid():
        subject = Subject.of(**{name: form.cleaned_data[name] for name in IDENTIFIERS})
        # Counting what a number or address finds is a search of personal data: on record too.
        services.record_request(actor=request.user, action=Action.SEARCH, kind="count", subject=subject,
                                organisation_ids=selectors.exporting_organisation_ids(request.user), request=request)
        held = sections(request.user, subject)
    context = {
        "form": form,
        "language_form": language_form or ExportLanguageForm(),
        "sections": held,
        "held": sum(len(section.records) for section in held or []),
        "pdf_available": export.pdf_unavailable_reason() is None,
        "pdf_refused": pdf_refused,
    }
    return render(request, "subject_access/resident.html", context, status=status)


@require_perm(Perm.EXPORT_SUBJECT_DATA)
def resident(request: AuthedRequest) -> HttpResponse:
    """A resident without a dwelling: the form (GET), then what it finds and the export buttons (POST)."""
    return _resident_page(request, ResidentForm(request.POST if request.method == "POST" else None))


def _export_resident(request: AuthedRequest, kind: str) -> HttpResponse:
    form, language_form = ResidentForm(request.POST), ExportLanguageForm(request.POST)
    if not (form.is_valid() & language_form.is_valid()):
        return _resident_page(request, form, language_form)
    if kind == "pdf" and export.pdf_unavailable_reason() is not None:
        return _resident_page(request, ResidentForm(request.POST), language_form, status=503, pdf_refused=True)
    subject = Subject.of(**{name: form.cleaned_data[name] for name in IDENTIFIERS})
    language = language_form.cleaned_data["language"]
    services.record_request(actor=request.user, action=Action.EXPORT, kind=kind, subject=subject,
                            organisation_ids=selectors.exporting_organisation_ids(request.user), request=request)
    return _download(request, subject, kind, language, "indsigt-beboer")


@require_perm(Perm.EXPORT_SUBJECT_DATA)
@require_POST
def resident_json(request: AuthedRequest) -> HttpResponse:
    return _export_resident(request, "json")


@require_perm(Perm.EXPORT_SUBJECT_DATA)
@require_POST
def resident_pdf(request: AuthedRequest) -> HttpResponse:
    return _export_resident(request, "pdf")
