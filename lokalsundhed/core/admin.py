"""The admin site's part of "every write leaves an access-log row".

Every `ModelAdmin` of ours derives from `AuditedAdmin` (or is read-only): whatever the admin
site saves or deletes — the change form, the change list, the delete action, the password
form — passes through Django's `log_addition` / `log_change` / `log_deletions`, and each of
those also sends `core.signals.changed_in_admin`, which the access log records. Models that
have services are read-only here (`ReadOnlyAdmin`), or their admin routes saves through the
services (accounts' memberships).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lokalsundhed.core.models import OutboxEntry
from lokalsundhed.core.signals import changed_in_admin


def changed_fields(message: Any) -> list[str]:
    """The field names in an admin change message (a JSON list of {"added"|"changed"|…} dicts)."""
    if not isinstance(message, (str, list)):
        return []
    try:
        parts = json.loads(message) if isinstance(message, str) else message
    except ValueError:
        return []
    names: list[str] = []
    for part in parts if isinstance(parts, list) else []:
        for detail in part.values() if isinstance(part, dict) else []:
            if isinstance(detail, dict):
                names.extend(str(name) for name in detail.get("fields", []))
                if "name" in detail:
                    names.append(str(detail["name"]))
    return names


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every add, change and delete is one row of the access log."""

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        changed_in_admin.send(sender=type(obj), actor=request.user, action="create", obj=obj,
                              fields=changed_fields(message), request=request)
        return entry

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        changed_in_admin.send(sender=type(obj), actor=request.user, action="change", obj=obj,
                              fields=changed_fields(message), request=request)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        objects = list(queryset)
        entries = super().log_deletions(request, queryset)
        for obj in objects:
            changed_in_admin.send(sender=type(obj), actor=request.user, action="delete", obj=obj, fields=[],
                                  request=request)
        return entries


class ReadOnlyAdmin(admin.ModelAdmin):
    """For models whose writes belong to services (with their checks and log rows): shown, never
    edited here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline that shows rows a service writes."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutboxEntry)
class OutboxEntryAdmin(ReadOnlyAdmin):
    """The notices waiting, sent and given up (core/outbox.py): topics and ids, no personal data."""

    list_display = ("topic", "args", "created_at", "attempts", "next_attempt_at", "sent_at", "failed_at", "last_error")
    list_filter = ("topic",)
    date_hierarchy = "created_at"
