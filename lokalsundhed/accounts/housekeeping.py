"""The worker's recurring duties for logins: delete the record of login attempts (the address typed,
which may be anyone's, the IP address and whether it succeeded) once `LOGIN_ATTEMPTS_KEPT_DAYS`
have passed, and never while it still counts towards a lock-out; and delete the sessions that
have ended (a session row keeps who was logged in and their memberships until then). Run by
tasks.py; `now` can be moved in tests."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from lokalsundhed.accounts.models import LoginAttempt
from lokalsundhed.audit.models import Action
from lokalsundhed.audit.services import record

logger = logging.getLogger(__name__)


def prune_login_attempts(*, now: datetime | None = None) -> int:
    """Delete the login attempts older than their retention. Returns how many."""
    now = now or timezone.now()
    kept = max(timedelta(days=settings.LOGIN_ATTEMPTS_KEPT_DAYS), timedelta(hours=settings.LOGIN_FAILURE_WINDOW_HOURS))
    count, _ = LoginAttempt.objects.filter(at__lt=now - kept).delete()
    if count:
        record(actor=None, action=Action.DELETE, object_type="accounts.loginattempt", object_id="",
               purpose=gettext_noop("retention: deleted %s login attempts") % count)
        logger.info("retention deleted %d login attempts", count)
    return count


def clear_expired_sessions() -> None:
    """What `manage.py clearsessions` does: the session engine deletes the sessions that ended."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
