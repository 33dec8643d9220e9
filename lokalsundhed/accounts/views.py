"""People in the administrator's organisations: who holds which role, and lock-outs."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from lokalsundhed.accounts import selectors
from lokalsundhed.accounts.models import User
from lokalsundhed.accounts.services import release_lockout
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm
from lokalsundhed.core.permissions import Perm

PAGE_SIZE = 50


@require_perm(Perm.MANAGE_MEMBERS)
def member_list(request: AuthedRequest) -> HttpResponse:
    managed = request.user.organisation_ids_with(Perm.MANAGE_MEMBERS)
    users = selectors.managed_members(request.user)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    # One entry per request; it is filed under the first organisation the list spans.
    record(actor=request.user, action=Action.SEARCH, object_type="accounts.user",
           organisation_id=min(managed), purpose=gettext_noop("list of members"), request=request)
    return render(
        request, "accounts/member_list.html", {"page": page, "lockout_limit": settings.LOGIN_FAILURE_LIMIT}
    )


@require_perm(Perm.MANAGE_MEMBERS)
@require_POST
def member_release_lockout(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_for_user(request.user, User, pk=pk)
    release_lockout(member, actor=request.user, request=request)
    messages.success(request, _("%(name)s can log in again.") % {"name": member})
    return redirect("accounts:member_list")
