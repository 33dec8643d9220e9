"""Django's own validation messages that a resident can meet on our forms, so that our
catalogues translate them into every resident language.

Django ships no Somali catalogue, and a language Django does not know falls back to the default
language (Danish: "Dette felt er påkrævet."); its Urdu catalogue lacks some of them. Listing the
messages here puts them in our catalogues, which take precedence over Django's. The msgids must
stay exactly Django's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES = (
    _("This field is required."),
    _("Enter a valid email address."),
    _("Select a valid choice. %(value)s is not one of the available choices."),
    _("Select a valid choice. That choice is not one of the available choices."),
    _("Enter a valid date."),
    _("Enter a valid time."),
    _("Enter a whole number."),
    _("Null characters are not allowed."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)
