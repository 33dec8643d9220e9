from django.contrib import admin

from lokalsundhed.core.admin import AuditedAdmin
from lokalsundhed.volunteers.models import CivilSocietyOrganisation


@admin.register(CivilSocietyOrganisation)
class CivilSocietyOrganisationAdmin(AuditedAdmin):
    list_display = ["name", "municipality", "contact_email", "contact_phone", "directory_organization"]
    raw_id_fields = ["directory_organization"]
