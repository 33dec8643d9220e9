"""The help directory in the admin: services with their parts, the needs taxonomy and its
mapping to signs, guidance cards, and an HSDS upload (JSON, or a ZIP of the CSV folder)."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.admin import AuditedAdmin
from lokalsundhed.directory import interchange, search, services
from lokalsundhed.directory.models import (
    NEEDS_TAXONOMY_ID,
    Address,
    Attribute,
    GuidanceCard,
    Language,
    Location,
    Need,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
    Taxonomy,
    TaxonomyTerm,
)
from lokalsundhed.organisations.models import Municipality

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# What a ZIP may unpack to: the CSV files of a national directory fit many times over.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024


class PhoneInline(admin.TabularInline):
    model = Phone
    fk_name = "service"
    fields = ("number", "type", "description")
    extra = 0


class ScheduleInline(admin.TabularInline):
    model = Schedule
    fk_name = "service"
    fields = ("byday", "opens_at", "closes_at", "freq", "valid_from", "valid_to", "description")
    extra = 0


class LanguageInline(admin.TabularInline):
    model = Language
    fk_name = "service"
    fields = ("code", "name", "note")
    extra = 0


class TranslationInline(admin.StackedInline):
    model = ServiceTranslation
    extra = 0


class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    fields = ("location", "description")
    autocomplete_fields = ("location",)
    extra = 0


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    list_display = ("name", "organization", "municipality", "status", "assured_date")
    list_filter = ("status", "municipality")
    search_fields = ("name", "alternate_name", "organization__name")
    autocomplete_fields = ("organization", "estates")
    inlines = (PhoneInline, ScheduleInline, LanguageInline, ServiceAtLocationInline, TranslationInline)
    change_list_template = "admin/directory/service/change_list.html"

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        search.reindex([form.instance.pk])

    def delete_model(self, request: HttpRequest, obj: Service) -> None:
        pk = obj.pk
        super().delete_model(request, obj)
        search.forget([pk])

    def get_urls(self) -> list[Any]:
        upload = path("import/", self.admin_site.admin_view(self.import_view), name="directory_service_import")
        return [upload, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = import_upload(form.cleaned_data["file"], form.cleaned_data["municipality"], request=request)
            if report.imported:
                messages.success(request, _("The file was imported."))
        context = {**self.admin_site.each_context(request), "form": form, "report": report,
                   "opts": self.model._meta, "title": _("Import services (HSDS 3.0)")}
        return render(request, "admin/directory/service/import.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("HSDS file: JSON, or a ZIP with the CSV files"))
    municipality = forms.ModelChoiceField(
        label=_("Municipality (for services that name none)"), queryset=Municipality.objects.all(), required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class UnpackRefused(ValueError):
    """A ZIP that would unpack past the limit."""


def _unpack(archive: zipfile.ZipFile, folder: Path) -> None:
    """The CSV and JSON files of `archive` into `folder`, streamed in chunks and counted as they
    are written, so that a small file that unpacks to gigabytes stops at the limit (whatever
    sizes the archive claims)."""
    written = 0
    for member in archive.infolist():
        # Only plain file names: nothing outside the folder, nothing but the tables.
        base = PurePosixPath(member.filename).name
        if member.is_dir() or not base.endswith((".csv", ".json")):
            continue
        if written + member.file_size > MAX_UNPACKED_BYTES:
            raise UnpackRefused
        with archive.open(member) as source, (folder / base).open("wb") as target:
            while chunk := source.read(CHUNK_BYTES):
                written += len(chunk)
                if written > MAX_UNPACKED_BYTES:
                    raise UnpackRefused
                target.write(chunk)


def _named(report: interchange.Report, folder_name: str, upload_name: str) -> interchange.Report:
    """The report in the names the administrator knows: the upload's, never the temporary folder's."""
    for problems in (report.problems, report.warnings):
        for i, problem in enumerate(problems):
            problems[i] = interchange.Problem(problem.where.replace(folder_name, upload_name),
                                              problem.message.replace(folder_name, upload_name))
    return report


def _refused(name: str, message: str) -> interchange.Report:
    report = interchange.Report()
    report.problems.append(interchange.Problem(name, message))
    return report


def import_upload(upload: Any, municipality: Municipality | None, *, request: HttpRequest) -> interchange.Report:
    """An uploaded JSON file or ZIP of CSV files, unpacked into a temporary folder first."""
    name = PurePosixPath(upload.name).name
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        if name.lower().endswith(".zip"):
            try:
                with zipfile.ZipFile(upload) as archive:
                    _unpack(archive, folder)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
                return _refused(name, "not a readable ZIP file")
            except UnpackRefused:
                return _refused(name, f"unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB; "
                                      "nothing was imported")
            report = services.import_hsds(folder, actor=request.user, municipality=municipality, source=name,
                                          request=request)
            return _named(report, folder.name, name)
        target = folder / "upload.json"
        with target.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        report = services.import_hsds(target, actor=request.user, municipality=municipality, source=name,
                                      request=request)
        return _named(_named(report, "upload.json", name), folder.name, name)


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ("name", "email", "website")
    search_fields = ("name", "alternate_name")
    exclude = ("extra",)


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0


@admin.register(Location)
class LocationAdmin(AuditedAdmin):
    list_display = ("name", "organization", "location_type")
    search_fields = ("name", "addresses__address_1", "addresses__city")
    inlines = (AddressInline,)
    exclude = ("extra",)


@admin.register(Need)
class NeedAdmin(AuditedAdmin):
    """Our needs taxonomy and what signs each need answers."""

    list_display = ("name", "name_en", "code", "order")
    fields = ("code", "name", "name_en", "description", "order", "sign_categories", "signs")
    filter_horizontal = ("sign_categories", "signs")

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(taxonomy_detail_id=NEEDS_TAXONOMY_ID)

    def save_model(self, request: HttpRequest, obj: Need, form: Any, change: bool) -> None:
        obj.taxonomy_detail_id = NEEDS_TAXONOMY_ID
        obj.taxonomy = "lokalsundhed-behov"
        super().save_model(request, obj, form, change)


@admin.register(Taxonomy)
class TaxonomyAdmin(AuditedAdmin):
    list_display = ("name", "version", "uri")


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(AuditedAdmin):
    list_display = ("name", "code", "taxonomy_detail")
    list_filter = ("taxonomy_detail",)
    search_fields = ("name", "code")


@admin.register(Attribute)
class AttributeAdmin(AuditedAdmin):
    list_display = ("link_entity", "link_id", "taxonomy_term", "value")
    list_filter = ("link_entity",)
    raw_id_fields = ("taxonomy_term",)


@admin.register(GuidanceCard)
class GuidanceCardAdmin(AuditedAdmin):
    list_display = ("category", "municipality", "updated_at")
    list_filter = ("municipality", "category")
    autocomplete_fields = ("services",)
    readonly_fields = ("updated_at", "updated_by")
