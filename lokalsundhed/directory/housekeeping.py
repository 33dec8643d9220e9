"""Stale data: a service not verified for 12 months is flagged to its municipality's
administrators by e-mail — once, until someone verifies it again.

The e-mail names services and dates only: no personal data (no contact persons, no e-mail
addresses of whoever verified). Run by the worker (tasks.py) and testable with any `today`.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lokalsundhed.accounts.models import Membership
from lokalsundhed.core.permissions import Role
from lokalsundhed.directory.models import STALE_AFTER, Service
from lokalsundhed.organisations.models import Organisation

logger = logging.getLogger(__name__)
SHOWN = 40  # services listed by name in one e-mail; the rest are counted


def stale_services(today: date) -> Q:
    return Q(assured_date__isnull=True) | Q(assured_date__lt=today - STALE_AFTER)


def notify_stale_services(today: date | None = None) -> int:
    """E-mail each municipality's administrators about its newly stale services. Returns the
    number of services flagged."""
    today = today or timezone.localdate()
    pending = (
        Service.objects.filter(stale_services(today), stale_notified_on__isnull=True)
        .exclude(status=Service.Status.DEFUNCT)
        .select_related("municipality")
        .order_by("municipality_id", "name")
        .only("pk", "name", "assured_date", "municipality__name", "municipality_id")
    )
    by_municipality: dict[int, list[Service]] = {}
    for service in pending:
        by_municipality.setdefault(service.municipality_id, []).append(service)
    flagged = 0
    for municipality_id, services in by_municipality.items():
        recipients = sorted(
            Membership.objects.filter(
                role=Role.ADMIN, user__is_active=True, organisation__is_active=True,
                organisation__kind=Organisation.Kind.MUNICIPALITY, organisation__municipality_id=municipality_id,
            ).values_list("user__email", flat=True).distinct()
        )
        if not recipients:
            logger.warning("stale services in municipality %s but no administrator to tell", municipality_id)
            continue
        _send(services, recipients)
        Service.objects.filter(pk__in=[s.pk for s in services]).update(stale_notified_on=today)
        flagged += len(services)
    return flagged


def _send(services: list[Service], recipients: list[str]) -> None:
    with translation.override("da"):
        link = settings.SITE_URL.rstrip("/") + reverse("directory:search")
        lines = [
            f"- {s.name} ({_('last verified %(date)s') % {'date': s.assured_date.isoformat()} if s.assured_date else _('never verified')})"
            for s in services[:SHOWN]
        ]
        if len(services) > SHOWN:
            lines.append(_("… and %(n)s more.") % {"n": len(services) - SHOWN})
        body = "\n".join([
            _("These services in the help guide of %(municipality)s have not been verified for 12 months. "
              "Check that their phone numbers and opening hours are still right, and mark them as verified:")
            % {"municipality": services[0].municipality.name},
            "",
            *lines,
            "",
            link,
        ])
        send_mail(ngettext("Help guide: %(n)s service needs checking", "Help guide: %(n)s services need checking",
                           len(services)) % {"n": len(services)}, body, None, recipients)
