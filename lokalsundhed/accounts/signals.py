"""Every login attempt lands in the login history and the access log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from lokalsundhed.accounts.services import find_user_by_email, record_login_attempt


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_login_attempt(email=user.email, user=user, succeeded=True, request=request)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    record_login_attempt(email=email, user=find_user_by_email(email), succeeded=False, request=request)
