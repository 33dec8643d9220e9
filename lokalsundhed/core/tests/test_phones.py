"""Phone numbers are read in one place (`core.phones`) and stored as ASCII E.164, whatever digits
a resident's phone typed; what is not a phone number is refused in the reader's language."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

import lokalsundhed
from lokalsundhed.core.phones import PhoneField, PhoneNumberField, parse_phone
from lokalsundhed.core.subject_access import normalise_phone


@pytest.mark.parametrize(
    "typed",
    [
        "20304050",
        "20 30 40 50",
        "+45 20 30 40 50",
        "++45 20 30 40 50",  # a doubled plus
        "+++4520304050",
        "0045 20 30 40 50",
        "²⁰³⁰⁴⁰⁵⁰",  # superscript digits
        "+⁴⁵ ²⁰ ³⁰ ⁴⁰ ⁵⁰",
        "٢٠ ٣٠ ٤٠ ٥٠",  # Arabic-Indic digits (an Arabic phone keyboard)
        "۲۰۳۰۴۰۵۰",  # Extended Arabic-Indic digits (Urdu, Persian)
        "𝟐𝟎𝟑𝟎𝟒𝟎𝟓𝟎",  # mathematical bold digits
        "𝟤𝟢 𝟥𝟢 𝟦𝟢 𝟧𝟢",  # mathematical sans-serif digits
        "２０３０４０５０",  # full-width digits
        "20\u00a030\u202f40\u200950",  # no-break and thin spaces
        "20-30-40-50",
        "(+45) 2030 4050",
        "＋４５２０３０４０５０",
    ],
)
def test_it_reads_a_danish_number_typed_in_any_digits_as_ascii_e164(typed):
    assert parse_phone(typed) == "+4520304050"


def test_it_keeps_a_foreign_number_s_country():
    assert parse_phone("+48 601 234 567") == parse_phone("0048 601234567") == "+48601234567"


@pytest.mark.parametrize(
    "typed",
    ["2030405", "203040501", "12345678", "+45+20304050", "20+304050", "ring 20304050", "abc", "++", "+", "١٢",
     "010170-1234", "0101701234"],
)
def test_it_refuses_what_is_not_a_phone_number(typed):
    with pytest.raises(ValidationError) as error:
        parse_phone(typed)
    assert error.value.code == "phone"


def test_the_access_request_search_reads_numbers_the_same_way():
    assert normalise_phone("٢٠ ٣٠ ٤٠ ٥٠") == normalise_phone("++45 20304050") == "20304050"
    assert normalise_phone("²⁰³⁰⁴⁰⁵⁰") == "20304050"
    assert normalise_phone("+48 601 234 567") == "+48601234567"


@pytest.mark.django_db
@pytest.mark.parametrize("language, words", [("da", "telefonnummer"), ("ar", "رقم هاتف"), ("uk", "номер телефону")])
def test_a_resident_is_told_in_their_own_language_that_it_is_not_a_phone_number(language, words):
    from lokalsundhed.offers.forms import SignUpForm

    with translation.override(language):
        form = SignUpForm(data={"first_name": "Amal", "phone": "20 30 40 5"}, language=language)
        assert not form.is_valid()
        assert words in str(form.errors["phone"][0])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "ur", "da", "so", "uk", "en", "tr", "pl"])
def test_the_example_number_in_the_refusal_stays_left_to_right_in_every_language(language):
    from lokalsundhed.offers.forms import SignUpForm

    with translation.override(language):
        form = SignUpForm(data={"first_name": "Amal", "phone": "12ab"}, language=language)
        assert not form.is_valid()
        message = str(form.errors["phone"][0])
    # Isolated (LRI … PDI): an Arabic or Urdu line would draw it as "50 40 30 20".
    assert "\u206620 30 40 50\u2069" in message
    assert "%(" not in message


@pytest.mark.django_db
def test_public_sign_up_stores_the_number_as_ascii_e164(client):
    from lokalsundhed.core.tests.world import build_world
    from lokalsundhed.offers.models import SignUp
    from lokalsundhed.offers.tests.factories import make_offer

    world = build_world()
    offer = make_offer(world.users["social_worker"], estate=world.estate_a)
    for n, typed in enumerate(["²⁰³⁰⁴⁰⁵⁰", "٢٠٣٠٤٠٥١", "𝟐𝟎𝟑𝟎𝟒𝟎𝟓𝟐", "++4520304053"]):
        response = client.post(reverse("offers:public_offer", args=[offer.pk]),
                               {"first_name": f"Amal{'abcd'[n]}", "phone": typed, "language": "da"})
        assert response.status_code == 302, response.content
    assert sorted(SignUp.objects.values_list("phone", flat=True)) == [
        "+4520304050", "+4520304051", "+4520304052", "+4520304053"]
    response = client.post(reverse("offers:public_offer", args=[offer.pk]),
                           {"first_name": "Bo", "phone": "+45+20304050", "language": "da"})
    assert response.status_code == 200 and not SignUp.objects.filter(first_name="Bo").exists()


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(lokalsundhed.__path__, "lokalsundhed."):
        if ".tests" not in module.name and ".migrations" not in module.name \
                and module.name.rsplit(".", 1)[-1] not in {"__main__", "wsgi"}:
            importlib.import_module(module.name)

    def subclasses(cls: type) -> list[type]:
        return [cls, *[s for sub in cls.__subclasses__() for s in subclasses(sub)]]

    return [f for f in subclasses(forms.BaseForm) if f.__module__.startswith("lokalsundhed.")]


# The help directory's phone numbers are public service numbers in Open Referral HSDS, not a
# person's: they include short numbers (112, 1813, 114) that are not E.164 and must stay as written.
NOT_A_PERSONS_PHONE = {"directory.Phone.number"}


def test_every_phone_field_of_ours_reads_through_core_phones():
    wrong = []
    for form_class in _project_forms():
        for name, field in getattr(form_class, "base_fields", {}).items():
            if "phone" in name and not isinstance(field, PhoneField):
                wrong.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
    for model in apps.get_models():
        if not model.__module__.startswith("lokalsundhed."):
            continue
        for field in model._meta.get_fields():
            label = f"{model._meta.app_label}.{model.__name__}.{field.name}"
            is_phone = "phone" in field.name or ("phone" in model.__name__.lower() and field.name == "number")
            if is_phone and getattr(field, "concrete", False) and not field.is_relation \
                    and not isinstance(field, PhoneNumberField) and label not in NOT_A_PERSONS_PHONE:
                wrong.append(label)
    assert not wrong, f"Phone fields that do not read through core.phones: {wrong}"


@pytest.mark.django_db
def test_the_admin_stores_a_staff_members_number_as_e164(rf):
    from django.contrib import admin

    from lokalsundhed.accounts.models import User

    request = rf.get("/admin/")
    request.user = User(is_superuser=True, is_staff=True)
    form_class = admin.site._registry[User].get_form(request, obj=User(email="a@example.dk"), change=True)
    assert isinstance(form_class.base_fields["phone"], PhoneField)
    assert form_class.base_fields["phone"].clean("٢٠ ٣٠ ٤٠ ٥٠") == "+4520304050"
