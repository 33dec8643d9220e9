"""The resident's identifiers for an access request. They travel in a POST body, never in a URL."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.forms import GuardedForm, LanguageSelect
from lokalsundhed.core.language_names import resident_language_choices
from lokalsundhed.core.phones import PhoneField


class SubjectExportForm(GuardedForm):
    """Narrowing an export about a dwelling: all three are optional."""

    first_name = forms.CharField(
        label=_("Resident's first name (optional)"),
        max_length=60,
        required=False,
        help_text=_("Only what is held about this resident. Leave empty for everything about the dwelling."),
    )
    # The project's one phone parser (core/phones.py), so the search finds what sign-up and errands stored.
    phone = PhoneField(
        label=_("Resident's mobile number (optional)"),
        required=False,
        help_text=_("Finds sign-ups, errands, interests in work, volunteers and observations with this number, with or "
                    "without +45 and spaces."),
    )
    email = forms.EmailField(
        label=_("Resident's e-mail address (optional)"),
        max_length=254,
        required=False,
        help_text=_("Finds sign-ups for local offers and volunteers with this e-mail address."),
    )


class ResidentForm(SubjectExportForm):
    """A resident without a dwelling: found by mobile number or e-mail address (one is required)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].help_text = _("Only what is held about this resident.")
        self.fields["phone"].label = _("Resident's mobile number")
        self.fields["email"].label = _("Resident's e-mail address")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not self.errors and not (cleaned.get("phone") or cleaned.get("email")):
            raise forms.ValidationError(_("Give the resident's mobile number or e-mail address."))
        return cleaned


class ExportLanguageForm(forms.Form):
    """The language the export is written in: any language residents read (GDPR Art. 12, an
    intelligible form), the staff member's own by default. What people wrote stays as written."""

    language = forms.ChoiceField(
        label=_("Language of the export"),
        help_text=_("Headings, explanations, states, dates and numbers are written in this language. What the "
                    "resident and staff wrote stays as written."),
        widget=LanguageSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["language"])
        field.choices = resident_language_choices()
        field.initial = translation.get_language()

    def clean_language(self) -> str:
        # A form sent without the choice (an older page) is exported in the staff member's language.
        return self.cleaned_data.get("language") or translation.get_language() or settings.LANGUAGE_CODE
