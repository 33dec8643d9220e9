"""Danish free-text search over services, on PostgreSQL and on SQLite.

Each service has one plain-text `search_document` (names, descriptions, needs, organisation,
places, translations), rebuilt by `reindex()` after every write.

- PostgreSQL: `search_vector`, `to_tsvector('danish', search_document)` stored beside it with a
  GIN index (migration 0004), ranked by `ts_rank`.
- SQLite: an FTS5 table (migration 0002, SQLite only) holds the document stemmed by the
  Danish Snowball stemmer in Python — FTS5 has no Danish stemmer of its own — ranked by bm25.

Both match every query word as a prefix of a stemmed word, so "demens" finds
"demenskoordinator" as Danish compounds want.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Prefetch, QuerySet

from lokalsundhed.core import page_cache
from lokalsundhed.directory.models import Attribute, Service, SqliteServiceIndex

CONFIG = "danish"
BATCH = 1000
_WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to narrow a search (PostgreSQL's Danish configuration drops them too).
STOP_WORDS = frozenset(
    "og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min "
    "havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil "
    "blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under "
    "have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver "
    "hendes været thi jer sådan".split()
)


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer(CONFIG)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def stem_text(text: str) -> str:
    """The text as space-separated Danish stems, for the SQLite index."""
    return " ".join(_stemmer().stemWords(words(text)))


def query_terms(query: str) -> list[str]:
    """The query's words that narrow a search, at most eight (not stemmed: PostgreSQL stems
    them itself, and a stem such as "dem" of "demens" may be a stop word there)."""
    return [w for w in words(query) if w not in STOP_WORDS][:8]


# PostgreSQL: a hit in the name (weight A) ranks above one in the rest of the text (B).
VECTOR = SearchVector("name", weight="A", config=CONFIG) + SearchVector("search_document", weight="B", config=CONFIG)


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


# --- Keeping the index in step ---------------------------------------------------------------


def _document(service: Service, needs: dict[Any, list[str]]) -> str:
    parts = [service.name, service.name, service.alternate_name, service.description,
             service.eligibility_description, service.application_process, service.organization.name]
    parts += needs.get(service.id, [])
    for sal in service.service_at_locations.all():
        location = sal.location
        parts.append(location.name)
        parts += [f"{a.address_1} {a.city}" for a in location.addresses.all()]
    for translation in service.translations.all():
        parts += [translation.name, translation.description]
    return "\n".join(p for p in parts if p)


def _chunks(ids: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(ids)
    while chunk := list(islice(iterator, size)):
        yield chunk


def reindex(service_ids: Iterable[Any]) -> int:
    """Rebuild the search text of these services (and the SQLite FTS rows). Returns the count."""
    done = 0
    for chunk in _chunks(service_ids, BATCH):
        services = list(
            Service.objects.filter(pk__in=chunk)
            .select_related("organization")
            .prefetch_related(
                Prefetch("service_at_locations__location__addresses"), "translations"
            )
        )
        needs: dict[Any, list[str]] = {}
        for link_id, name, name_en in Attribute.objects.filter(
            link_id__in=[s.id for s in services], link_entity="service"
        ).values_list("link_id", "taxonomy_term__name", "taxonomy_term__name_en"):
            needs.setdefault(link_id, []).extend(n for n in (name, name_en) if n)
        for service in services:
            service.search_document = _document(service, needs)
        Service.objects.bulk_update(services, ["search_document"])
        if is_sqlite():
            _write_fts(services)
        else:
            Service.objects.filter(pk__in=chunk).update(search_vector=VECTOR)
        done += len(services)
    if done:
        page_cache.invalidate("directory")  # bulk writes send no signals: the residents' pages go here
    return done


def _write_fts(services: list[Service]) -> None:
    table = SqliteServiceIndex._meta.db_table
    with connection.cursor() as cursor:
        ids = [s.id.hex for s in services]
        cursor.execute(f"DELETE FROM {table} WHERE service_id IN ({', '.join('%s' for _ in ids)})", ids)  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {table} (service_id, name, document) VALUES (%s, %s, %s)",  # noqa: S608
            [(s.id.hex, stem_text(f"{s.name} {s.alternate_name}"), stem_text(s.search_document)) for s in services],
        )


def forget(service_ids: list[Any]) -> None:
    """Drop deleted services from the SQLite index (PostgreSQL's index follows the table)."""
    if is_sqlite() and service_ids:
        table = SqliteServiceIndex._meta.db_table
        with connection.cursor() as cursor:
            placeholders = ", ".join("%s" for _ in service_ids)
            cursor.execute(f"DELETE FROM {table} WHERE service_id IN ({placeholders})",  # noqa: S608
                           [i.hex for i in service_ids])


# --- Searching ---------------------------------------------------------------------------------


def search(services: QuerySet[Service], query: str) -> QuerySet[Service]:
    """`services` narrowed to those matching `query`, annotated with `rank` (higher is better)
    and ordered by it. An empty query leaves the queryset as it is."""
    terms = query_terms(query)
    if not terms:
        return services
    if is_sqlite():
        fts = " ".join(f'"{t}"*' for t in _stemmer().stemWords(terms))
        # FTS5's rank is bm25, where lower is better: negate it.
        return (
            services.filter(fts__document__match=fts)
            .annotate(rank=-F("fts__rank"))
            .order_by("-rank", "name")
        )
    tsquery = SearchQuery(" & ".join(f"{t}:*" for t in terms), config=CONFIG, search_type="raw")
    return (
        services.filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "name")
    )
