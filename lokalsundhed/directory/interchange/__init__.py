"""Import and export of the help directory in Open Referral HSDS 3.0: JSON (a service list
page, a single service, or a list of services) and the tabular CSV form (a datapackage folder).

Both forms are first turned into the same flat tables as HSDS's CSV files (one row per record,
parents named by `…_id` columns). A record that the nested JSON repeats under several parents
(one phone under the service, its contact and its location) becomes one row with every parent.
Then everything is checked — the official schemas, our column types and lengths, references —
and only a file without problems is written, in one transaction: nothing is half-imported.

lokalsundhed keeps what it uses in its own tables. Nested HSDS parts it does not use (funding,
programs, cost options …) are kept as they are on the service, organization or location and
written back on export, so that export → import → export gives the same file.

Our municipality and estates travel as service areas with a `urn:lokalsundhed:` URI.

The rooms: `tables` (the flat tables, the mapping of our models, the report), `reading` (JSON and
CSV into flat tables), `importing` (checking and writing), `exporting` (JSON and CSV out, and the
mapping the API's documents share).
"""

from __future__ import annotations

from lokalsundhed.directory.hsds import Problem
from lokalsundhed.directory.interchange.exporting import (
    dumps,
    export_json,
    export_service,
    export_tables,
    write_csv_folder,
)
from lokalsundhed.directory.interchange.importing import import_data, import_path, import_tables
from lokalsundhed.directory.interchange.reading import read, read_json
from lokalsundhed.directory.interchange.tables import Report, Tables

__all__ = [
    "Problem", "Report", "Tables", "dumps", "export_json", "export_service", "export_tables", "import_data",
    "import_path", "import_tables", "read", "read_json", "write_csv_folder",
]
