"""`manage.py import_hsds PATH [--municipality CODE] [--actor EMAIL]`: import an HSDS 3.0 file
or CSV folder.

PATH is a JSON service list page, a list of services or a single service, or a folder with the
tabular CSV files (datapackage). The file is checked in full first; any problem is reported
with its place and nothing is imported (exit status 1). The access log names the person given
by `--actor`, or "system: import_hsds" when the command runs unattended.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError

from lokalsundhed.accounts.models import User
from lokalsundhed.core.progress import Progress
from lokalsundhed.directory import services
from lokalsundhed.organisations.models import Municipality


class Command(BaseCommand):
    help = "Import services in Open Referral HSDS 3.0 (JSON file or CSV datapackage folder)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--municipality", metavar="CODE",
                            help="four-digit municipality code for services that name none")
        parser.add_argument("--actor", metavar="EMAIL",
                            help="the person responsible for the import (the access log names them)")

    def handle(self, *args: Any, path: Path, municipality: str | None, actor: str | None = None,
               **options: Any) -> None:
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        person = None
        if actor:
            person = User.objects.filter(email__iexact=actor.strip(), is_active=True).first()
            if person is None:
                raise CommandError(f"no active user with the e-mail address {actor!r}")
        chosen = None
        if municipality:
            chosen = Municipality.objects.filter(code=municipality).first()
            if chosen is None:
                raise CommandError(f"no municipality with code {municipality!r}")
        bar: Progress | None = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = Progress("records", total, stream=cast(TextIO, self.stderr._out))
                bar.__enter__()
            bar.advance(done - bar.done)

        report = services.import_hsds(path, actor=person, actor_label="" if person else services.SYSTEM_IMPORT_LABEL,
                                      municipality=chosen, source=path.name, progress=progress)
        if bar is not None:
            bar.__exit__(None, None, None)
        for line in report.lines():
            (self.stdout if report.ok else self.stderr).write(line)
        if not report.ok:
            raise CommandError(f"{path}: {len(report.problems)} problem(s); nothing was imported")
