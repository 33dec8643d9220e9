"""The SQLite side of the Danish full-text search: the FTS5 table and its MATCH lookup
(PostgreSQL searches the service's own `search_vector`)."""

from __future__ import annotations

from typing import Any

from django.db import models

from lokalsundhed.directory.models.hsds import Service


class FtsDocumentField(models.TextField):
    """The FTS5 document column: `document__match=q` becomes `document MATCH q`."""


@FtsDocumentField.register_lookup
class FtsMatch(models.Lookup):
    """`<table> MATCH q`: every column of the FTS5 table is searched (name and document), so
    that its bm25 rank weighs a hit in the name above one in the text."""

    lookup_name = "match"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        table = compiler.quote_name_unless_alias(self.lhs.alias)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{table} MATCH {rhs}", list(rhs_params)


class SqliteServiceIndex(models.Model):
    """The SQLite FTS5 table (created by migration on SQLite only) holding each service's
    search text, stemmed in Danish by Python since FTS5 has no Danish stemmer."""

    service = models.OneToOneField(
        Service, on_delete=models.DO_NOTHING, primary_key=True, db_column="service_id", related_name="fts"
    )
    document = FtsDocumentField()
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "directory_service_fts"

    def __str__(self) -> str:
        return str(self.service_id)
