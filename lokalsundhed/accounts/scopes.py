"""What each user may see of people: administrators see the members of their organisations."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.core.access import register_scope
from lokalsundhed.core.permissions import Perm


@register_scope(Membership)
def memberships_for(user: Any, qs: QuerySet[Membership]) -> QuerySet[Membership]:
    return qs.filter(Q(organisation_id__in=user.organisation_ids_with(Perm.MANAGE_MEMBERS)) | Q(user_id=user.pk))


@register_scope(User)
def users_for(user: Any, qs: QuerySet[User]) -> QuerySet[User]:
    managed = user.organisation_ids_with(Perm.MANAGE_MEMBERS)
    return qs.filter(
        Q(pk__in=Membership.objects.filter(organisation_id__in=managed).values("user_id")) | Q(pk=user.pk)
    )
