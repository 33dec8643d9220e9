"""The registry of a data subject's access request and its phone-number matching."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from lokalsundhed.core import subject_access
from lokalsundhed.core.subject_access import normalise_phone, phone_variants, same_phone


def test_every_app_holding_residents_data_has_a_section_in_a_fixed_order():
    assert [p.key for p in subject_access.providers()] == [
        "bridge_building", "errands", "offers", "outcomes", "work", "volunteers"]
    assert all(p.title and p.found_by and p.template and p.holds for p in subject_access.providers())


# Models with a name, number or e-mail address that are not about residents, and why.
NOT_ABOUT_RESIDENTS = {
    "accounts.User": "staff's and volunteers' logins; a volunteer's is in the volunteers section",
    "accounts.LoginAttempt": "attempts to log in as staff (an e-mail address typed at the login page)",
    "api.ClientPrincipal": "the person an organisation's API client acts as: staff",
    "referrals.ReceivingUnit": "a municipal unit's own e-mail address and number for notifications",
    "directory.Organization": "an organisation's public contact in the help guide",
    "directory.Service": "a service's public contact and its assurer in the help guide",
    "directory.Contact": "a named contact of a service in the help guide: staff of that service",
    "directory.Language": "a service's interpreter line in the help guide",
    "volunteers.CivilSocietyOrganisation": "an association's public contact",
    "work.Company": "a local company's contact person",
}
_IDENTIFYING_NAMES = {"first_name", "last_name", "resident_first_name", "phone", "email"}


def _identifies_someone(field) -> bool:
    from django.db import models

    from lokalsundhed.core.phones import PhoneNumberField

    return getattr(field, "concrete", False) and (
        isinstance(field, (PhoneNumberField, models.EmailField)) or field.name in _IDENTIFYING_NAMES)


def _naming_models():
    from django.apps import apps

    return [model for model in apps.get_models()
            if model.__module__.startswith("lokalsundhed.")
            and any(_identifies_someone(field) for field in model._meta.get_fields())]


def test_every_model_that_names_a_resident_is_held_by_a_section_of_the_access_request():
    """A new capability that keeps a resident's first name, number or e-mail address adds its
    section (docs/subject-access.md, "Adding a section"), or says here why its records are not
    about residents."""
    held = {model._meta.label for p in subject_access.providers() for model in p.holds}
    naming = {model._meta.label for model in _naming_models()}
    assert naming - held - NOT_ABOUT_RESIDENTS.keys() == set()
    assert NOT_ABOUT_RESIDENTS.keys() <= naming, "a model named here no longer holds a name, number or e-mail"
    assert not held & NOT_ABOUT_RESIDENTS.keys()


def test_every_model_that_names_a_resident_is_anonymised_by_retention():
    """Its records say when retention removed the resident's details (`anonymised_at`), as the
    nightly retention of every app that keeps them sets it (docs/operations.md, "Retention")."""
    about_residents = [model for model in _naming_models() if model._meta.label not in NOT_ABOUT_RESIDENTS]
    assert about_residents
    assert [model._meta.label for model in about_residents
            if "anonymised_at" not in {field.name for field in model._meta.get_fields()}] == []


def test_a_section_cannot_be_registered_twice():
    with pytest.raises(ImproperlyConfigured):
        subject_access.register("offers", title="x", found_by="x", template="x.html", order=99,
                                holds=())(lambda user, subject: [])


@pytest.mark.parametrize("written", [
    "20304050", "20 30 40 50", "+45 20 30 40 50", "+4520304050", "0045 20 30 40 50", "004520304050",
    "4520304050", "20-30-40-50", " (+45) 20.30.40.50 ",
])
def test_a_danish_number_is_normalised_however_it_was_written(written):
    assert normalise_phone(written) == "20304050"


def test_a_foreign_number_keeps_its_country_code():
    assert normalise_phone("+48 601 234 567") == normalise_phone("0048 601234567") == "+48601234567"


def test_an_eight_digit_number_beginning_with_45_is_danish_as_it_stands():
    assert normalise_phone("45 12 34 56") == "45123456"


@pytest.mark.parametrize("stored", ["20304050", "+4520304050", "004520304050", "4520304050"])
def test_the_variants_cover_every_way_a_number_is_stored(stored):
    assert stored in phone_variants("20304050")
    assert same_phone(stored, "20304050")


def test_no_number_matches_nothing():
    assert phone_variants("") == [] and not same_phone("", "")
