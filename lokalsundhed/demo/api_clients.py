"""The demo's API clients: one case-system client per demo municipality, with a published demo
token (like the demo password, README says it) so that the curl examples of docs/api.md work
against the demo. A real client's token is random and shown once. They are made as an operator
makes one (`manage.py create_api_client`): approved at once, where a client an administrator
makes with these scopes would wait for colleagues' approval."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lokalsundhed.api.auth import TOKEN_PREFIX
from lokalsundhed.api.models import ApiClient, hash_secret
from lokalsundhed.api.services import create_client
from lokalsundhed.organisations.models import Organisation

DEMO_SECRET = "Lokal-sundhed-demo-2025-api"  # noqa: S105 (published demo token, like the demo password)
# municipality code -> the client's name
CLIENTS = {
    "0607": "Sagssystem (demo)",
    "0630": "Sagssystem (demo)",
}
SCOPES = ["referrals:read", "referrals:write", "audit:read", "statistics:read"]


def key_id(code: str) -> str:
    return f"demo{code}api00000"[:16]


def demo_token(code: str) -> str:
    return f"{TOKEN_PREFIX}{key_id(code)}.{DEMO_SECRET}"


def load_api_clients() -> dict[str, str]:
    """Create (once) a client per demo municipality; its token by municipality code."""
    tokens = {}
    for code, name in CLIENTS.items():
        organisation = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY,
                                                   municipality__code=code).first()
        if organisation is None:
            continue
        tokens[code] = demo_token(code)
        if ApiClient.objects.filter(key_id=key_id(code)).exists():
            continue
        with transaction.atomic():
            created = create_client(organisation=organisation, name=name, scopes=SCOPES,
                                    purpose="Henvisninger til og fra kommunens sagssystem",
                                    actor=None,
                                    expires_at=timezone.now() + timedelta(days=3650))
            ApiClient.objects.filter(pk=created.client.pk).update(key_id=key_id(code),
                                                                  secret_hash=hash_secret(DEMO_SECRET))
    return tokens
