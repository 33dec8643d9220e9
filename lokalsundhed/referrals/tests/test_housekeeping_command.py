"""`manage.py referrals_housekeeping`: the worker's duties run by hand, with a moved clock."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lokalsundhed.core.tests.support import bridge_world
from lokalsundhed.referrals import services
from lokalsundhed.referrals.models import Consent, Observation, Referral
from lokalsundhed.referrals.tests.factories import observe

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("referrals_housekeeping", *args, stdout=out)
    return out.getvalue()


def test_it_escalates_and_anonymises_as_of_the_given_moment():
    world = bridge_world()
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    unsent = observe(world.users["caretaker"], world.estate_a, "loneliness", consent=Consent.DECLINED)

    assert _run("--now", timezone.localtime(referral.sent_at).isoformat()) == (
        "escalated 0 overdue referrals\nanonymised 0 observations\n"
    )
    in_four_months = timezone.localtime(referral.deadline_at + timedelta(days=120)).isoformat()
    assert _run("--now", in_four_months) == "escalated 1 overdue referrals\nanonymised 1 observations\n"
    assert Referral.objects.get(pk=referral.pk).escalated_at is not None
    assert Observation.objects.get(pk=unsent.pk).anonymised_at is not None


def test_a_date_alone_means_local_midnight_and_skips_work_not_asked_for():
    world = bridge_world()
    referral = observe(world.users["caretaker"], world.estate_a, "falls").referral
    # Taken over: no longer waiting, so nothing to escalate (a claim alone would not stop the clock).
    services.take_over(services.claim(referral, actor=world.users["intake"]), actor=world.users["intake"],
                       status_text="Vi har kontakt.")
    next_year = (timezone.localdate() + timedelta(days=400)).isoformat()
    assert _run("--now", next_year, "--skip-retention") == "escalated 0 overdue referrals\n"
    assert _run("--now", next_year, "--skip-escalation") == "anonymised 0 observations\n"


def test_it_refuses_a_moment_it_cannot_read():
    with pytest.raises(CommandError, match="not a date or time"):
        _run("--now", "next tuesday")
