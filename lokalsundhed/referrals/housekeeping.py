"""The worker's recurring duties for referrals: escalate what is overdue, and anonymise
personal data when its retention period ends. Plain functions, run by tasks.py and by
`manage.py referrals_housekeeping`; `now` can be moved in tests."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.referrals import tasks_api
from lokalsundhed.referrals.models import (
    Observation,
    Referral,
    RetentionPolicy,
    Statistic,
    Transition,
)

logger = logging.getLogger(__name__)

DEFAULT_CLOSED_REFERRAL_MONTHS = 12
DEFAULT_UNSENT_OBSERVATION_MONTHS = 3


def months_before(moment: datetime, months: int) -> datetime:
    """The same moment `months` calendar months earlier (clamped to the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def escalate_overdue(*, now: datetime | None = None) -> int:
    """Mark referrals not taken over by their deadline (claimed or not) as escalated and tell the
    unit's lead. Once each."""
    now = now or timezone.now()
    overdue = Referral.objects.filter(
        state__in=Referral.OPEN_STATES, deadline_at__lt=now, escalated_at__isnull=True
    ).values_list("pk", "municipality_id")
    escalated = 0
    for pk, municipality_id in overdue:
        # A conditional UPDATE claims the escalation: two workers never escalate the same referral.
        # The mark, its access-log entry and the lead's notice commit together or not at all.
        with transaction.atomic():
            if not Referral.objects.filter(pk=pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            record(actor=None, action=Action.CHANGE, object_type="referrals.referral", object_id=pk,
                   organisation_id=municipality_id, purpose=gettext_noop("escalated: past deadline"))
            tasks_api.notify_escalated(pk)
        escalated += 1
    if escalated:
        logger.info("escalated %d overdue referrals", escalated)
    return escalated


def _policy_groups(field: str, default: int) -> list[tuple[int, Q]]:
    """(months, condition on the organisation id) for each distinct policy value, plus the default."""
    policies = dict(RetentionPolicy.objects.values_list("organisation_id", field))
    groups: dict[int, list[int]] = {}
    for org_id, months in policies.items():
        groups.setdefault(months, []).append(org_id)
    return [(months, Q(pk__in=ids)) for months, ids in groups.items()] + [(default, ~Q(pk__in=list(policies)))]


def closed_record_months(organisation_id: int) -> int:
    """How many months the organisation keeps personal data after a record closed (its policy, or the default)."""
    months = RetentionPolicy.objects.filter(organisation_id=organisation_id).values_list(
        "closed_referral_months", flat=True).first()
    return months or DEFAULT_CLOSED_REFERRAL_MONTHS


def closed_record_cutoffs(now: datetime) -> list[tuple[datetime, Q]]:
    """For personal data an organisation keeps as long as a closed referral (an interest in work, a
    volunteer who stopped): per retention policy, the moment before which a record closed is past
    its retention, with the organisations it applies to (a condition on `Organisation`); the
    default for organisations without a policy last."""
    return [(months_before(now, months), orgs)
            for months, orgs in _policy_groups("closed_referral_months", DEFAULT_CLOSED_REFERRAL_MONTHS)]


@transaction.atomic
def anonymise(observation_ids: list[int], *, now: datetime) -> int:
    """Remove the personal data of these observations and their referrals; keep the statistics."""
    if not observation_ids:
        return 0
    count = Observation.objects.filter(pk__in=observation_ids, anonymised_at__isnull=True).update(
        dwelling=None, resident_first_name="", description="", legal_basis_reason="", anonymised_at=now
    )
    Referral.objects.filter(observation_id__in=observation_ids).update(status_text="", return_reason="")
    Transition.objects.filter(referral__observation_id__in=observation_ids).update(note="")
    Statistic.objects.filter(observation_id__in=observation_ids).update(observation=None)
    return count


def apply_retention(*, now: datetime | None = None) -> int:
    """Anonymise closed or returned referrals and never-sent observations past their retention."""
    now = now or timezone.now()
    due: set[int] = set()
    for months, orgs in _policy_groups("closed_referral_months", DEFAULT_CLOSED_REFERRAL_MONTHS):
        municipalities = Organisation.objects.filter(orgs).values("pk")
        due.update(
            Referral.objects.filter(
                municipality_id__in=municipalities,
                state__in=(Referral.State.CLOSED, Referral.State.RETURNED),
                closed_at__lt=months_before(now, months),
                observation__anonymised_at__isnull=True,
            ).values_list("observation_id", flat=True)
        )
    for months, orgs in _policy_groups("unsent_observation_months", DEFAULT_UNSENT_OBSERVATION_MONTHS):
        housing = Organisation.objects.filter(orgs).values("pk")
        due.update(
            Observation.objects.filter(
                estate__housing_organisation_id__in=housing,
                referral__isnull=True,
                created_at__lt=months_before(now, months),
                anonymised_at__isnull=True,
            ).values_list("pk", flat=True)
        )
    count = anonymise(sorted(due), now=now)
    if count:
        record(actor=None, action=Action.DELETE, object_type="referrals.observation", object_id="",
               purpose=gettext_noop("retention: anonymised %s observations") % count)
        logger.info("retention anonymised %d observations", count)
    return count
