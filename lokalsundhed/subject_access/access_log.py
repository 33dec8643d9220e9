"""The access log's part of a data subject's access request: every entry about a record the
export holds — who (by organisation) read, changed or exported it, when and why — so that the
resident learns who has seen their data (GDPR Art. 15(1)(c)), the making of this export included.

Each section names how the access log knows its records (`Provider.logged_as`); the dwelling is
known as itself. Only the entries of the organisations the export is made for, as everything
else in it. Staff are named by their organisation, never by name or e-mail address.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import SERVICE_ACCOUNT_DOMAIN, User
from lokalsundhed.audit.labels import by_resident, in_readers_language, record_type_label
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core import subject_access as registry
from lokalsundhed.subject_access.selectors import exporting_organisation_ids
from lokalsundhed.volunteers.models import Volunteer

KEY = "access_log"
TITLE = _("Access log")
FOUND_BY = _("When the records above were read, changed or exported, by which organisation and why, as the access "
             "log holds it (this export included).")
TEMPLATE = "subject_access/section_access_log.html"

# The list of an activity's volunteer shifts was logged with the activity's id under the volunteers'
# record type (now `offers.offer`): such an entry would look like a read of another person's record.
MISFILED = Q(action=Action.SEARCH, object_type="volunteers.volunteer")

BY_LABELS = {"staff": _("staff"), "system": _("the organisation's system (API)"), "resident": _("the resident"),
             "platform": _("the platform")}


def logged_objects(subject: registry.Subject, sections: list[registry.Section]) -> list[registry.Logged]:
    """The names under which the access log knows the subject's records: the dwelling, and each record's."""
    logged_as = {p.key: p.logged_as for p in registry.providers()}
    found = [] if subject.dwelling is None else [registry.Logged("organisations.dwelling", subject.dwelling.pk)]
    for section in sections:
        for record in section.records:
            found += logged_as[section.key](record)
    return found


def _match(objects: list[registry.Logged]) -> Q:
    """One condition per record type (ids in a list), and one per record that counts only from a moment on."""
    ids: dict[str, set[int]] = {}
    since: dict[tuple[str, int], Any] = {}
    for logged in objects:
        if logged.since is None:
            ids.setdefault(logged.object_type, set()).add(logged.object_id)
        else:
            key = (logged.object_type, logged.object_id)
            since[key] = min(since.get(key, logged.since), logged.since)
    match = Q()
    for object_type, pks in ids.items():
        match |= Q(object_type=object_type, object_id__in=[str(pk) for pk in sorted(pks)])
    for (object_type, pk), moment in since.items():
        if pk not in ids.get(object_type, ()):
            match |= Q(object_type=object_type, object_id=str(pk), at__gte=moment)
    return match


def entries(user: User, subject: registry.Subject, sections: list[registry.Section]) -> list[dict[str, Any]]:
    """The access log's entries about the subject's records, oldest first: one query, none when
    nothing is held."""
    objects = logged_objects(subject, sections)
    if not objects:
        return []
    found = (Entry.objects.filter(_match(objects), organisation_id__in=exporting_organisation_ids(user))
             .exclude(MISFILED).select_related("organisation")
             # A volunteer's login acts only on their own record (their shifts sent to their phone).
             .annotate(by_volunteer=Exists(Volunteer.objects.filter(user_id=OuterRef("actor_id"))))
             .order_by("at", "pk"))
    return [_entry(entry) for entry in found]


def _by(entry: Entry) -> str:
    if entry.actor_id is not None:
        if getattr(entry, "by_volunteer", False):
            return "resident"
        return "system" if entry.actor_label.endswith(f"@{SERVICE_ACCOUNT_DOMAIN}") else "staff"
    return "resident" if by_resident(entry.actor_label) else "platform"


def _entry(entry: Entry) -> dict[str, Any]:
    by = _by(entry)
    return {
        "id": entry.pk,
        "at": entry.at,
        "action": entry.action,
        "action_label": str(Action(entry.action).label),
        "record_type": entry.object_type,
        "record_type_label": record_type_label(entry.object_type),
        "record_id": entry.object_id,
        "purpose": entry.purpose,
        "purpose_label": in_readers_language(entry.purpose),
        "organisation": entry.organisation.name if entry.organisation else None,
        "by": by,
        "by_label": str(BY_LABELS[by]),
    }
