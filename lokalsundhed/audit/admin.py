from django.contrib import admin

from lokalsundhed.audit.models import Entry
from lokalsundhed.core.admin import ReadOnlyAdmin


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    """Read-only: the access log is never edited, not even by platform operators."""

    list_display = ["id", "at", "actor_label", "action", "object_type", "object_id", "organisation"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_type", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["organisation"]
