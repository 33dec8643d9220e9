"""The sign catalogue on the admin site: every save and delete is a row of the access log."""

from __future__ import annotations

from django.contrib import admin

from lokalsundhed.core.admin import AuditedAdmin
from lokalsundhed.signs.models import Sign, SignCategory


class SignInline(admin.TabularInline):
    model = Sign
    extra = 0


@admin.register(SignCategory)
class SignCategoryAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "code", "order"]
    inlines = [SignInline]


@admin.register(Sign)
class SignAdmin(AuditedAdmin):
    list_display = ["name", "category", "suggested_urgency", "is_active"]
    list_filter = ["category", "suggested_urgency", "is_active"]
    search_fields = ["name", "name_en", "code"]
