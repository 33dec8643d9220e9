"""The authorization matrix's rows for competence development and the records they need."""

from __future__ import annotations

from typing import Any

from lokalsundhed.offers.tests.matrix import AGGREGATE_READERS, EVERYONE
from lokalsundhed.training import services
from lokalsundhed.training.certificate import pdf_unavailable_reason
from lokalsundhed.training.tests.factories import module, session

MANAGERS = {"housing_admin", "municipal_admin", "other_municipality_admin"}
# Staff who see a session hosted by housing organisation A in Fredericia: everyone working there.
FREDERICIA = EVERYONE - {"other_municipality_intake", "other_municipality_admin"}

ROWS: dict[str, dict[str, Any]] = {
    "training:catalogue": {"ok": EVERYONE},
    "training:my_training": {"ok": EVERYONE},
    "training:module_detail": {"ok": EVERYONE, "kwargs": lambda w: {"pk": module().pk}},
    "training:session_new": {"ok": MANAGERS},
    # A's session: its own managers see the participants; another municipality's cannot find it.
    "training:session_detail": {"ok": {"housing_admin", "municipal_admin"}, "not_found": {"other_municipality_admin"},
                                "kwargs": lambda w: {"pk": w.training_session.pk}},
    # Enrolling oneself on a session in Fredericia: a refusal (already enrolled, or another
    # organisation's) still answers with a redirect; Vejle's staff cannot find the session.
    "training:session_enrol": {"ok": FREDERICIA, "not_found": {"other_municipality_intake",
                                                              "other_municipality_admin"},
                               "kwargs": lambda w: {"pk": w.training_session.pk}, "method": "post",
                               "ok_status": 302},
    # The caretaker's enrolment: theirs and their manager's; nobody else's.
    "training:enrolment_cancel": {"ok": {"caretaker", "housing_admin"},
                                  "not_found": EVERYONE - {"caretaker", "housing_admin"},
                                  "kwargs": lambda w: {"pk": w.training_enrolment.pk}, "method": "post",
                                  "ok_status": 302},
    "training:enrolment_attendance": {"ok": {"housing_admin"}, "not_found": MANAGERS - {"housing_admin"},
                                      "kwargs": lambda w: {"pk": w.training_enrolment.pk}, "method": "post",
                                      "ok_status": 302},
    # A completed module's certificate: the social worker's own and their manager's copy.
    "training:certificate": {"ok": {"social_worker", "housing_admin"}, "ok_status": 200 if pdf_unavailable_reason() is None else 503,
                             "not_found": EVERYONE - {"social_worker", "housing_admin"},
                             "kwargs": lambda w: {"pk": w.training_completed.pk}},
    "training:coverage": {"ok": AGGREGATE_READERS},
}


def add_to_world(world: Any) -> None:
    """A session of A with the caretaker enrolled, and a past one the social worker completed."""
    admin = world.users["housing_admin"]
    world.training_session = session(world.housing_a, created_by=admin)
    world.training_enrolment = services.enrol(world.training_session, participant=world.users["caretaker"],
                                              organisation=world.housing_a, actor=world.users["caretaker"])
    past = session(world.housing_a, days=-30, created_by=admin)
    from lokalsundhed.training.models import Enrolment

    world.training_completed = Enrolment.objects.create(
        session=past, user=world.users["social_worker"], organisation=world.housing_a,
        enrolled_by=world.users["social_worker"])
    services.record_attendance(world.training_completed, attended=True, actor=admin)
