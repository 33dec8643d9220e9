"""Every write of the help guide: functions taking `actor`, in a transaction, in the access log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record
from lokalsundhed.directory import interchange, search
from lokalsundhed.directory.models import GuidanceCard, Service
from lokalsundhed.organisations.models import Municipality, Organisation
from lokalsundhed.signs.models import SignCategory


def _administration_id(municipality_id: int | None) -> int | None:
    if municipality_id is None:
        return None
    return (
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, municipality_id=municipality_id)
        .values_list("pk", flat=True)
        .first()
    )


@transaction.atomic
def verify(service: Service, *, actor: Any, request: HttpRequest | None = None) -> Service:
    """The information was checked today: the service is no longer stale."""
    service.assured_date = timezone.localdate()
    service.stale_notified_on = None
    service.save(update_fields=["assured_date", "stale_notified_on"])
    record(actor=actor, action=Action.CHANGE, obj=service, organisation_id=_administration_id(service.municipality_id),
           purpose=gettext_noop("verified the help guide's service"), request=request)
    return service


@transaction.atomic
def save_card(*, category: SignCategory, municipality_id: int, data: dict[str, Any], actor: Any,
              request: HttpRequest | None = None) -> GuidanceCard:
    """The municipality's own guidance card for the category, created from the default on first save."""
    card, _ = GuidanceCard.objects.select_for_update().get_or_create(
        category=category, municipality_id=municipality_id,
        defaults={"first_steps": data["first_steps"], "what_to_say": data["what_to_say"],
                  "what_not_to_do": data["what_not_to_do"]},
    )
    card.first_steps = data["first_steps"]
    card.what_to_say = data["what_to_say"]
    card.what_not_to_do = data["what_not_to_do"]
    card.updated_at = timezone.now()
    card.updated_by = actor
    card.save()
    card.services.set(data.get("services") or [])
    record(actor=actor, action=Action.CHANGE, obj=card, organisation_id=_administration_id(municipality_id),
           purpose=gettext_noop("edited a guidance card"), request=request)
    return card


@transaction.atomic
def save_translation(service: Service, *, language: str, texts: dict[str, str], actor: Any) -> None:
    """A service's texts in one more language (no migration needed for a new language)."""
    service.translations.update_or_create(language=language, defaults=texts)
    search.reindex([service.pk])
    record(actor=actor, action=Action.CHANGE, obj=service, organisation_id=_administration_id(service.municipality_id),
           purpose=gettext_noop("service translated") + f": {language}")


# The access log's name for an import no person started (a scheduled or scripted run).
SYSTEM_IMPORT_LABEL = "system: import_hsds"


def import_hsds(path: Path, *, actor: Any, actor_label: str = "", municipality: Municipality | None = None,
                source: str = "", progress: Callable[[int, int], None] | None = None,
                request: HttpRequest | None = None) -> interchange.Report:
    """Import an HSDS 3.0 file or CSV folder (nothing when it has problems) and log who did it:
    one row per import that wrote, naming how many records of each table. `actor` is the person,
    or None with `actor_label` naming the system that ran it."""
    report = interchange.import_path(path, municipality=municipality, progress=progress)
    if report.imported:
        counted = ", ".join(f"{number} {table}" for table, number in report.counted)
        record(actor=actor, actor_label=actor_label, action=Action.CHANGE, object_type="directory.service",
               organisation_id=_administration_id(municipality.pk if municipality else None),
               purpose=gettext_noop("HSDS import") + ": " + ", ".join(filter(None, [source, counted])), request=request)
    return report
