"""People and what they may do: users (e-mail login), memberships (user × organisation × role)
and every login attempt."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.permissions import ROLE_PERMISSIONS, Perm, Role, role_requires_two_factor
from lokalsundhed.core.phones import PhoneNumberField
from lokalsundhed.organisations.models import Organisation

# The e-mail domain of an API client's service account (a user acting for one organisation's system,
# api.services.create_client): reserved (.invalid), so no person's address is ever one.
SERVICE_ACCOUNT_DOMAIN = "api-clients.lokalsundhed.invalid"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff. Residents have no accounts."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = PhoneNumberField(_("mobile phone"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform operator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Failed logins before this moment no longer count towards a lock-out.
    lockout_released_at = models.DateTimeField(_("lock-out released"), null=True, blank=True)
    # Bumped on every change of the user's memberships (or of an organisation they belong to):
    # a session's copy of the memberships holds only while this stamp is the same.
    memberships_version = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @cached_property
    def active_memberships(self) -> list[Membership]:
        """The user's memberships with their organisations: one query, then cached for the request."""
        return list(
            self.memberships.filter(organisation__is_active=True)
            .select_related("organisation")
            .order_by("organisation__name", "role")
        )

    def has_role_perm(self, perm: Perm, organisation_id: int | None = None) -> bool:
        """True when a membership (in the given organisation, or any) grants the permission."""
        return any(
            perm in ROLE_PERMISSIONS[Role(m.role)]
            for m in self.active_memberships
            if organisation_id is None or m.organisation_id == organisation_id
        )

    def organisation_ids_with(self, perm: Perm) -> set[int]:
        """Ids of the organisations in which the user holds the permission."""
        return {m.organisation_id for m in self.active_memberships if perm in ROLE_PERMISSIONS[Role(m.role)]}

    @property
    def requires_two_factor(self) -> bool:
        return self.is_superuser or any(role_requires_two_factor(m.role) for m in self.active_memberships)


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class LoginAttempt(models.Model):
    """Every login attempt, successful or not; the lock-out counts the failures."""

    email = models.CharField(max_length=254, db_index=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    succeeded = models.BooleanField()
    at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.email} {'ok' if self.succeeded else 'failed'}"


def failed_logins_since(user: User, now: datetime | None = None) -> int:
    """Failed logins that count towards the user's lock-out right now."""
    now = now or timezone.now()
    since = now - timedelta(hours=settings.LOGIN_FAILURE_WINDOW_HOURS)
    if user.lockout_released_at and user.lockout_released_at > since:
        since = user.lockout_released_at
    return LoginAttempt.objects.filter(user=user, succeeded=False, at__gt=since).count()


def recent_failures_subquery(now: datetime | None = None) -> Coalesce:
    """SQL for "failed logins that count towards the lock-out", to annotate a user queryset."""
    since = (now or timezone.now()) - timedelta(hours=settings.LOGIN_FAILURE_WINDOW_HOURS)
    failures = (
        LoginAttempt.objects.filter(
            user=OuterRef("pk"),
            succeeded=False,
            at__gt=Greatest(Coalesce(OuterRef("lockout_released_at"), Value(since)), Value(since)),
        )
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(failures, output_field=models.IntegerField()), Value(0))


def is_locked_out(user: User) -> bool:
    return failed_logins_since(user) >= settings.LOGIN_FAILURE_LIMIT
