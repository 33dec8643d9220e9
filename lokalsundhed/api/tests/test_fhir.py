"""The referral as FHIR R4: every exported bundle is validated with fhir.resources (R4B)."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from lokalsundhed.api.tests.factories import bearer, make_client
from lokalsundhed.referrals.models import Consent, LegalBasis, Referral
from lokalsundhed.referrals.tests.factories import observe


def validated(body: dict) -> dict[str, dict]:
    Bundle.model_validate(body)
    resources = {}
    for entry in body["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        resources.setdefault(resource["resourceType"], resource)
    return resources


def fhir(client, token, referral_id):
    response = client.get(f"/api/v1/referrals/{referral_id}/fhir", **bearer(token))
    assert response.status_code == 200, response.content
    return validated(response.json())


def patch_task(client, token, referral_id, body):
    return client.patch(f"/api/v1/referrals/{referral_id}/fhir/task", data=json.dumps(body),
                        content_type="application/json", **bearer(token))


def test_the_bundle_carries_request_task_patient_and_consent(client, world):
    _, token = make_client(world.municipality_m, "referrals:read")
    r = fhir(client, token, world.referral.pk)
    sr, task, patient, consent = r["ServiceRequest"], r["Task"], r["Patient"], r["Consent"]
    assert sr["priority"] == "urgent"  # falls: yellow
    assert sr["code"]["coding"][0]["code"] == "falls"
    assert any(c["coding"][0]["code"] == "physical" for c in sr["category"])
    assert sr["performer"][0]["reference"] == f"Organization/unit-{world.unit.pk}"
    assert task["status"] == "requested"
    assert task["focus"]["reference"] == f"ServiceRequest/{sr['id']}"
    assert patient["name"] == [{"given": ["Inge"]}]
    assert set(patient) == {"resourceType", "id", "name", "address"}  # nothing more about the resident
    assert consent["provision"]["type"] == "permit"


def test_a_legal_basis_is_the_consents_policy_and_sdoh_categories_appear(client, world):
    basis = LegalBasis.objects.get(code="vital_interests")
    observation = observe(world.users["caretaker"], world.estate_a, "loneliness", "eviction_risk",
                          consent=Consent.DECLINED, legal_basis=basis, reason="Ikke set i en uge")
    _, token = make_client(world.municipality_m, "referrals:read")
    r = fhir(client, token, observation.referral.pk)
    assert r["Consent"]["policyRule"]["coding"][0]["code"] == "vital_interests"
    sdoh = {c["coding"][0]["code"] for c in r["ServiceRequest"]["category"] if "sdoh" in c["coding"][0]["system"]}
    assert sdoh == {"social-connection", "housing-instability"}


@pytest.mark.parametrize("steps, state, task_status", [
    ([{"status": "received"}], "received", "received"),
    ([{"status": "accepted", "business_status": "Vi har kontakt"}], "taken_over", "accepted"),
    ([{"status": "accepted"}, {"status": "completed", "outcome": "no_need"}], "closed", "completed"),
    ([{"status": "rejected", "status_reason": "Forkert kommune"}], "returned", "rejected"),
])
def test_a_case_system_moves_the_task_through_the_queues_transitions(client, world, steps, state, task_status):
    _, token = make_client(world.municipality_m, "referrals:read", "referrals:write")
    for body in steps:
        response = patch_task(client, token, world.referral.pk, body)
        assert response.status_code == 200, response.content
    get_fhir_model_class("Task").model_validate(response.json())
    assert response.json()["status"] == task_status
    assert Referral.objects.get(pk=world.referral.pk).state == state
    assert fhir(client, token, world.referral.pk)["Task"]["status"] == task_status


def test_completing_without_an_outcome_names_the_field(client, world):
    _, token = make_client(world.municipality_m, "referrals:write")
    patch_task(client, token, world.referral.pk, {"status": "accepted"})
    response = patch_task(client, token, world.referral.pk, {"status": "completed"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.outcome"


def test_an_impossible_task_status_is_a_conflict(client, world):
    _, token = make_client(world.municipality_m, "referrals:write")
    response = patch_task(client, token, world.referral.pk, {"status": "completed", "outcome": "no_need"})
    assert response.status_code == 409
