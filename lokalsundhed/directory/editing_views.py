"""The administrators' pages for keeping the help guide: their municipality's services (every
status), adding and editing one with its places, phones and opening hours, and retiring it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokalsundhed.core.access import AuthedRequest, get_for_user, require_perm, scoped
from lokalsundhed.core.permissions import Perm
from lokalsundhed.directory import editing_services
from lokalsundhed.directory.editing_forms import (
    HoursFormSet,
    PhoneFormSet,
    PlaceFormSet,
    ServiceForm,
)
from lokalsundhed.directory.models import Organization, Phone, Schedule, Service, ServiceAtLocation
from lokalsundhed.directory.scopes import editable_municipality_ids
from lokalsundhed.organisations.models import Estate, Municipality

PAGE_SIZE = 50


def _editable(request: AuthedRequest) -> set[int]:
    editable = editable_municipality_ids(request.user)
    if not editable:
        raise Http404
    return editable


def _municipality(request: AuthedRequest, editable: set[int]) -> Municipality:
    """?municipality= when the user administers it, else the first they administer."""
    chosen = request.GET.get("municipality", "")
    pk = int(chosen) if chosen.isdigit() and int(chosen) in editable else min(editable)
    return Municipality.objects.get(pk=pk)


@require_perm(Perm.MANAGE_DIRECTORY)
def manage_list(request: AuthedRequest) -> HttpResponse:
    """The municipality's services in every status, to edit or retire; a fixed number of queries."""
    editable = _editable(request)
    municipality = _municipality(request, editable)
    services = (scoped(request.user, Service).filter(municipality=municipality)
                .select_related("organization").defer("search_document", "search_vector", "extra")
                .annotate(place_count=Count("service_at_locations", distinct=True))
                .order_by("name", "pk"))
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    municipalities = Municipality.objects.filter(pk__in=editable).order_by("name") if len(editable) > 1 else []
    return render(request, "directory/manage_list.html",
                  {"page": page, "municipality": municipality, "municipalities": municipalities})


def _choices(request: AuthedRequest, municipality: Municipality) -> tuple[QuerySet[Organization], QuerySet[Estate]]:
    organizations = Organization.objects.filter(services__municipality=municipality).distinct().order_by("name")
    return organizations, scoped(request.user, Estate).filter(municipality=municipality).order_by("name")


def _initial(service: Service) -> dict[str, Any]:
    initial = {name: getattr(service, name) for name in editing_services.SERVICE_FIELDS}
    initial["organization"] = service.organization_id
    initial["estates"] = list(service.estates.values_list("pk", flat=True))
    return initial


def _formsets_initial(service: Service) -> tuple[list[dict[str, Any]], ...]:
    phones = [{"id": p.pk, "number": p.number, "type": p.type, "description": p.description}
              for p in Phone.objects.filter(service=service).order_by("number")]
    hours = [{"id": s.pk, "days": s.byday.split(","), "opens_at": s.opens_at, "closes_at": s.closes_at,
              "description": s.description}
             for s in Schedule.objects.filter(service=service).order_by("byday", "opens_at")]
    places = []
    for sal in (ServiceAtLocation.objects.filter(service=service).select_related("location")
                .prefetch_related("location__addresses")):
        address = next(iter(sal.location.addresses.all()), None)
        places.append({"id": sal.pk, "name": sal.location.name, "description": sal.description,
                       "address_1": address.address_1 if address else "",
                       "postal_code": address.postal_code if address else "", "city": address.city if address else ""})
    return phones, hours, places


def _service_page(request: AuthedRequest, municipality: Municipality, service: Service | None) -> HttpResponse:
    organizations, estates = _choices(request, municipality)
    data = request.POST if request.method == "POST" else None
    phones_initial, hours_initial, places_initial = _formsets_initial(service) if service else ([], [], [])
    form = ServiceForm(data, initial=_initial(service) if service else None, organizations=organizations,
                       estates=estates)
    phones = PhoneFormSet(data, initial=phones_initial, prefix="phones")
    hours = HoursFormSet(data, initial=hours_initial, prefix="hours")
    places = PlaceFormSet(data, initial=places_initial, prefix="places")
    if data is not None and all([form.is_valid(), phones.is_valid(), hours.is_valid(), places.is_valid()]):
        cleaned = form.cleaned_data
        changes = editing_services.ServiceChanges(
            fields={name: cleaned[name] for name in editing_services.SERVICE_FIELDS},
            organization=cleaned["organization"], new_organization=cleaned["new_organization"].strip(),
            estates=list(cleaned["estates"]),
            phones=[p for f in phones.forms if (p := f.change()) is not None],
            hours=[h for f in hours.forms if (h := f.change()) is not None],
            places=[pl for f in places.forms if (pl := f.change()) is not None],
        )
        try:
            saved = editing_services.save_service(municipality=municipality, changes=changes, service=service,
                                                  actor=request.user, request=request)
        except editing_services.InvalidService as error:
            for problem in error.problems:
                form.add_error(None, str(problem))
        else:
            messages.success(request, _("The service is saved.") if service else _("The service is added."))
            return redirect("directory:service_detail", pk=saved.pk)
    context = {"form": form, "phones": phones, "hours": hours, "places": places, "service": service,
               "municipality": municipality}
    return render(request, "directory/service_form.html", context)


@require_perm(Perm.MANAGE_DIRECTORY)
def service_new(request: AuthedRequest) -> HttpResponse:
    """Add a service to the municipality's help guide."""
    editable = _editable(request)
    return _service_page(request, _municipality(request, editable), None)


def _own_service(request: AuthedRequest, pk: Any) -> Service:
    """A service of a municipality the user administers, else 404 (as for a missing one)."""
    service = get_for_user(request.user, Service, Service.objects.select_related("municipality"), pk=pk)
    if service.municipality_id not in editable_municipality_ids(request.user):
        raise Http404
    return service


@require_perm(Perm.MANAGE_DIRECTORY)
def service_edit(request: AuthedRequest, pk: Any) -> HttpResponse:
    service = _own_service(request, pk)
    return _service_page(request, service.municipality, service)


@require_perm(Perm.MANAGE_DIRECTORY)
@require_POST
def service_retire(request: AuthedRequest, pk: Any) -> HttpResponse:
    """The service is no longer offered: it leaves the help guide and the HSDS API."""
    service = _own_service(request, pk)
    editing_services.retire_service(service, actor=request.user, request=request)
    messages.success(request, _("The service is retired: it is no longer shown in the help guide."))
    return redirect(f"{redirect('directory:manage_list').url}?municipality={service.municipality_id}")
