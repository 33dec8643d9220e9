"""Users and memberships on the admin site. Every save leaves a row of the access log: users
through `AuditedAdmin`, memberships through the services (who gave whom which role)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts import services
from lokalsundhed.accounts.models import LoginAttempt, Membership, User
from lokalsundhed.core.admin import AuditedAdmin, ReadOnlyAdmin


def _save_membership(request: HttpRequest, membership: Membership) -> Membership:
    actor: Any = request.user
    if membership.pk is None:
        return services.grant_membership(user=membership.user, organisation=membership.organisation,
                                         role=membership.role, actor=actor, request=request)
    return services.change_membership(membership, organisation=membership.organisation, role=membership.role,
                                      actor=actor, request=request)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]
    exclude = ["created_by"]


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    actions = ["release_lockouts"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "phone")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser", "lockout_released_at")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined", "lockout_released_at"]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Memberships go through the services, one log row each; other inlines as usual."""
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.end_membership(membership, actor=request.user, request=request)  # type: ignore[arg-type]
        for membership in instances:
            _save_membership(request, membership)

    @admin.action(description=_("Release lock-out"))
    def release_lockouts(self, request, queryset):
        for user in queryset:
            services.release_lockout(user, actor=request.user, request=request)
        messages.success(request, _("Lock-outs released."))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Saves and deletes go through the services (the access log keeps who gave whom which role)."""

    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
    exclude = ["created_by"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        saved = _save_membership(request, obj)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.end_membership(obj, actor=request.user, request=request)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for membership in queryset:
            services.end_membership(membership, actor=request.user, request=request)  # type: ignore[arg-type]


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdmin):
    """The login history counts toward lock-outs: never edited or deleted here."""

    list_display = ["at", "email", "succeeded", "ip_address"]
    list_filter = ["succeeded"]
    search_fields = ["email"]
    date_hierarchy = "at"
