"""CPR numbers are refused in any free text; phone numbers, amounts and dates are not."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError

import lokalsundhed
from lokalsundhed.core.forms import GuardedForm, GuardedModelForm
from lokalsundhed.core.validators import CprGuard, find_cpr_numbers, refuse_cpr_number


@pytest.mark.parametrize(
    "text",
    [
        "0101701234",
        "010170-1234",
        "010170 1234",
        "010170 - 1234",
        "Beboeren (cpr 241299-1234) faldt i opgangen",
        "hun sagde 2412991234.",
        "cpr:010170-1234",
        "010105-4321 er nævnt i brevet",
        # Every separator a keyboard offers between the date and the last four digits.
        "010190_1234",
        "010190:1234",
        "010190,1234",
        "010190+1234",
        "010190 -- 1234",
        "010190 - - 1234",
        "Hans cpr er 010190:1234",
    ],
)
def test_it_refuses_cpr_numbers(text):
    assert find_cpr_numbers(text)
    with pytest.raises(ValidationError) as error:
        refuse_cpr_number(text)
    assert error.value.code == "cpr_number"


@pytest.mark.parametrize(
    "text",
    [
        "Ring på 12345678",
        "tlf. 12 34 56 78",
        "+45 20304050",
        "Huslejen er 1234567890 øre?",  # ten digits but 12-34-56 is not a date
        "skylder 12.500,00 kr",
        "beløb 3.456.789,00",
        "set sidst 24-12-2025",
        "mødet 24.12.2025 kl 10",
        "konto 1234-5678901234",
        "sag 2024-010170-1234",
        "",
        "Ingen tal her",
        "310299-1234",  # 31 February does not exist
        "mødet 24.12.25 kl. 10:30",
        "mødet 24.12.25 10:30",
        "skylder 1.234.567,89 kr",
        "beløb 3.010.170.123,00 kr",
        "+45 20 30 40 50",
        "1+1=2 og 12+34",
        "Ring 12345678, 2345 er dørkoden",
        "blok 12, 34 og 56",
    ],
)
def test_it_does_not_raise_false_alarms(text):
    assert find_cpr_numbers(text) == []
    refuse_cpr_number(text)


class _ExampleForm(GuardedForm):
    note = forms.CharField(widget=forms.Textarea)
    first_name = forms.CharField()


def test_a_guarded_form_keeps_the_rest_of_the_input_and_says_why():
    form = _ExampleForm(data={"note": "Faldet, cpr 010170-1234, svimmel", "first_name": "Inge"})
    assert not form.is_valid()
    assert "CPR" in str(form.errors["note"])
    assert form["note"].value() == "Faldet, cpr 010170-1234, svimmel"
    assert form["first_name"].value() == "Inge"


def _all_project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(lokalsundhed.__path__, "lokalsundhed."):
        if ".tests" in module.name or ".migrations" in module.name or module.name.endswith(".bench"):
            continue
        if module.name.rsplit(".", 1)[-1] not in {"__main__", "wsgi"}:
            importlib.import_module(module.name)  # forms may live in any module: settings_forms, admin

    def subclasses(cls: type) -> list[type]:
        return [cls, *[s for sub in cls.__subclasses__() for s in subclasses(sub)]]

    found = subclasses(forms.BaseForm)
    return [f for f in found if f.__module__.startswith("lokalsundhed.") and ".tests" not in f.__module__]


def test_every_form_of_ours_with_text_fields_is_guarded():
    """A form with a text field must derive from GuardedForm or GuardedModelForm."""
    unguarded = []
    for form_class in _all_project_forms():
        if issubclass(form_class, GuardedForm | GuardedModelForm):
            continue
        fields = getattr(form_class, "base_fields", {})
        if any(isinstance(f, forms.CharField) for f in fields.values()) and not inspect.isabstract(form_class):
            unguarded.append(f"{form_class.__module__}.{form_class.__qualname__}")
    assert not unguarded, f"Forms with free text that do not refuse CPR numbers: {unguarded}"


def test_a_residents_form_refuses_a_cpr_number_in_the_residents_own_words_and_language():
    from django.utils import translation

    from lokalsundhed.offers.forms import SignUpForm

    with translation.override("ar"):
        form = SignUpForm(data={"first_name": "Amal 0101701234", "email": "amal@example.dk"}, language="ar")
        assert not form.is_valid()
        assert str(form.errors["first_name"][0]).startswith("من فضلك لا تكتب رقم CPR")
    with translation.override("da"):
        form = _ExampleForm(data={"note": "cpr 010170-1234", "first_name": "Inge"})
        assert not form.is_valid()
        assert "beboeren" in str(form.errors["note"][0])  # staff are told how to describe the resident


def _unguarded_text_fields(form: forms.BaseForm) -> list[str]:
    return [
        name for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)
        # An identifier, not free text: a UUID field accepts only a UUID (as guard_text_fields knows).
        and not isinstance(field, forms.UUIDField)
        and not any(isinstance(v, CprGuard) for v in field.validators)
    ]


@pytest.mark.django_db
def test_every_text_field_of_the_admin_site_refuses_cpr_numbers(rf):
    """The admin site edits free text too (partnerships' organisation of work, units, services)."""
    from django.contrib import admin

    from lokalsundhed.accounts.models import User

    request = rf.get("/admin/")
    request.user = User(is_superuser=True, is_staff=True)
    unguarded = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("lokalsundhed."):
            continue
        forms_of_admin = [model_admin.get_form(request)()]
        for inline in model_admin.get_inline_instances(request):
            forms_of_admin.append(inline.get_formset(request).form())
        for form in forms_of_admin:
            unguarded += [f"{model.__name__}.{name}" for name in _unguarded_text_fields(form)]
    assert not unguarded, f"Admin text fields that do not refuse CPR numbers: {unguarded}"


@pytest.mark.django_db
def test_the_admin_refuses_anything_but_a_uuid_in_an_hsds_identifier(rf):
    from django.contrib import admin

    from lokalsundhed.accounts.models import User
    from lokalsundhed.directory.models import Organization

    request = rf.get("/admin/")
    request.user = User(is_superuser=True, is_staff=True)
    form = admin.site._registry[Organization].get_form(request)(
        data={"name": "Foreningen", "parent_organization_id": "cpr 010170-1234"})
    assert not form.is_valid()
    assert form.errors["parent_organization_id"][0] == forms.UUIDField.default_error_messages["invalid"]


@pytest.mark.django_db
def test_the_admin_refuses_a_cpr_number_in_a_partnerships_text(rf):
    from django.contrib import admin

    from lokalsundhed.accounts.models import User
    from lokalsundhed.organisations.models import Partnership

    request = rf.get("/admin/")
    request.user = User(is_superuser=True, is_staff=True)
    form = admin.site._registry[Partnership].get_form(request)(data={"organisation_of_work": "Inge 010170\u20131234"})
    assert not form.is_valid()
    assert "CPR" in str(form.errors["organisation_of_work"])
