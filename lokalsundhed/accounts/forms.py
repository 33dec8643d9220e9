"""The second-factor forms: a locked account is refused at the code too, not only at the password."""

from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django import forms

from lokalsundhed.accounts.services import LOCKED_OUT, lockout_if_needed
from lokalsundhed.core.forms import GuardedForm


class _RefuseWhenLockedOut:
    user: object

    def clean_code(self) -> str:
        # Five wrong codes (or passwords) lock the account: after that, not even the right code opens it.
        if lockout_if_needed(self.user):  # type: ignore[arg-type]
            raise forms.ValidationError(LOCKED_OUT, code="locked_out")
        return super().clean_code()  # type: ignore[misc]


class SecondFactorForm(_RefuseWhenLockedOut, GuardedForm, AuthenticateForm):
    """The code asked for at login (settings.MFA_FORMS["authenticate"])."""


class SecondFactorAgainForm(_RefuseWhenLockedOut, GuardedForm, ReauthenticateForm):
    """The code asked for when confirming one's identity again (settings.MFA_FORMS["reauthenticate"])."""
