"""`manage.py export_hsds PATH [--municipality CODE] [--service ID]`: export in HSDS 3.0.

PATH ending in .json: a service list page (or, with --service, that one service); any other
PATH: a folder with the tabular CSV files and their datapackage.json.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lokalsundhed.directory import interchange
from lokalsundhed.directory.models import Service


class Command(BaseCommand):
    help = "Export the help guide's services in Open Referral HSDS 3.0 (JSON or CSV datapackage folder)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--municipality", metavar="CODE", help="only this municipality's services")
        parser.add_argument("--service", metavar="ID", help="one service, as a single HSDS service object")

    def handle(self, *args: Any, path: Path, municipality: str | None, service: str | None, **options: Any) -> None:
        services = Service.objects.all()
        if municipality:
            services = services.filter(municipality__code=municipality)
        if path.suffix == ".json":
            if service:
                one = services.filter(pk=service).first()
                if one is None:
                    raise CommandError(f"no service {service}")
                data = interchange.export_service(one)
            else:
                data = interchange.export_json(services)
            path.write_text(interchange.dumps(data), encoding="utf-8")
            count = 1 if service else data["total_items"]
        else:
            interchange.write_csv_folder(path, services)
            count = services.count()
        self.stdout.write(f"exported {count} service(s) to {path}")
