from __future__ import annotations

import factory

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.core.permissions import Role
from lokalsundhed.organisations.tests.factories import HousingOrganisationFactory

PASSWORD = "correct horse battery staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(HousingOrganisationFactory)
    role = Role.CARETAKER


def member(organisation, role: Role, **user_fields) -> User:
    """A user holding one role in one organisation."""
    return MembershipFactory(organisation=organisation, role=role, user=UserFactory(**user_fields)).user


def superuser(email: str = "drift@example.dk") -> User:
    """A platform operator (the Django admin site), with a usable password."""
    return UserFactory(email=email, is_staff=True, is_superuser=True, password="a long enough password")
