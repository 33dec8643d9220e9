"""The kept outcome reports (analysis.kept_report) are counted again after any change to what
they count: an answer, a participant, a measurement plan. Saves and deletes arrive here; bulk
writes (the national generator) reach the report when its figures expire."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from lokalsundhed.outcomes import analysis
from lokalsundhed.outcomes.models import MeasurementPlan, Participant, Response


def _changed(sender: Any, **kwargs: Any) -> None:
    analysis.new_generation()


for _model in (MeasurementPlan, Participant, Response):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"outcome_reports_{_model.__name__}_saved")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"outcome_reports_{_model.__name__}_deleted")
