"""Base forms: every text field of every form refuses CPR numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from lokalsundhed.core.validators import STAFF_REFUSAL, CprGuard, refuse_cpr_number

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def guard_text_fields(form: forms.BaseForm, message: StrOrPromise = STAFF_REFUSAL) -> None:
    """Attach the CPR guard to every text field (once), refusing with `message`."""
    for field in form.fields.values():
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


class GuardedModelForm(forms.ModelForm):
    cpr_refusal: StrOrPromise = STAFF_REFUSAL

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self, self.cpr_refusal)
