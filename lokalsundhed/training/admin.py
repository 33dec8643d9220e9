from django.contrib import admin

from lokalsundhed.core.admin import AuditedAdmin
from lokalsundhed.training.models import Module, Posting


@admin.register(Module)
class ModuleAdmin(AuditedAdmin):
    list_display = ["title", "theme", "form", "duration_minutes", "provider", "refresh_months", "organisation"]
    list_filter = ["theme", "form", "is_active"]


@admin.register(Posting)
class PostingAdmin(AuditedAdmin):
    list_display = ["user", "estate"]
    raw_id_fields = ["user", "estate"]
