"""Every way to change personal data or access rights leaves a row of the access log: the
services, every editable model on the admin site, and the management commands that write.

The admin part walks the admin site's registry: a model of ours is either read-only there (its
writes belong to services), or its admin is `AuditedAdmin`, or it routes saves through services
(memberships). Then it saves every editable model's change form as an administrator would and
finds the row.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from lokalsundhed.accounts import services as account_services
from lokalsundhed.accounts.admin import MembershipAdmin
from lokalsundhed.accounts.models import Membership, User
from lokalsundhed.accounts.tests.factories import superuser
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.admin import AuditedAdmin, ReadOnlyAdmin
from lokalsundhed.core.permissions import Role
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.core.tests.world import build_world
from lokalsundhed.directory.models import Service
from lokalsundhed.organisations.models import Dwelling, Estate, Organisation, Partnership
from lokalsundhed.referrals import settings_services as referral_settings
from lokalsundhed.referrals.models import (
    DeadlinePolicy,
    ReceivingUnit,
    RetentionPolicy,
    RoutingRule,
)
from lokalsundhed.referrals.tests.factories import ReceivingUnitFactory, observe

pytestmark = pytest.mark.django_db
HSDS_EXAMPLE = Path(__file__).resolve().parents[2] / "directory" / "tests" / "data" / "service_full.json"

# Admins that route their saves through services (each service writes its own rows).
ROUTED_THROUGH_SERVICES = {MembershipAdmin}
# Models holding personal data or access rights that the admin site may edit: each must be audited.
GUARDED_EDITABLE = {User, Organisation, Estate, Dwelling, Partnership}
# … and those whose writes belong to services alone: read-only on the admin site.
GUARDED_READ_ONLY = {ReceivingUnit, RoutingRule, DeadlinePolicy, RetentionPolicy}


def _ours() -> dict[type, admin.ModelAdmin]:
    return {model: model_admin for model, model_admin in admin.site._registry.items()
            if model.__module__.startswith("lokalsundhed.")}


def test_every_admin_of_ours_is_audited_read_only_or_routed_through_services():
    unguarded = sorted(
        model._meta.label for model, model_admin in _ours().items()
        if not isinstance(model_admin, (AuditedAdmin, ReadOnlyAdmin)) and type(model_admin) not in ROUTED_THROUGH_SERVICES
    )
    assert not unguarded, f"admin classes that write without a log row: {unguarded}"
    registry = _ours()
    for model in GUARDED_EDITABLE:
        assert isinstance(registry[model], AuditedAdmin), model
    for model in GUARDED_READ_ONLY:
        assert isinstance(registry[model], ReadOnlyAdmin), model


@pytest.fixture
def world():
    world = build_world()
    ReceivingUnitFactory(municipality=world.municipality_m, name="Én Indgang", is_default=True)
    world.observation = observe(world.users["caretaker"], world.estate_a, "falls")  # type: ignore[attr-defined]
    return world


@pytest.fixture
def operator(client):
    user = superuser("drift@example.dk")
    log_in(client, user)
    client.operator = user
    return client


def _form_data(context: Any) -> dict[str, Any]:
    """The POST an administrator sends when they save a change form as it is shown."""
    data: dict[str, Any] = {"_save": "Save"}

    def add(form: Any) -> None:
        for name, bound in form.fields.items():
            value = form[name].value()
            if bound.disabled or value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = str(value)

    add(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.initial_forms:
            add(form)
    return data


def test_saving_any_editable_admin_form_leaves_a_log_row(operator, world):
    walked = []
    for model, model_admin in _ours().items():
        if type(model_admin) in ROUTED_THROUGH_SERVICES:
            continue
        request = type("R", (), {"user": operator.operator})()
        if not model_admin.has_change_permission(request):
            continue
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            assert model not in GUARDED_EDITABLE, f"the world has no {model._meta.label}"
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        response = operator.get(url)
        assert response.status_code == 200, url
        before = Entry.objects.count()
        saved = operator.post(url, _form_data(response.context))
        assert saved.status_code == 302, (url, getattr(saved.context.get("adminform"), "form", None)
                                          and saved.context["adminform"].form.errors)
        row = Entry.objects.filter(pk__gt=0).order_by("-pk").first()
        assert Entry.objects.count() == before + 1 and row is not None, model._meta.label
        assert (row.action, row.object_type, row.object_id, row.actor) == (
            Action.CHANGE, model._meta.label_lower, str(obj.pk), operator.operator), model._meta.label
        walked.append(model)
    assert GUARDED_EDITABLE <= set(walked)


def test_deleting_on_the_admin_site_leaves_a_log_row(operator, world):
    dwelling = Dwelling.objects.filter(estate=world.estate_c).last()
    url = reverse("admin:organisations_dwelling_delete", args=[dwelling.pk])
    assert operator.post(url, {"post": "yes"}).status_code == 302
    row = Entry.objects.get(action=Action.DELETE, object_type="organisations.dwelling")
    assert row.object_id == str(dwelling.pk) and row.actor == operator.operator


def test_a_membership_change_on_the_admin_site_says_who_gave_whom_which_role(operator, world):
    caretaker = world.users["caretaker"]
    add = reverse("admin:accounts_membership_add")
    operator.post(add, {"user": caretaker.pk, "organisation": world.housing_b.pk, "role": Role.CARETAKER})
    granted = Membership.objects.get(user=caretaker, organisation=world.housing_b)
    row = Entry.objects.get(action=Action.CREATE, object_type="accounts.membership")
    assert row.actor == operator.operator and row.organisation_id == world.housing_b.pk
    assert row.purpose == f"role granted to user {caretaker.pk}: caretaker"

    change = reverse("admin:accounts_membership_change", args=[granted.pk])
    operator.post(change, {"user": caretaker.pk, "organisation": world.housing_b.pk, "role": Role.ADMIN})
    row = Entry.objects.get(action=Action.CHANGE, object_type="accounts.membership")
    assert row.purpose == (f"role changed for user {caretaker.pk}: "
                           f"caretaker ({world.housing_b.pk}) → admin ({world.housing_b.pk})")

    operator.post(reverse("admin:accounts_membership_delete", args=[granted.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=granted.pk).exists()
    row = Entry.objects.get(action=Action.DELETE, object_type="accounts.membership")
    assert row.object_id == str(granted.pk) and row.purpose == f"role taken from user {caretaker.pk}: admin"


def test_a_membership_given_in_the_user_form_is_logged_once(operator, world):
    caretaker = world.users["caretaker"]
    url = reverse("admin:accounts_user_change", args=[caretaker.pk])
    data = _form_data(operator.get(url).context)
    prefix = "memberships"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-organisation": str(world.housing_b.pk),
                 f"{prefix}-{total}-role": Role.SOCIAL_WORKER, f"{prefix}-{total}-user": str(caretaker.pk)})
    assert operator.post(url, data).status_code == 302
    assert Membership.objects.filter(user=caretaker, organisation=world.housing_b, role=Role.SOCIAL_WORKER).exists()
    row = Entry.objects.get(action=Action.CREATE, object_type="accounts.membership")
    assert row.actor == operator.operator and row.purpose == f"role granted to user {caretaker.pk}: social_worker"


def test_the_membership_services_log_every_change(world):
    admin_user, caretaker = world.users["housing_admin"], world.users["caretaker"]
    membership = account_services.grant_membership(user=caretaker, organisation=world.housing_b,
                                                   role=Role.CARETAKER, actor=admin_user)
    account_services.grant_membership(user=caretaker, organisation=world.housing_b, role=Role.CARETAKER,
                                      actor=admin_user)  # held already: nothing changes, nothing logged
    account_services.change_membership(membership, organisation=world.housing_b, role=Role.ANALYST, actor=admin_user)
    account_services.end_membership(membership, actor=admin_user)
    rows = list(Entry.objects.filter(object_type="accounts.membership").order_by("pk")
                .values_list("action", "actor_id"))
    assert rows == [(Action.CREATE, admin_user.pk), (Action.CHANGE, admin_user.pk), (Action.DELETE, admin_user.pk)]


def test_the_routing_services_log_every_change(world):
    admin_user = world.users["municipal_admin"]
    referral_settings.save_deadlines(world.municipality_m, {"red": (0, 4), "yellow": (2, 0), "green": (5, 0)},
                                     actor=admin_user)
    assert Entry.objects.filter(object_type="referrals.deadlinepolicy", actor=admin_user).exists()


def test_the_hsds_import_command_logs_the_person_or_the_system(world):
    out, err = StringIO(), StringIO()
    call_command("import_hsds", str(HSDS_EXAMPLE), "--municipality", "0607", "--actor",
                 world.users["municipal_admin"].email, stdout=out, stderr=err)
    assert Service.objects.count() == 1
    row = Entry.objects.get(object_type="directory.service", action=Action.CHANGE)
    assert row.actor == world.users["municipal_admin"] and row.organisation == world.municipality_m
    assert row.purpose.startswith("HSDS import: service_full.json, ") and "1 services" in row.purpose

    call_command("import_hsds", str(HSDS_EXAMPLE), "--municipality", "0607", stdout=out, stderr=err)
    row = Entry.objects.filter(object_type="directory.service").order_by("-pk").first()
    assert row.actor is None and row.actor_label == "system: import_hsds"


def test_the_hsds_import_command_refuses_an_unknown_actor(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no active user"):
        call_command("import_hsds", str(HSDS_EXAMPLE), "--actor", "nobody@example.dk", stdout=StringIO())
    assert not Service.objects.exists()


def test_the_hsds_upload_on_the_admin_site_logs_the_administrator(operator, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("service_full.json", HSDS_EXAMPLE.read_bytes())
    operator.post(reverse("admin:directory_service_import"),
                  {"file": upload, "municipality": world.estate_a.municipality_id})
    row = Entry.objects.get(object_type="directory.service", action=Action.CHANGE)
    assert row.actor == operator.operator and "1 services" in row.purpose
