"""The authorization matrix's rows for outcome measurement (core/tests/test_authorization.py
builds `Row`s from these) and the records they need in its world."""

from __future__ import annotations

from typing import Any

from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.outcomes import services
from lokalsundhed.outcomes.tests.factories import ParticipantFactory

EVERYONE = {
    "caretaker", "social_worker", "housing_admin", "housing_analyst", "intake", "unit_worker", "professional",
    "municipal_admin", "municipal_analyst", "auditor", "other_housing_caretaker", "other_municipality_intake",
    "other_municipality_admin",
}
# Who runs offers (and so enters answers): nobody else holds the permission, so others get 403.
# The measured course is housing organisation A's own: the municipality's facilitator does not
# run it and is told it does not exist (as for the offers' own rows).
RUNS_IT = {"ok": {"social_worker"}, "not_found": {"professional"}}
# Anonymous figures: analysts and administrators; another municipality's cannot find estate A's offer.
AGGREGATE_READERS = {"housing_admin", "housing_analyst", "municipal_admin", "municipal_analyst",
                     "other_municipality_admin"}


def _pdf_status() -> int:
    from lokalsundhed.core.pdf import pdf_unavailable_reason

    return 200 if pdf_unavailable_reason() is None else 500


ROWS: dict[str, dict[str, Any]] = {
    "outcomes:offer_measurements": {**RUNS_IT, "kwargs": lambda w: {"pk": w.measured_offer.pk}},
    "outcomes:answers_new": {**RUNS_IT, "kwargs": lambda w: {"pk": w.measured_offer.pk}},
    # Posting no file: the form's problems are shown (400) to those who may import.
    "outcomes:answers_import": {**RUNS_IT, "kwargs": lambda w: {"pk": w.measured_offer.pk}, "method": "post",
                                "ok_status": 400},
    "outcomes:report": {"ok": AGGREGATE_READERS},
    "outcomes:report_csv": {"ok": AGGREGATE_READERS},
    "outcomes:report_pdf": {"ok": AGGREGATE_READERS, "ok_status": _pdf_status()},
    **{
        name: {"ok": AGGREGATE_READERS - {"other_municipality_admin"}, "not_found": {"other_municipality_admin"},
               "kwargs": lambda w: {"pk": w.measured_offer.pk}, **extra}
        for name, extra in [
            ("outcomes:offer_report", {}),
            ("outcomes:offer_report_csv", {}),
            ("outcomes:offer_report_pdf", {"ok_status": _pdf_status()}),
        ]
    },
    # Residents: the private link is the only key.
    "outcomes:questionnaire": {"ok": EVERYONE, "public": True, "kwargs": lambda w: {"token": w.outcome_token}},
}


def add_to_world(world: Any) -> None:
    """A measured course in estate A with one participant invited to the baseline round."""
    worker = world.users["social_worker"]
    world.measured_offer = make_offer(worker, estate=world.estate_a, capacity=10, sessions=2, title="Lær at tackle")
    services.save_plan(world.measured_offer, programme="lat_pain", followup_days=91, send_links=True, actor=worker)
    participant = ParticipantFactory(offer=world.measured_offer, code="MATRIX1")
    world.outcome_token = services.open_round(participant, "baseline")[0].token
