"""Two-factor for demo users: a TOTP authenticator set up in advance, and its current code.

Only demo accounts (e-mail in DEMO_DOMAIN) are ever handled here.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt

from lokalsundhed.accounts.models import User

DEMO_DOMAIN = "demo.lokalsundhed.dk"


def is_demo_email(email: str) -> bool:
    return email.strip().lower().rpartition("@")[2] == DEMO_DOMAIN


def totp_secret(user: User) -> str | None:
    """The user's TOTP secret, or None when the user has no authenticator app set up."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return decrypt(authenticator.data["secret"]) if authenticator else None


def ensure_two_factor(user: User) -> str:
    """Give the user a TOTP authenticator and recovery codes; an existing secret is kept.

    Returns the otpauth:// URI to put in an authenticator app.
    """
    secret = totp_secret(user)
    if secret is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    RecoveryCodes.activate(user)  # returns the existing codes when there are some
    return get_adapter().build_totp_url(user, secret)


def current_code(secret: str, now: float | None = None) -> str:
    """The TOTP code valid right now, zero-padded ('004217')."""
    counter = int(time.time() if now is None else now) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))
