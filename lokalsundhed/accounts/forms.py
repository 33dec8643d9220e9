"""allauth's two-factor forms, wired in settings.MFA_FORMS:
- a locked account is refused at the code too, not only at the password;
- the code field opens a phone's number keyboard (`inputmode="numeric"`) and takes the code
  from the authenticator (`autocomplete="one-time-code"`).
And the login by a code sent by e-mail (settings.ACCOUNT_FORMS), how volunteers log in: labelled
in our own words, which the resident languages translate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.forms import ConfirmLoginCodeForm, RequestLoginCodeForm
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.services import LOCKED_OUT, lockout_if_needed
from lokalsundhed.core.forms import GuardedForm
from lokalsundhed.core.validators import RESIDENT_REFUSAL

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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


def _labelled(field: forms.Field, label: StrOrPromise, **attrs: str) -> None:
    """A visible label in our words, and no placeholder repeating it (placeholders are no labels)."""
    field.label = label
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(attrs)


class LoginCodeRequestForm(GuardedForm, RequestLoginCodeForm):
    """The e-mail address a login code is sent to (settings.ACCOUNT_FORMS["request_login_code"])."""

    cpr_refusal = RESIDENT_REFUSAL

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self.fields["email"], _("Your e-mail address"), autocomplete="email")


class LoginCodeForm(GuardedForm, ConfirmLoginCodeForm):
    """The code from the e-mail (settings.ACCOUNT_FORMS["confirm_login_code"]): letters and digits."""

    cpr_refusal = RESIDENT_REFUSAL

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self.fields["code"], _("The code from the e-mail"), autocomplete="one-time-code",
                  autocapitalize="characters", spellcheck="false", enterkeyhint="done")
