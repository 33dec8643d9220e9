"""Base forms: every text field of every form refuses CPR numbers."""

from __future__ import annotations

from typing import Any

from django import forms

from lokalsundhed.core.validators import refuse_cpr_number


def guard_text_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.CharField) and refuse_cpr_number not in field.validators:
            field.validators.append(refuse_cpr_number)


class GuardedForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self)


class GuardedModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self)
