"""API clients for tests: `make_client` returns the client and its token."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lokalsundhed.api.models import ApiClient
from lokalsundhed.api.services import create_client
from lokalsundhed.organisations.models import Organisation


def make_client(organisation: Organisation, *scopes: str, name: str = "Sagssystem", expired: bool = False,
                revoked: bool = False) -> tuple[ApiClient, str]:
    created = create_client(organisation=organisation, name=name, purpose="Synkronisering af henvisninger",
                            scopes=list(scopes), actor=None)
    client = created.client
    if expired:
        ApiClient.objects.filter(pk=client.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    if revoked:
        ApiClient.objects.filter(pk=client.pk).update(revoked_at=timezone.now())
    client.refresh_from_db()
    return client, created.token


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
