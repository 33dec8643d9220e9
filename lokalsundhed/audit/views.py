"""The access log for auditors, scoped to their organisations."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop

from lokalsundhed.audit import exports, selectors
from lokalsundhed.audit.forms import EntryFilterForm
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.spreadsheets import csv_lines

PAGE_SIZE = 50


def _log_own(request: AuthedRequest, action: Action, purpose: str) -> None:
    """The auditor's own search or download is in the log too, written before it runs, so that
    the page lists it and its count agrees with its rows."""
    record(
        actor=request.user,
        action=action,
        object_type="audit.entry",
        organisation_id=min(request.user.organisation_ids_with(Perm.VIEW_AUDIT_LOG)),
        purpose=purpose,
        request=request,
    )


@require_perm(Perm.VIEW_AUDIT_LOG)
def entry_list(request: AuthedRequest) -> HttpResponse:
    """The auditor's search of the access log."""
    form = EntryFilterForm(request.GET or None, types=selectors.logged_types())
    _log_own(request, Action.SEARCH, gettext_noop("audit of access"))
    entries = scoped(request.user, Entry).select_related("organisation").order_by("-id")
    if form.is_valid():
        entries = form.apply(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"page": page, "form": form})


@require_perm(Perm.VIEW_AUDIT_LOG)
def entry_csv(request: AuthedRequest) -> HttpResponse | StreamingHttpResponse:
    """Every entry the filter finds, as a CSV file for a spreadsheet, streamed. A filter that does
    not hold is shown on the page with its message instead of downloading the whole log."""
    form = EntryFilterForm(request.GET or None, types=selectors.logged_types())
    if request.GET and not form.is_valid():
        page = Paginator(scoped(request.user, Entry).none(), PAGE_SIZE).get_page(1)
        return render(request, "audit/entry_list.html", {"page": page, "form": form}, status=400)
    _log_own(request, Action.EXPORT, gettext_noop("access log exported"))
    entries = scoped(request.user, Entry)
    if request.GET:
        entries = form.apply(entries)
    response = StreamingHttpResponse(csv_lines(exports.rows(entries, get_language())),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adgangslog-{timezone.localdate():%Y-%m-%d}.csv"'
    return response
