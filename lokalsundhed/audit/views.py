"""The access log for auditors, scoped to their organisations.

The filter is sent by POST and answered with a redirect to an address of the filter's values, so
that a search can be paged, kept and downloaded. The one value that is personal data, the e-mail
of the person searched for, never lands in an address (nor in a web server's log or the browser's
history): the address carries a random key to it, kept in the auditor's session."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from lokalsundhed.audit import exports, selectors
from lokalsundhed.audit.forms import EntryFilterForm
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.spreadsheets import csv_lines

PAGE_SIZE = 50
# The session's keys to the e-mails searched for: {key: e-mail}, the latest few.
WHO_KEYS = "audit_who"
WHO_KEPT = 20
EXPIRED = _("This search for a person has expired with your last session: enter the e-mail again.")


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


def _key_for(request: AuthedRequest, email: str) -> str:
    kept: dict[str, str] = request.session.get(WHO_KEYS, {})
    key = next((k for k, v in kept.items() if v == email), None) or secrets.token_urlsafe(6)
    kept = {k: v for k, v in kept.items() if k != key}
    kept[key] = email
    request.session[WHO_KEYS] = dict(list(kept.items())[-WHO_KEPT:])
    return key


def _address_of(request: AuthedRequest, form: EntryFilterForm) -> str:
    """The list's address for a valid filter: its values, the e-mail by its key."""
    values = {name: value for name, value in form.cleaned_data.items() if value and name != "actor"}
    if form.cleaned_data["actor"]:
        values["who"] = _key_for(request, form.cleaned_data["actor"].strip().lower())
    query = urlencode({name: value.isoformat() if hasattr(value, "isoformat") else value
                       for name, value in values.items()})
    return reverse("audit:entry_list") + (f"?{query}" if query else "")


def _filter_of_address(request: AuthedRequest) -> EntryFilterForm:
    """The filter the address names (unbound when it names none); a key to an e-mail this session
    no longer holds is an error on the form, not a search of everyone."""
    types = selectors.logged_types()
    data = {name: request.GET[name] for name in request.GET if name not in {"page", "who", "actor"}}
    key = request.GET.get("who", "")
    email = request.session.get(WHO_KEYS, {}).get(key, "") if key else ""
    if email:
        data["actor"] = email
    if not data and not key:
        return EntryFilterForm(None, types=types)
    form = EntryFilterForm(data, types=types)
    if key and not email and form.is_valid():
        form.add_error("actor", EXPIRED)
    return form


@require_perm(Perm.VIEW_AUDIT_LOG)
@require_http_methods(["GET", "POST"])
def entry_list(request: AuthedRequest) -> HttpResponse:
    """The auditor's search of the access log."""
    if request.method == "POST" or "actor" in request.GET:
        # A filter sent, or an old address with an e-mail in it: answered by the filter's address.
        form = EntryFilterForm(request.POST if request.method == "POST" else request.GET,
                               types=selectors.logged_types())
        if form.is_valid():
            return redirect(_address_of(request, form))
        status = 400
    else:
        form = _filter_of_address(request)
        status = 200 if form.is_bound is False or form.is_valid() else 400
    _log_own(request, Action.SEARCH, gettext_noop("audit of access"))
    entries = scoped(request.user, Entry).select_related("organisation").order_by("-id")
    if form.is_bound and form.is_valid():
        entries = form.apply(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/entry_list.html", {"page": page, "form": form}, status=status)


@require_perm(Perm.VIEW_AUDIT_LOG)
@require_GET
def entry_csv(request: AuthedRequest) -> HttpResponse | StreamingHttpResponse:
    """Every entry the filter finds, as a CSV file for a spreadsheet, streamed. A filter that does
    not hold is shown on the page with its message instead of downloading the whole log."""
    form = _filter_of_address(request)
    if form.is_bound and not form.is_valid():
        page = Paginator(scoped(request.user, Entry).none(), PAGE_SIZE).get_page(1)
        return render(request, "audit/entry_list.html", {"page": page, "form": form}, status=400)
    _log_own(request, Action.EXPORT, gettext_noop("access log exported"))
    entries = scoped(request.user, Entry)
    if form.is_bound:
        entries = form.apply(entries)
    response = StreamingHttpResponse(csv_lines(exports.rows(entries, get_language())),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adgangslog-{timezone.localdate():%Y-%m-%d}.csv"'
    return response

