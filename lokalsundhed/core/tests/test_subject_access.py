"""The registry of a data subject's access request and its phone-number matching."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from lokalsundhed.core import subject_access
from lokalsundhed.core.subject_access import normalise_phone, phone_variants, same_phone


def test_every_app_holding_residents_data_has_a_section_in_a_fixed_order():
    assert [p.key for p in subject_access.providers()] == ["bridge_building", "errands", "offers", "outcomes"]
    assert all(p.title and p.found_by and p.template for p in subject_access.providers())


def test_a_section_cannot_be_registered_twice():
    with pytest.raises(ImproperlyConfigured):
        subject_access.register("offers", title="x", found_by="x", template="x.html", order=99)(lambda user, subject: [])


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
