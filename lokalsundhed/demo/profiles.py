"""Demo data for area health profiles: Statistics Denmark tables for Fredericia, Vejle and the
country (the shipped fixtures), residents of each demo estate by age band, and the Fredericia
partnership's theme of the year with goals from KL/BL's recommendations.

Idempotent: tables are replaced by the same version, counts and goals found by natural key."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from lokalsundhed.accounts.models import User
from lokalsundhed.organisations.models import Estate, Partnership
from lokalsundhed.profiles import dst, goals, services
from lokalsundhed.profiles.models import (
    EstateResidents,
    Goal,
    PartnershipYear,
    Recommendation,
    StatisticsTable,
)

FIXTURES = ("FOLK1A.json", "FRKM125.csv")

# estate name → residents aged 0–17, 18–64, 65–79, 80+ (older than the municipality, as in
# many social-housing estates)
RESIDENTS: dict[str, tuple[int, int, int, int]] = {
    "Egeskovparken": (212, 498, 171, 64),
    "Vestervoldhusene": (58, 187, 79, 41),
    "Prangerparken": (263, 611, 148, 52),
    "Nørremarkshusene": (21, 64, 23, 9),
}

GOALS: list[tuple[str, str, str, float, float]] = [
    # (recommendation, indicator, title, baseline, target)
    (Recommendation.NETWORKS, "first_time_participants", "Flere beboere, der ikke før har brugt kommunale tilbud", 10, 60),
    (Recommendation.ACROSS, "referrals_within_deadline", "Henvisninger modtages inden fristen", 80, 95),
    (Recommendation.SHARED_GOALS, "consent_share", "Flere bekymringer sendes med beboerens samtykke", 60, 80),
    (Recommendation.LIFESTYLE, "errand_hours", "Synliggør den praktiske hjælp til ældre beboere", 10, 60),
    (Recommendation.KNOWLEDGE, "who5_change", "Kurserne løfter trivslen mærkbart (WHO-5)", 5, 10),
    (Recommendation.ACROSS, "staff_trained_share", "Flere medarbejdere klædt på til tidlig opsporing", 20, 80),
]


def load_profiles() -> None:
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "profiles" / "fixtures"
    stored = set(StatisticsTable.objects.values_list("table_id", flat=True))
    for name in FIXTURES:
        if name.split(".")[0] in stored:
            continue
        services.import_table(dst.read(folder / name), actor=None,
                              label="Befolkningsfremskrivning 2025 for kommuner efter område, køn, alder og tid"
                              if name.startswith("FRKM") else "")
    as_of = date(timezone.localdate().year, 1, 1)
    for estate in Estate.objects.filter(name__in=RESIDENTS):
        young, adults, old, oldest = RESIDENTS[estate.name]
        if not EstateResidents.objects.filter(estate=estate, as_of=as_of).exists():
            EstateResidents.objects.create(estate=estate, as_of=as_of, age_0_17=young, age_18_64=adults,
                                           age_65_79=old, age_80_plus=oldest)
    partnership = Partnership.objects.filter(municipality__municipality__code="0607").order_by("pk").first()
    lead = User.objects.filter(email__startswith="rasmus.thomsen@").first()
    if partnership is None or lead is None:
        return
    today = timezone.localdate()
    year = today.year
    # The goals look back a year whatever the day the demo is loaded: set from 1 January, they would
    # measure nothing of the demo's courses (half a year ago) in the first months of a year.
    starts_on = date(year - 1, today.month, 1)
    if not PartnershipYear.objects.filter(partnership=partnership, year=year).exists():
        services.set_theme(partnership, year=year, theme=partnership.yearly_theme or "Ældre i eget hjem", actor=lead)
    for recommendation, indicator, title, baseline, target in GOALS:
        if not Goal.objects.filter(partnership=partnership, title=title).exists():
            services.create_goal(partnership, services.GoalInput(
                year=year, recommendation=recommendation, indicator=indicator, title=title, baseline=baseline,
                target=target, starts_on=starts_on, target_date=date(year, 12, 31)), actor=lead)
    goals.progress_for(partnership, today=today, actor=None)
