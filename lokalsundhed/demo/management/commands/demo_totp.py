"""`manage.py demo_totp EMAIL`: print a demo user's current two-factor code.

For demo accounts only (e-mail in the demo domain): any other account is refused.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lokalsundhed.accounts.models import User
from lokalsundhed.demo.two_factor import DEMO_DOMAIN, current_code, is_demo_email, totp_secret


class Command(BaseCommand):
    help = "Print the current six-digit two-factor code of a demo user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help=f"e-mail of a demo user (…@{DEMO_DOMAIN})")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        if not is_demo_email(email):
            raise CommandError(f"Only demo users (…@{DEMO_DOMAIN}) have their codes shown.")
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No demo user {email}; run `manage.py load_demo` first.")
        secret = totp_secret(user)
        if secret is None:
            raise CommandError(f"{email} has no authenticator app set up (the role needs no two-factor).")
        self.stdout.write(current_code(secret))
