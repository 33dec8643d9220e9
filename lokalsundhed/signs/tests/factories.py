"""Factories for the sign catalogue. The migration loads the real catalogue; `sign(code)` and
`category(code)` fetch from it, the factories make new entries for tests that need their own."""

from __future__ import annotations

import factory

from lokalsundhed.signs.models import Sign, SignCategory, Urgency


def sign(code: str) -> Sign:
    return Sign.objects.select_related("category").get(code=code)


def category(code: str) -> SignCategory:
    return SignCategory.objects.get(code=code)


class SignCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignCategory

    code = factory.Sequence(lambda n: f"test-category-{n}")
    name = factory.Sequence(lambda n: f"Testkategori {n}")
    order = 100


class SignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sign

    category = factory.SubFactory(SignCategoryFactory)
    code = factory.Sequence(lambda n: f"test-sign-{n}")
    name = factory.Sequence(lambda n: f"Testtegn {n}")
    suggested_urgency = Urgency.GREEN
