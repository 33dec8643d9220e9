"""Synthetic national data at a tiny scale: the right proportions, reproducible, one batch only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.core.permissions import Role
from lokalsundhed.demo.national import Targets
from lokalsundhed.demo.national_activity import NATIONAL_DOMAIN
from lokalsundhed.organisations.models import (
    Dwelling,
    Estate,
    Facility,
    Municipality,
    Organisation,
    Partnership,
)
from lokalsundhed.organisations.tests.factories import MunicipalOrganisationFactory

pytestmark = pytest.mark.django_db

SCALE = 0.002


def _generate(scale: float = SCALE, seed: int = 7) -> str:
    out = StringIO()
    call_command("generate_national", "--scale", str(scale), "--seed", str(seed), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_creates_the_expected_proportions():
    out = _generate()
    targets = Targets.at_scale(SCALE)
    housing = Organisation.objects.filter(kind=Organisation.Kind.HOUSING)
    assert Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count() == 1
    assert housing.count() == 1
    assert Estate.objects.count() == 14  # 7,000 × 0.002
    assert Dwelling.objects.count() == 1_200  # 600,000 × 0.002: about 86 homes an estate
    assert Facility.objects.count() >= 1
    assert Partnership.objects.filter(estates__isnull=False).distinct().count() == 1
    staff = User.objects.filter(email__endswith=f"@{NATIONAL_DOMAIN}")
    # Ten in the municipality; in the housing organisation an administrator, caretaker, social worker.
    assert staff.count() == 10 + targets.caretakers + targets.social_workers + targets.analysts + 1
    assert not any(user.has_usable_password() for user in staff)
    assert Membership.objects.filter(user__in=staff).count() == staff.count()
    assert set(Membership.objects.filter(organisation__in=housing).values_list("role", flat=True)) >= {
        Role.ADMIN,
        Role.CARETAKER,
        Role.SOCIAL_WORKER,
    }
    assert "1,200  dwellings" in out


def test_the_figures_scale_with_the_factor():
    national = Targets.at_scale(1)
    assert national.municipalities == 98
    assert national.housing_organisations == 500
    assert national.estates == 7_000
    assert national.dwellings == 600_000
    staff = 10 * 98 + national.housing_organisations + national.caretakers + national.social_workers
    assert 5_500 <= staff + national.analysts <= 6_500
    tenth = Targets.at_scale(0.1)
    assert (tenth.municipalities, tenth.estates, tenth.dwellings) == (10, 700, 60_000)


def test_its_dwellings_have_realistic_unique_addresses():
    _generate(0.004)
    estates = Estate.objects.annotate(n=Count("dwellings"))
    assert all(estate.n >= 4 and estate.postcode.isdigit() and len(estate.postcode) == 4 for estate in estates)
    dwelling = Dwelling.objects.order_by("pk").first()
    assert dwelling.floor in {"st", "1", "2", "3", "4", "5", "6", "7"}
    assert dwelling.door in {"th", "mf", "tv"}
    assert dwelling.address.startswith(dwelling.street)
    assert dwelling.postcode == dwelling.estate.postcode


def test_the_same_seed_gives_the_same_country():
    def snapshot(seed: int) -> list[tuple[str, str, str, str]]:
        with transaction.atomic():
            _generate(seed=seed)
            rows = list(
                Dwelling.objects.order_by("estate__name", "street", "number", "floor", "door").values_list(
                    "estate__name", "street", "number", "door"
                )
            )
            transaction.set_rollback(True)
        return rows

    assert snapshot(3) == snapshot(3)
    assert snapshot(3) != snapshot(4)


def test_a_second_run_is_refused_and_adds_nothing():
    _generate()
    dwellings = Dwelling.objects.count()
    with pytest.raises(CommandError, match="already holds generated national data"):
        _generate()
    assert Dwelling.objects.count() == dwellings


def test_it_reuses_existing_municipal_organisations():
    for municipality in Municipality.objects.all():
        MunicipalOrganisationFactory(municipality=municipality)
    _generate(0.01)
    assert Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).count() == 98
    assert Estate.objects.count() == 70


def test_it_refuses_a_scale_of_zero():
    with pytest.raises(CommandError, match="above zero"):
        _generate(0)


def test_it_generates_a_year_of_work_in_proportion_and_seals_its_access_log():
    from lokalsundhed.audit.models import Entry, Seal
    from lokalsundhed.demo.national_activity import Year
    from lokalsundhed.errands.models import Errand
    from lokalsundhed.offers.models import Attendance, Offer, SignUp
    from lokalsundhed.referrals.models import Observation, Referral, Statistic, Transition

    out = _generate(0.004)
    year = Year.at_scale(0.004)
    assert (year.observations, year.sign_ups, year.errands, year.log_entries) == (200, 800, 400, 4_000)
    assert Observation.objects.count() == Statistic.objects.count() == 200
    referrals = Referral.objects.all()
    # Sent on when consent or a legal basis allows, and in every state of the closed loop.
    assert referrals.count() == sum(o.may_be_sent for o in Observation.objects.all()) > 150
    assert set(referrals.values_list("state", flat=True)) == set(Referral.State)
    # Every referral's history starts at "sent" and ends in its state.
    for referral in referrals.prefetch_related("transitions"):
        steps = [t.to_state for t in referral.transitions.all()]
        assert steps[0] == Referral.State.SENT and steps[-1] == referral.state
    assert Transition.objects.count() >= referrals.count()
    assert SignUp.objects.count() == 800 and Offer.objects.count() == 32
    assert Attendance.objects.exists()
    assert Errand.objects.filter(state=Errand.State.DONE, minutes__gt=0).exists()
    assert Errand.objects.count() == 400
    # The access log: every generated entry sealed into one chain that verifies.
    assert Entry.objects.count() >= 4_000
    assert Seal.objects.count() == Entry.objects.count()
    verify = StringIO()
    call_command("verify_audit_log", stdout=verify)
    assert "TAMPERED" not in verify.getvalue()
    assert "200  observations" in out and "4,000  access-log entries" in out


def test_structure_only_leaves_the_year_out():
    from lokalsundhed.referrals.models import Observation

    out = StringIO()
    call_command("generate_national", "--scale", "0.002", "--structure-only", stdout=out, stderr=StringIO())
    assert Estate.objects.count() == 14
    assert not Observation.objects.exists()


def test_it_measures_a_share_of_the_courses_in_all_three_rounds_with_a_small_effect():
    from datetime import timedelta

    from django.utils import timezone

    from lokalsundhed.offers.models import Offer, SignUp
    from lokalsundhed.outcomes import analysis, scoring
    from lokalsundhed.outcomes.models import Answer, MeasurementPlan, Participant, Response

    out = _generate(0.004)

    courses = Offer.objects.filter(kind=Offer.Kind.COURSE)
    measured = courses.filter(measurement_plan__isnull=False)
    assert 0 < measured.count() < courses.count()
    assert MeasurementPlan.objects.count() == measured.count()
    # Every confirmed sign-up of a measured course is a participant, known by a code of its offer.
    assert Participant.objects.count() == SignUp.objects.filter(
        offer__in=measured, status=SignUp.Status.CONFIRMED).count() > 0
    responses = Response.objects.all()
    assert set(responses.values_list("round", flat=True)) == {"baseline", "end", "followup"}
    assert not responses.filter(completed_at__gt=timezone.now() + timedelta(days=3)).exists()
    # Scores agree with the item answers (four instruments, ten items a response).
    assert Answer.objects.count() == 10 * responses.count()
    for response in responses.prefetch_related("answers__instrument")[:40]:
        items: dict[str, list[int | None]] = {}
        for answer in sorted(response.answers.all(), key=lambda a: (a.instrument.code, a.item)):
            items.setdefault(answer.instrument.code, []).append(answer.value)
        assert scoring.score(items).who5 == response.who5
        assert scoring.score(items).ucla3 == response.ucla3
    # A realistic small effect: WHO-5 a few points up at the end, loneliness a little down.
    report = analysis.report(measured)
    who5 = report.changes["end"]["who5"]
    assert who5.n is not None and 2 < who5.mean_change < 12
    assert report.changes["end"]["ucla3"].mean_change < 0
    assert report.changes["followup"]["who5"].n is not None
    assert "measured courses" in out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_it_leaves_postgresql_with_statistics_of_what_it_made():
    _generate(0.004)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname IN ('referrals_observation', "
                       "'offers_signup', 'errands_errand')")
        estimated = dict(cursor.fetchall())
    # Without an ANALYZE the planner takes freshly filled tables for empty (-1) until autovacuum runs.
    assert estimated == {"referrals_observation": 200, "offers_signup": 800, "errands_errand": 400}


def test_every_phone_number_it_makes_passes_the_products_phone_check():
    """The year's residents, volunteers, associations and companies have numbers a form would take:
    staff who open one and save it must not meet a refusal of what the generator wrote."""
    from lokalsundhed.core.phones import parse_phone
    from lokalsundhed.offers.models import SignUp
    from lokalsundhed.volunteers.models import CivilSocietyOrganisation, Volunteer
    from lokalsundhed.work.models import Company, Interest

    _generate(0.004)
    phones = [*SignUp.objects.exclude(phone="").values_list("phone", flat=True),
              *Volunteer.objects.exclude(phone="").values_list("phone", flat=True),
              *CivilSocietyOrganisation.objects.exclude(contact_phone="").values_list("contact_phone", flat=True),
              *Company.objects.exclude(contact_phone="").values_list("contact_phone", flat=True),
              *Interest.objects.exclude(phone="").values_list("phone", flat=True)]
    assert len(phones) > 500
    refused = []
    for phone in phones:
        try:
            assert parse_phone(phone) == phone
        except Exception:  # noqa: BLE001  (collect them all)
            refused.append(phone)
    assert not refused, refused[:10]
