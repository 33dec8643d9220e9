"""The help directory's models: the HSDS 3.0 tables with our additions (`hsds`), the guidance
cards (`guidance`) and the SQLite full-text table (`fulltext`). Imported here so that Django
registers them and the rest of the code imports from `directory.models`."""

from __future__ import annotations

from lokalsundhed.directory.models.fulltext import FtsDocumentField, FtsMatch, SqliteServiceIndex
from lokalsundhed.directory.models.guidance import GuidanceCard
from lokalsundhed.directory.models.hsds import (
    NEEDS_TAXONOMY_ID,
    STALE_AFTER,
    WEEKDAY_CODES,
    Address,
    Attribute,
    Contact,
    Language,
    Location,
    Need,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceTranslation,
    Taxonomy,
    TaxonomyTerm,
)

__all__ = [
    "NEEDS_TAXONOMY_ID", "STALE_AFTER", "WEEKDAY_CODES", "Address", "Attribute", "Contact", "FtsDocumentField",
    "FtsMatch", "GuidanceCard", "Language", "Location", "Need", "Organization", "Phone", "Schedule", "Service",
    "ServiceArea", "ServiceAtLocation", "ServiceTranslation", "SqliteServiceIndex", "Taxonomy", "TaxonomyTerm",
]
