"""allauth's two-factor forms, wired in settings.MFA_FORMS:
- a locked account is refused at the code too, not only at the password;
- the code field opens a phone's number keyboard (`inputmode="numeric"`) and takes the code
  from the authenticator (`autocomplete="one-time-code"`)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms

from lokalsundhed.accounts.services import LOCKED_OUT, lockout_if_needed
from lokalsundhed.core.forms import GuardedForm

CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code", "enterkeyhint": "done"}


class NumericCodeMixin:
    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(CODE_ATTRS)


class _RefuseWhenLockedOut:
    user: object

    def clean_code(self) -> str:
        # Five wrong codes (or passwords) lock the account: after that, not even the right code opens it.
        if lockout_if_needed(self.user):  # type: ignore[arg-type]
            raise forms.ValidationError(LOCKED_OUT, code="locked_out")
        return super().clean_code()  # type: ignore[misc]


class SecondFactorForm(NumericCodeMixin, _RefuseWhenLockedOut, GuardedForm, AuthenticateForm):
    """The code asked for at login (settings.MFA_FORMS["authenticate"])."""


class SecondFactorAgainForm(NumericCodeMixin, _RefuseWhenLockedOut, GuardedForm, ReauthenticateForm):
    """The code asked for when confirming one's identity again (settings.MFA_FORMS["reauthenticate"])."""


class NumericActivateTOTPForm(NumericCodeMixin, GuardedForm, ActivateTOTPForm):
    """The first code when setting up the authenticator app (settings.MFA_FORMS["activate_totp"])."""
