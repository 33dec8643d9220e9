from django.contrib import admin

from lokalsundhed.audit.models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Read-only: the access log is never edited, not even by platform operators."""

    list_display = ["id", "at", "actor_label", "action", "object_type", "object_id", "organisation"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_type", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
