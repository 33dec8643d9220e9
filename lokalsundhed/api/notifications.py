"""The notice to the person who registered a webhook that it was switched off after failing
deliveries: its address and the API page, no personal data. Sent through the outbox
(core/outbox.py), written by `webhooks.py` in the transaction that switches it off."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from lokalsundhed.api.models import Webhook
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
