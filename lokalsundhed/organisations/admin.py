"""Organisations, estates, dwellings and partnerships on the admin site: each save and delete
is a row of the access log (`AuditedAdmin`)."""

from django.contrib import admin

from lokalsundhed.core.admin import AuditedAdmin
from lokalsundhed.organisations.models import (
    Dwelling,
    Estate,
    Facility,
    Municipality,
    Organisation,
    Partnership,
    Region,
)


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(AuditedAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "municipality", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "cvr"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality"]


class FacilityInline(admin.TabularInline):
    model = Facility
    extra = 0


@admin.register(Estate)
class EstateAdmin(AuditedAdmin):
    list_display = ["name", "number", "housing_organisation", "municipality"]
    list_filter = ["municipality__region"]
    search_fields = ["name", "number", "street_address"]
    autocomplete_fields = ["housing_organisation", "municipality"]
    list_select_related = ["housing_organisation", "municipality"]
    inlines = [FacilityInline]


@admin.register(Dwelling)
class DwellingAdmin(AuditedAdmin):
    list_display = ["__str__", "postcode", "city", "estate"]
    search_fields = ["street", "postcode", "city"]
    autocomplete_fields = ["estate"]
    list_select_related = ["estate"]


@admin.register(Facility)
class FacilityAdmin(AuditedAdmin):
    list_display = ["name", "kind", "estate"]
    list_filter = ["kind"]
    search_fields = ["name"]
    autocomplete_fields = ["estate"]
    list_select_related = ["estate"]


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ["name", "municipality", "yearly_theme"]
    search_fields = ["name", "yearly_theme"]
    autocomplete_fields = ["municipality", "housing_organisations", "estates"]
    list_select_related = ["municipality"]
