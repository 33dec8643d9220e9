"""The auditor's download of the access log: every entry the filter finds, streamed in chunks."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lokalsundhed.audit.labels import in_readers_language, record_type_label
from lokalsundhed.audit.models import Action, Entry

CHUNK = 2000


def entries_in_chunks(entries: QuerySet[Entry], chunk: int = CHUNK) -> Iterator[Entry]:
    """Newest first, `chunk` at a time by id (no server-side cursor, no OFFSET): memory and each
    query's cost stay flat whatever the number of entries."""
    last: int | None = None
    while True:
        batch = list((entries if last is None else entries.filter(pk__lt=last)).order_by("-id")[:chunk])
        yield from batch
        if len(batch) < chunk:
            return
        last = batch[-1].pk


def rows(entries: QuerySet[Entry], language: str) -> Iterator[list[Any]]:
    """A header, then one row per entry: what is stored (the seal covers it) beside what it means
    in the reader's language. Made while the response streams, so the language is set here."""
    # The same few types, actions and purposes repeat down a long file: each is looked up once.
    type_name = cache(record_type_label)
    purpose = cache(in_readers_language)
    action = cache(lambda code: str(Action(code).label) if code in Action.values else code)
    with translation.override(language):
        yield [_("Entry"), _("When"), _("Who"), _("Action"), _("Action (code)"), _("Record"), _("Record type"),
               _("Record id"), _("Purpose"), _("Purpose as stored"), _("Organisation"), _("From"), _("Page")]
        for e in entries_in_chunks(entries.select_related("organisation")):
            yield [e.pk, timezone.localtime(e.at).isoformat(timespec="seconds"),
                   e.actor_label if e.actor_id else purpose(e.actor_label),
                   action(e.action), e.action, type_name(e.object_type), e.object_type, e.object_id,
                   purpose(e.purpose), e.purpose, e.organisation.name if e.organisation else "",
                   e.ip_address or "", e.path]
