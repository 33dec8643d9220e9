"""Bridge-building on the admin site. The routing settings (receiving units, rules, deadlines,
retention) belong to their services and are read-only here; the legal bases are audited."""

from django.contrib import admin

from lokalsundhed.core.admin import AuditedAdmin, ReadOnlyAdmin
from lokalsundhed.referrals.models import (
    DeadlinePolicy,
    LegalBasis,
    ReceivingUnit,
    RetentionPolicy,
    RoutingRule,
)


@admin.register(LegalBasis)
class LegalBasisAdmin(AuditedAdmin):
    list_display = ["name", "code", "is_active"]


@admin.register(ReceivingUnit)
class ReceivingUnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "municipality", "is_default"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality", "members", "lead"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(ReadOnlyAdmin):
    list_display = ["municipality", "category", "urgency", "unit"]
    list_filter = ["urgency", "category"]
    autocomplete_fields = ["municipality", "unit"]


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(ReadOnlyAdmin):
    list_display = ["municipality", "urgency", "working_days", "hours"]


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "closed_referral_months", "unsent_observation_months"]
    autocomplete_fields = ["organisation"]
