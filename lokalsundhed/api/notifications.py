"""What the API app sends through the outbox (core/outbox.py), with no personal data:

- to the person who registered a webhook, that it was switched off after failing deliveries (its
  address and the API page), written by `webhooks.py` in the transaction that switches it off;
- to the colleagues who may approve a new API client, that one waits (a link to the approvals
  page), written by `services.create_client`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lokalsundhed.accounts.models import Membership
from lokalsundhed.api.grants import approving_roles
from lokalsundhed.api.models import ApiClient, Webhook
from lokalsundhed.core import outbox


@outbox.handler("api.webhook_disabled")
def webhook_disabled(webhook_id: int) -> bool:
    """E-mail the webhook's owner; False when they have no address or have left."""
    webhook = Webhook.objects.select_related("created_by").filter(pk=webhook_id).first()
    owner = webhook.created_by if webhook else None
    if webhook is None or owner is None or not owner.email or not owner.is_active:
        return False
    send_mail(
        _("A webhook has been switched off"),
        _("Deliveries to %(url)s failed %(count)s times in a row, so it has been switched off. "
          "Register it again on the API page when the receiver works: %(page)s")
        % {"url": webhook.url, "count": webhook.consecutive_failures,
           "page": f"{settings.SITE_URL.rstrip('/')}/indstillinger/api/"},
        None, [owner.email],
    )
    return True


@outbox.handler("api.approval_requested")
def approval_requested(client_id: int) -> bool:
    """E-mail the colleagues who may approve the client (every permission of its scopes in its
    organisation, and not its creator); False when it no longer waits or no one may approve it."""
    client = ApiClient.objects.filter(pk=client_id, approved_at__isnull=True, revoked_at__isnull=True) \
        .select_related("organisation").first()
    if client is None:
        return False
    to = sorted(set(
        Membership.objects.filter(organisation_id=client.organisation_id, role__in=approving_roles(client.scopes, client.organisation.kind),
                                  user__is_active=True)
        .exclude(user=client.created_by).values_list("user__email", flat=True)
    ))
    if not to:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            _("A system awaits your approval"),
            _("Your organisation's administrator has created an API client that may read data which "
              "only people in your role may see. It works only once one of you approves it. "
              "Approve or refuse it here: %(page)s")
            % {"page": settings.SITE_URL.rstrip("/") + reverse("api:client_approvals")},
            None, to,
        )
    return True
