"""A referral as a FHIR R4 Bundle, after the HL7 Gravity SDOH Clinical Care referral pattern:
a ServiceRequest (what is asked, of whom, how urgently), a Task (the closed loop's state), the
Patient (only what the referral holds: first name and address), the Consent or legal basis,
and the Organizations involved. The mapping is documented in docs/fhir.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from lokalsundhed.referrals.models import Consent, Observation, Referral

BASE = "https://lokalsundhed.dk/fhir"
SIGN_SYSTEM = f"{BASE}/CodeSystem/sign"  # the platform's sign catalogue
SIGN_CATEGORY_SYSTEM = f"{BASE}/CodeSystem/sign-category"
OUTCOME_SYSTEM = f"{BASE}/CodeSystem/referral-outcome"
LEGAL_BASIS_SYSTEM = f"{BASE}/CodeSystem/legal-basis"
STATE_SYSTEM = f"{BASE}/CodeSystem/referral-state"
SDOH_SYSTEM = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"
TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code"
CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentcategorycodes"
ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CVR_SYSTEM = "urn:oid:1.2.208.176.1.1"  # Danish CVR number
MUNICIPALITY_CODE_SYSTEM = "urn:oid:1.2.208.176.1.6"  # Danish municipality code

# The referral's closed loop as FHIR Task.status.
TASK_STATUS = {
    Referral.State.SENT: "requested",
    Referral.State.RECEIVED: "received",
    Referral.State.TAKEN_OVER: "accepted",
    Referral.State.CLOSED: "completed",
    Referral.State.RETURNED: "rejected",
}
SERVICE_REQUEST_STATUS = {
    Referral.State.SENT: "active",
    Referral.State.RECEIVED: "active",
    Referral.State.TAKEN_OVER: "active",
    Referral.State.CLOSED: "completed",
    Referral.State.RETURNED: "revoked",
}
PRIORITY = {"green": "routine", "yellow": "urgent", "red": "asap"}
# Gravity SDOH categories where a sign of ours means the same; the others carry only our own codes.
SDOH_CATEGORY = {
    "loneliness": ("social-connection", "Social Connection"),
    "eviction_risk": ("housing-instability", "Housing Instability"),
    "hoarding": ("inadequate-housing", "Inadequate Housing"),
    "pests": ("inadequate-housing", "Inadequate Housing"),
    "smell": ("inadequate-housing", "Inadequate Housing"),
    "unsafe_installations": ("inadequate-housing", "Inadequate Housing"),
    "abuse_neglect": ("elder-abuse", "Elder Abuse"),
    "conflict": ("stress", "Stress"),
}


def _ref(kind: str, key: str) -> dict[str, str]:
    return {"reference": f"{kind}/{key}"}


def _full_url(kind: str, key: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/api/v1/fhir/{kind}/{key}"


def _organisation(key: str, name: str, *, cvr: str = "", municipality_code: str = "",
                  part_of: str | None = None) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Organization", "id": key, "active": True, "name": name}
    identifiers = []
    if cvr:
        identifiers.append({"system": CVR_SYSTEM, "value": cvr})
    if municipality_code:
        identifiers.append({"system": MUNICIPALITY_CODE_SYSTEM, "value": municipality_code})
    if identifiers:
        resource["identifier"] = identifiers
    if part_of:
        resource["partOf"] = _ref("Organization", part_of)
    return resource


def _patient(observation: Observation, key: str) -> dict[str, Any]:
    patient: dict[str, Any] = {"resourceType": "Patient", "id": key}
    if observation.resident_first_name:
        patient["name"] = [{"given": [observation.resident_first_name]}]
    dwelling = observation.dwelling
    if dwelling is not None:
        line = " ".join(part for part in (dwelling.street, dwelling.number) if part)
        unit = ", ".join(part for part in (dwelling.floor, dwelling.door) if part)
        patient["address"] = [{
            "use": "home", "type": "physical", "line": [f"{line}, {unit}" if unit else line],
            "postalCode": dwelling.postcode, "city": dwelling.city, "country": "DK",
        }]
    return patient


def _consent(observation: Observation, key: str, patient_key: str, organisation_key: str) -> dict[str, Any]:
    consent: dict[str, Any] = {
        "resourceType": "Consent", "id": key, "status": "active",
        "scope": {"coding": [{"system": CONSENT_SCOPE_SYSTEM, "code": "patient-privacy"}]},
        "category": [{"coding": [{"system": CONSENT_CATEGORY_SYSTEM, "code": "npp"}]}],
        "patient": _ref("Patient", patient_key),
        "dateTime": observation.created_at.isoformat(),
        "organization": [_ref("Organization", organisation_key)],
    }
    if observation.consent == Consent.YES:
        consent["policyRule"] = {"coding": [{"system": ACT_CODE_SYSTEM, "code": "OPTIN"}],
                                 "text": "The resident agreed to be contacted"}
        consent["provision"] = {"type": "permit"}
    elif observation.legal_basis is not None:
        basis = observation.legal_basis
        consent["policyRule"] = {"coding": [{"system": LEGAL_BASIS_SYSTEM, "code": basis.code, "display": basis.name}],
                                 "text": observation.legal_basis_reason or basis.name}
        consent["provision"] = {"type": "permit"}
    else:
        consent["status"] = "rejected"
        consent["policyRule"] = {"text": observation.get_consent_display()}
        consent["provision"] = {"type": "deny"}
    return consent


def bundle(referral: Referral, signs: list[Any], updated_at: Any = None) -> dict[str, Any]:
    """The Bundle for one referral; `signs` are the observation's signs with their categories."""
    observation = referral.observation
    estate = observation.estate
    housing = estate.housing_organisation
    municipality = referral.municipality
    unit = referral.unit
    keys = {
        "sr": f"referral-{referral.pk}", "task": f"referral-{referral.pk}-task",
        "patient": f"referral-{referral.pk}-resident", "consent": f"referral-{referral.pk}-consent",
        "housing": f"organisation-{housing.pk}", "municipality": f"organisation-{municipality.pk}",
        "unit": f"unit-{unit.pk}",
    }
    categories: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for sign in signs:
        for system, code, display in [(SIGN_CATEGORY_SYSTEM, sign.category.code, sign.category.name),
                                      (SDOH_SYSTEM, *SDOH_CATEGORY.get(sign.code, ("", "")))]:
            if code and (system, code) not in seen:
                seen.add((system, code))
                categories.append({"coding": [{"system": system, "code": code, "display": display}]})
    service_request: dict[str, Any] = {
        "resourceType": "ServiceRequest", "id": keys["sr"],
        "identifier": [{"system": f"{BASE}/referral", "value": str(referral.pk)}],
        "status": SERVICE_REQUEST_STATUS[Referral.State(referral.state)], "intent": "order",
        "category": categories,
        "priority": PRIORITY[referral.urgency],
        "code": {"coding": [{"system": SIGN_SYSTEM, "code": s.code, "display": s.name} for s in signs],
                 "text": ", ".join(s.name for s in signs)},
        "subject": _ref("Patient", keys["patient"]),
        "authoredOn": referral.sent_at.isoformat(),
        "requester": _ref("Organization", keys["housing"]),
        "performer": [_ref("Organization", keys["unit"])],
        "supportingInfo": [_ref("Consent", keys["consent"])],
    }
    if referral.routing_reason:
        service_request["reasonCode"] = [{"text": referral.routing_reason}]
    if observation.description:
        service_request["note"] = [{"text": observation.description}]
    task: dict[str, Any] = {
        "resourceType": "Task", "id": keys["task"],
        "status": TASK_STATUS[Referral.State(referral.state)], "intent": "order",
        "businessStatus": {"coding": [{"system": STATE_SYSTEM, "code": referral.state}],
                           "text": referral.status_text or referral.get_state_display()},
        "code": {"coding": [{"system": TASK_CODE_SYSTEM, "code": "fulfill"}]},
        "priority": PRIORITY[referral.urgency],
        "focus": _ref("ServiceRequest", keys["sr"]),
        "for": _ref("Patient", keys["patient"]),
        "authoredOn": referral.sent_at.isoformat(),
        "lastModified": (updated_at or referral.closed_at or referral.taken_over_at or referral.received_at
                         or referral.sent_at).isoformat(),
        "requester": _ref("Organization", keys["housing"]),
        "owner": _ref("Organization", keys["unit"]),
        "restriction": {"period": {"end": referral.deadline_at.isoformat()}},
    }
    if referral.state == Referral.State.RETURNED and referral.return_reason:
        task["statusReason"] = {"text": referral.return_reason}
    if referral.outcome:
        task["output"] = [{
            "type": {"coding": [{"system": OUTCOME_SYSTEM, "code": "outcome"}]},
            "valueCodeableConcept": {"coding": [{"system": OUTCOME_SYSTEM, "code": referral.outcome,
                                                 "display": referral.get_outcome_display()}]},
        }]
    resources = [
        service_request, task, _patient(observation, keys["patient"]),
        _consent(observation, keys["consent"], keys["patient"], keys["housing"]),
        _organisation(keys["housing"], housing.name, cvr=housing.cvr),
        _organisation(keys["municipality"], municipality.name, cvr=municipality.cvr,
                      municipality_code=municipality.municipality.code),
        _organisation(keys["unit"], unit.name, part_of=keys["municipality"]),
    ]
    return {
        "resourceType": "Bundle", "id": f"referral-{referral.pk}-bundle", "type": "collection",
        "timestamp": (updated_at or referral.sent_at).isoformat(),
        "entry": [{"fullUrl": _full_url(r["resourceType"], r["id"]), "resource": r} for r in resources],
    }


def task_of(bundle_: dict[str, Any]) -> dict[str, Any]:
    return next(e["resource"] for e in bundle_["entry"] if e["resource"]["resourceType"] == "Task")
