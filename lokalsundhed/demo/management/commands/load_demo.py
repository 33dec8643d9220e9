"""`manage.py load_demo`: load (or refresh) the demo partnership and print the demo logins.

The demo is the only place in lokalsundhed that prints passwords and two-factor secrets: its
accounts are fictional, share one published password and exist to be tried out. Never run it
against a database with real people in it. The logins are also written, readable by the
owner only, to var/demo-logins.json (settings.VAR_DIR) — a list of objects with `email`,
`password`, `name`, `role`, `organisation` (null for the platform superuser), `two_factor` and
`totp_uri` (an otpauth:// URI, null for roles without two-factor). `make totp EMAIL=...`
prints a demo user's current code.

Idempotent: a second run finds every row by its natural key and changes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from lokalsundhed.demo.api_clients import load_api_clients
from lokalsundhed.demo.directory import load_directory
from lokalsundhed.demo.help_guide_changes import stamp_last_modified
from lokalsundhed.demo.offers import load_offers
from lokalsundhed.demo.outcomes import load_outcomes
from lokalsundhed.demo.partnership import Login, load_demo
from lokalsundhed.demo.profiles import load_profiles
from lokalsundhed.demo.rooms import load_rooms
from lokalsundhed.demo.training import load_training
from lokalsundhed.demo.volunteers import load_volunteers
from lokalsundhed.demo.work import load_work

LOGINS_FILE = "demo-logins.json"


def write_logins(logins: list[Login], var_dir: Path) -> Path:
    """Write the logins as JSON, readable by the owner only (they hold passwords and secrets)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / LOGINS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump([login.as_json() for login in logins], f, ensure_ascii=False, indent=2)
        f.write("\n")
    return path


def table(logins: list[Login]) -> str:
    rows = [("E-mail", "Password", "Role", "Organisation", "Two-factor")]
    rows += [
        (login.email, login.password, login.role, login.organisation or "(platform)", "yes" if login.two_factor else "no")
        for login in logins
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Load or refresh the demo partnership (Fredericia, with Vejle beside it) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        load_offers()
        load_outcomes()
        load_directory()
        stamp_last_modified()
        load_profiles()
        load_training()
        load_volunteers()
        api_tokens = load_api_clients()
        load_rooms()
        load_work()
        path = write_logins(logins, Path(settings.VAR_DIR))
        self.stdout.write("Demo logins (fictional people; demo data only):\n")
        self.stdout.write(table(logins))
        self.stdout.write(
            f"\nWritten to {path}, with the otpauth:// URIs for an authenticator app.\n"
            "Current two-factor code of a demo user: make totp EMAIL=<e-mail>\n"
        )
        for code, token in api_tokens.items():
            self.stdout.write(f"Demo API client of municipality {code}: Authorization: Bearer {token}\n")
