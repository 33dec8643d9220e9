"""The access log for auditors, scoped to their organisations."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_noop

from lokalsundhed.audit import selectors
from lokalsundhed.audit.forms import EntryFilterForm
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, require_perm, scoped
from lokalsundhed.core.permissions import Perm

PAGE_SIZE = 50


@require_perm(Perm.VIEW_AUDIT_LOG)
def entry_list(request: AuthedRequest) -> HttpResponse:
    """The auditor's search of the access log; the search is itself logged, before it runs,
    so that the page lists it and its count agrees with its rows."""
    form = EntryFilterForm(request.GET or None, types=selectors.logged_types())
    record(
        actor=request.user,
        action=Action.SEARCH,
        object_type="audit.entry",
        organisation_id=min(request.user.organisation_ids_with(Perm.VIEW_AUDIT_LOG)),
        purpose=gettext_noop("audit of access"),
        request=request,
    )
    entries = scoped(request.user, Entry).select_related("organisation").order_by("-id")
    if form.is_valid():
        entries = form.apply(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"page": page, "form": form})
