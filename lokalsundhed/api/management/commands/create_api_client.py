"""Create an API client of an organisation and print its token once.

    manage.py create_api_client --organisation "Fredericia Kommune" --name Sagssystem \
        --purpose "Henvisninger til sagssystemet" --scopes referrals:read,referrals:write
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from lokalsundhed.api.grants import SCOPES
from lokalsundhed.api.services import ClientRefused, create_client
from lokalsundhed.core.commands import parse_moment
from lokalsundhed.organisations.models import Organisation


def find_organisation(value: str) -> Organisation:
    """By id, CVR number or exact name; refuses a CVR number or name that fits several."""
    query = Q(cvr=value) | Q(name=value)
    if value.isdigit() and len(value) != 8:
        query |= Q(pk=int(value))
    matches = list(Organisation.objects.filter(query, is_active=True)[:2])
    if not matches:
        raise CommandError(f"No active organisation has the id, CVR number or name {value!r}.")
    if len(matches) > 1:
        raise CommandError(f"{value!r} fits several organisations; use the organisation's id.")
    return matches[0]


class Command(BaseCommand):
    help = "Create an API client of an organisation and print its token (shown once, stored only hashed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's id, CVR number or exact name")
        parser.add_argument("--scopes", required=True, help=f"Comma-separated, of: {', '.join(SCOPES)}")
        parser.add_argument("--name", default="API client", help="The system's name")
        parser.add_argument("--purpose", default="Integration", help="Why it reads the data (in the access log)")
        parser.add_argument("--expires", help="Date the token stops working (default: in API_TOKEN_DAYS days)")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = find_organisation(options["organisation"])
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            created = create_client(
                organisation=organisation, name=options["name"], purpose=options["purpose"], scopes=scopes,
                expires_at=parse_moment(options["expires"]) if options["expires"] else None, actor=None,
            )
        except ClientRefused as refusal:
            raise CommandError(str(refusal)) from None
        client = created.client
        self.stderr.write(f"API client {client.pk} of {organisation} with {', '.join(client.scopes)}, "
                          f"expires {client.expires_at:%Y-%m-%d}. The token is shown only now:")
        self.stdout.write(created.token)
