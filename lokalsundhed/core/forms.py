"""Base forms: every text field of every form refuses CPR numbers, the admin site's too; a period
of two dates ends on or after its start."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core import throttle
from lokalsundhed.core.language_names import is_rtl
from lokalsundhed.core.validators import STAFF_REFUSAL, CprGuard, refuse_cpr_number

if TYPE_CHECKING:
    from django.contrib.admin import AdminSite
    from django_stubs_ext import StrOrPromise

# A form's `template_name` for the DKFDS error summary at its top, which takes the focus after a
# failed send: on a phone the first error is otherwise below the fold (residents' forms).
SUMMARISED_FORM = "django/forms/summarised.html"


def date_picker() -> forms.DateInput:
    """The browser's date picker. It reads and writes ISO dates only: a value drawn in the Danish
    format would show empty, and saving the form would erase it."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def datetime_picker() -> forms.DateTimeInput:
    """The browser's date-and-time picker, its value drawn as it reads it ("2026-12-07T14:30")."""
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def guard_text_fields(form: forms.BaseForm, message: StrOrPromise = STAFF_REFUSAL) -> None:
    """Attach the CPR guard to every text field (once), refusing with `message`."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.PasswordInput):
            continue
        # A UUID field is a CharField but no free text: its value reaches validators as a UUID.
        if isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField) and not any(
            v is refuse_cpr_number or isinstance(v, CprGuard) for v in field.validators
        ):
            field.validators.append(CprGuard(message))


class GuardedForm(forms.Form):
    # Forms for residents set core.validators.RESIDENT_REFUSAL: it speaks to the resident.
    cpr_refusal: StrOrPromise = STAFF_REFUSAL

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self, self.cpr_refusal)

    def full_clean(self) -> None:
        super().full_clean()
        throttle.check_form(self)  # a public form sent too often is shown again with the refusal


class GuardedModelForm(forms.ModelForm):
    cpr_refusal: StrOrPromise = STAFF_REFUSAL

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self, self.cpr_refusal)

    def full_clean(self) -> None:
        super().full_clean()
        throttle.check_form(self)


class LanguageSelect(forms.Select):
    """A choice of languages named in their own script ("العربية"), each option marked with its
    language and direction so that a screen reader reads it with the right voice (WCAG 3.1.2)."""

    def create_option(self, name: str, value: Any, label: Any, selected: Any, index: int,
                      subindex: int | None = None, attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"] = {**option["attrs"], "lang": value, "dir": "rtl" if is_rtl(str(value)) else "ltr"}
        return option


REVERSED_PERIOD = _("The end date is before the start date. Choose an end date on or after the start date.")


class PeriodMixin(forms.Form):
    """A period of two optional dates, the fields `period_fields` names (start, end): an end before
    the start is an error at the end field, and the form keeps what was typed to be corrected."""

    period_fields: tuple[str, str] = ("since", "until")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start_name, end_name = self.period_fields
        start, end = data.get(start_name), data.get(end_name)
        if start and end and end < start:
            self.add_error(end_name, forms.ValidationError(REVERSED_PERIOD, code="reversed_period"))
        return data


def guard_admin_site(site: AdminSite) -> None:
    """Give each registered model admin (and its inlines) a form that refuses CPR numbers.

    A model admin that sets no form of its own gets `GuardedModelForm`; one that sets its own
    (the user admin's change and add forms) gets it wrapped. A test walks the admin site.
    """
    for model_admin in site._registry.values():
        # On the instance: never on Django's own classes.
        model_admin.form = _guarded(model_admin.form)
        if hasattr(model_admin, "add_form"):
            model_admin.add_form = _guarded(model_admin.add_form)
        for inline in model_admin.inlines:  # always a class of ours, instantiated per request
            inline.form = _guarded(inline.form)


class _GuardMixin:
    cpr_refusal: StrOrPromise = STAFF_REFUSAL

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(cast("forms.BaseForm", self), self.cpr_refusal)


def _guarded(form_class: type[forms.BaseForm]) -> Any:
    if form_class is forms.ModelForm:
        return GuardedModelForm
    if issubclass(form_class, GuardedForm | GuardedModelForm | _GuardMixin):
        return form_class
    return type(form_class.__name__, (_GuardMixin, form_class), {"__module__": form_class.__module__})
