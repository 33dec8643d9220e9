"""A municipality's administrator adds, edits and retires help-guide services with their
places, phones and opening hours — with the import's validation (CPR guard, HSDS schemas)
and in the access log."""

from __future__ import annotations

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lokalsundhed.audit.models import Entry
from lokalsundhed.directory import editing_services, selectors
from lokalsundhed.directory.models import Address, Phone, Schedule, Service, ServiceAtLocation
from lokalsundhed.directory.tests.factories import make_service

pytestmark = pytest.mark.django_db


def _management(prefix, total=1, initial=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "20"}


def new_service_post(world, **overrides):
    data = {
        "name": "Seniorrådgivningen", "organization": "", "new_organization": "Fredericia Seniorråd",
        "description": "Rådgivning for ældre om hverdagen.", "status": "active",
        **_management("phones"), "phones-0-number": "72 10 99 00", "phones-0-type": "voice",
        **_management("hours"), "hours-0-days": ["MO", "WE"], "hours-0-opens_at": "09:00",
        "hours-0-closes_at": "12:00",
        **_management("places"), "places-0-name": "Fælleshuset", "places-0-address_1": "Egeskovvej 4",
        "places-0-postal_code": "7000", "places-0-city": "Fredericia",
    }
    data.update(overrides)
    return data


def test_an_administrator_adds_a_service_with_a_place_a_phone_and_opening_hours(world, login):
    client = login(world.users["municipal_admin"])
    response = client.post(reverse("directory:service_new"), new_service_post(world))
    service = Service.objects.get(name="Seniorrådgivningen")
    assert response.status_code == 302 and response["Location"] == reverse("directory:service_detail", args=[service.pk])
    assert service.municipality == world.estate_a.municipality and service.organization.name == "Fredericia Seniorråd"
    assert list(Phone.objects.filter(service=service).values_list("number", flat=True)) == ["72 10 99 00"]
    hours = Schedule.objects.get(service=service)
    assert (hours.byday, hours.opens_at, hours.closes_at, hours.freq) == ("MO,WE", time(9), time(12), "WEEKLY")
    sal = ServiceAtLocation.objects.select_related("location").get(service=service)
    assert sal.location.name == "Fælleshuset"
    assert str(Address.objects.get(location=sal.location)) == "Egeskovvej 4, 7000 Fredericia"
    entry = Entry.objects.get(object_id=str(service.pk))
    assert (entry.actor, entry.action) == (world.users["municipal_admin"], "create")
    # Found by the help guide's Danish search and served by the HSDS API at once.
    found = selectors.find(Service.objects.all(), selectors.Filters(query="senior"))
    assert [s.name for s in found] == ["Seniorrådgivningen"]
    assert client.get(f"/api/hsds/services/{service.pk}").json()["phones"][0]["number"] == "72 10 99 00"


def test_it_refuses_a_cpr_number_in_any_text(world, login):
    client = login(world.users["municipal_admin"])
    response = client.post(reverse("directory:service_new"),
                           new_service_post(world, **{"places-0-name": "Hos 010190-1234"}))
    assert response.status_code == 200
    assert not Service.objects.filter(name="Seniorrådgivningen").exists()


def test_it_refuses_opening_hours_that_close_before_they_open(world, login):
    client = login(world.users["municipal_admin"])
    response = client.post(reverse("directory:service_new"),
                           new_service_post(world, **{"hours-0-closes_at": "08:00"}))
    assert response.status_code == 200
    assert "The closing time must be after the opening time." in response.content.decode()
    assert not Service.objects.filter(name="Seniorrådgivningen").exists()


def test_editing_changes_a_phone_and_removes_opening_hours(world, login):
    client = login(world.users["municipal_admin"])
    service = world.dementia
    phone, schedule = service.phones.get(), service.schedules.get()
    form = client.get(reverse("directory:service_edit", args=[service.pk]))
    assert form.status_code == 200 and "72 10 60 00" in form.content.decode()
    data = {
        "name": "Demenskoordinatoren", "organization": str(service.organization_id), "new_organization": "",
        "description": service.description, "status": "active",
        **_management("phones", total=2, initial=1), "phones-0-id": str(phone.pk), "phones-0-number": "72 10 60 01",
        **_management("hours", total=2, initial=1), "hours-0-id": str(schedule.pk), "hours-0-days": ["MO"],
        "hours-0-opens_at": "08:00", "hours-0-closes_at": "15:00", "hours-0-DELETE": "on",
        **_management("places"),
    }
    assert client.post(reverse("directory:service_edit", args=[service.pk]), data).status_code == 302
    assert list(service.phones.values_list("number", flat=True)) == ["72 10 60 01"]
    assert not service.schedules.exists()
    service.refresh_from_db()
    assert service.last_modified is not None
    assert Entry.objects.filter(object_id=str(service.pk), action="change", actor=world.users["municipal_admin"]).exists()


def test_retiring_takes_the_service_out_of_the_guide_and_the_api(world, login):
    client = login(world.users["municipal_admin"])
    response = client.post(reverse("directory:service_retire", args=[world.cafe.pk]))
    assert response.status_code == 302
    world.cafe.refresh_from_db()
    assert world.cafe.status == Service.Status.DEFUNCT
    assert "Fredagscaféen" not in [s.name for s in selectors.find(Service.objects.all(), selectors.Filters())]
    assert client.get(f"/api/hsds/services/{world.cafe.pk}").status_code == 404
    # … but the administrators still find it, to make it active again.
    assert "Fredagscaféen" in client.get(reverse("directory:manage_list")).content.decode()
    assert Entry.objects.filter(object_id=str(world.cafe.pk), purpose="retired a help-guide service").exists()


def test_a_service_that_breaks_the_hsds_schemas_is_not_written(world):
    changes = editing_services.ServiceChanges(fields={"name": "Ugyldig", "email": "ikke en adresse", "status": "active"},
                                              new_organization="Fredericia Kommune")
    with pytest.raises(editing_services.InvalidService) as error:
        editing_services.save_service(municipality=world.estate_a.municipality, changes=changes,
                                      actor=world.users["municipal_admin"])
    assert "email" in str(error.value)
    assert not Service.objects.filter(name="Ugyldig").exists()


def test_another_municipalitys_service_cannot_be_changed_through_the_service(world):
    changes = editing_services.ServiceChanges(fields={"name": "Kapret"}, organization=world.vejle.organization)
    with pytest.raises(ValueError):
        editing_services.save_service(municipality=world.estate_a.municipality, changes=changes,
                                      service=world.vejle, actor=world.users["municipal_admin"])


def test_the_administrators_list_has_a_fixed_number_of_queries(world, login):
    client = login(world.users["municipal_admin"])
    url = reverse("directory:manage_list")
    client.get(url)  # the first request of a session also writes the session

    def count():
        with CaptureQueriesContext(connection) as queries_run:
            assert client.get(url).status_code == 200
        return len(queries_run)

    few = count()
    for n in range(25):
        make_service(world.estate_a.municipality, f"Tilbud {n:02d}")
    # session, user, memberships (base layout); the municipality; the count; the page of
    # services with organisations and place counts — whatever the number of services.
    assert count() == few <= 8
