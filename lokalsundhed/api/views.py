"""The administrator's page of API clients and webhooks: create (token shown once), revoke; and the
page where a colleague approves or refuses a client that reaches further than its administrator."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokalsundhed.api import selectors, services
from lokalsundhed.api.forms import ClientForm, WebhookForm
from lokalsundhed.api.grants import approving_roles
from lokalsundhed.api.models import ApiClient, Webhook
from lokalsundhed.core.access import AuthedRequest, get_for_user, login_only, require_perm
from lokalsundhed.core.permissions import Perm, Role


def _approver_roles(client: ApiClient) -> list[str]:
    """Who may approve a waiting client, named on the page so that the administrator can ask them."""
    return [str(Role(role).label) for role in approving_roles(client.scopes, client.organisation.kind)]


def _page(request: AuthedRequest, *, client_form: ClientForm | None = None, webhook_form: WebhookForm | None = None,
          status: int = 200, **extra: object) -> HttpResponse:
    clients = list(selectors.clients_for(request.user))
    for client in clients:
        client.approver_roles = _approver_roles(client)  # type: ignore[attr-defined]
    context = {
        "clients": clients,
        "webhooks": selectors.webhooks_for(request.user),
        "deliveries": selectors.recent_deliveries(request.user),
        "client_form": client_form or ClientForm(),
        "webhook_form": webhook_form or WebhookForm(),
        "now": timezone.now(),
        **extra,
    }
    return render(request, "api/client_list.html", context, status=status)


@require_perm(Perm.MANAGE_ORGANISATION)
def client_list(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    form = ClientForm(request.POST)
    if not form.is_valid():
        return _page(request, client_form=form, status=400)
    expires_on = form.cleaned_data["expires_on"]
    expires_at = timezone.make_aware(datetime.combine(expires_on, time(23, 59))) if expires_on else None
    try:
        created = services.create_client(
            organisation=selectors.managed_organisation(request.user), name=form.cleaned_data["name"],
            purpose=form.cleaned_data["purpose"], scopes=form.cleaned_data["scopes"], expires_at=expires_at,
            actor=request.user, request=request,
        )
    except services.ClientRefused as refusal:
        form.add_error(None, str(refusal))
        return _page(request, client_form=form, status=400)
    # The token is shown in this answer only; it is not stored and cannot be shown again.
    created.client.approver_roles = _approver_roles(created.client)  # type: ignore[attr-defined]
    return _page(request, new_client=created.client, new_token=created.token)


@require_perm(Perm.MANAGE_ORGANISATION)
@require_POST
def client_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    client = get_for_user(request.user, ApiClient, selectors.clients_for(request.user), pk=pk)
    services.revoke_client(client, actor=request.user, request=request)
    messages.success(request, _("The client's token no longer works."))
    return redirect("api:client_list")


@require_perm(Perm.MANAGE_ORGANISATION)
@require_POST
def webhook_new(request: AuthedRequest) -> HttpResponse:
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _page(request, webhook_form=form, status=400)
    try:
        created = services.register_webhook(organisation=selectors.managed_organisation(request.user), url=form.cleaned_data["url"],
                                            events=form.cleaned_data["events"], actor=request.user, request=request)
    except services.ClientRefused as refusal:
        form.add_error(None, str(refusal))
        return _page(request, webhook_form=form, status=400)
    return _page(request, new_webhook=created.webhook, new_secret=created.secret)


@require_perm(Perm.MANAGE_ORGANISATION)
@require_POST
def webhook_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    webhook = get_for_user(request.user, Webhook, pk=pk)
    services.remove_webhook(webhook, actor=request.user, request=request)
    messages.success(request, _("The webhook is removed."))
    return redirect("api:client_list")


def _approvals_page(request: AuthedRequest, status: int = 200) -> HttpResponse:
    return render(request, "api/client_approvals.html", {"clients": selectors.awaiting_approval(request.user)},
                  status=status)


@login_only
def client_approvals(request: AuthedRequest) -> HttpResponse:
    """The clients waiting for this member's approval (none for most members)."""
    return _approvals_page(request)


@login_only
@require_POST
def client_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    """Approve or refuse one waiting client; 404 for a client that is not this member's to decide."""
    client = get_for_user(request.user, ApiClient, ApiClient.objects.select_related("organisation"), pk=pk)
    if not selectors.may_approve(request.user, client):
        raise Http404
    action = request.POST.get("action")
    if action == "approve":
        services.approve_client(client, actor=request.user, request=request)
        messages.success(request, _("%(name)s is approved: its token works now.") % {"name": client.name})
    elif action == "refuse":
        services.refuse_client(client, actor=request.user, request=request)
        messages.success(request, _("%(name)s is refused: its token will never work.") % {"name": client.name})
    else:
        messages.error(request, _("Choose approve or refuse."))
        return _approvals_page(request, status=400)
    return redirect("api:client_approvals")
