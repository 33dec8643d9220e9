"""allauth's two-factor forms with a code field a phone opens its number keyboard for
(`inputmode="numeric"`) and fills from the authenticator (`autocomplete="one-time-code"`).
Wired in settings.MFA_FORMS."""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm

CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code", "enterkeyhint": "done"}


class NumericCodeMixin:
    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(CODE_ATTRS)


class NumericAuthenticateForm(NumericCodeMixin, AuthenticateForm):
    """The code at login."""


class NumericReauthenticateForm(NumericCodeMixin, ReauthenticateForm):
    """The code when asked again before a sensitive change."""


class NumericActivateTOTPForm(NumericCodeMixin, ActivateTOTPForm):
    """The first code when setting up the authenticator app."""
