"""The API's contract proved on the demo data (`manage.py load_demo`): schemathesis sends
generated requests, valid and invalid, to every operation of `/api/v1/` with the demo's
published case-system token (Fredericia, `api_clients.demo_token("0607")`), and of `/api/hsds/`
against the official HSDS 3.0 OpenAPI. Whatever the input: no server error, and every answer as
its description says (status, content type, headers and body).

A read is first asked for each of the demo's records it may show (up to twenty of a kind), and a
generated path's id is a real one half of the time, so that the answers include the demo's own
records, not only 404s.

The demo client is a municipal case system: `referrals:read`, `referrals:write`, `audit:read`,
`statistics:read`. Operations needing a scope it lacks are checked for their refusal only (403;
422 for input refused first; 404 for an id no path holds): `POST /offers`, `PATCH /offers/{id}`,
`POST /offers/{id}/cancel`, `POST /offers/{id}/sessions`, `PATCH …/sessions/{sid}`, `POST …/sessions/{sid}/cancel`
and `…/restore` (offers:write),
`GET /offers/{id}/sign-ups` (signups:read), `PUT …/attendance/{sign_up_id}` (signups:write),
`GET /errands`, `GET /errands/{id}` (errands:read, a housing organisation's scope). Their
successful answers are checked on the test world by `api/tests/test_schemathesis.py`.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from lokalsundhed.core.tests.support import keeping_the_test_connection
from lokalsundhed.demo.api_clients import demo_token
from lokalsundhed.directory.tests.hsds_openapi import PATHS, check_conformance
from lokalsundhed.errands.models import Errand
from lokalsundhed.offers.models import Offer, Session, SignUp
from lokalsundhed.profiles.jsonstat import OWN_DATASETS
from lokalsundhed.profiles.models import StatisticsTable
from lokalsundhed.referrals.models import Referral

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 15
# As api/tests/test_schemathesis.py: whether a schema-valid request is accepted is not checked —
# a cursor this API did not give out, a missing record or a forbidden transition is refused for
# what no schema says — and an unknown query parameter is ignored, not refused.
NOT_CHECKED = [positive_data_acceptance, negative_data_rejection]
SCOPES_OF_THE_DEMO_CLIENT = {"referrals:read", "referrals:write", "audit:read", "statistics:read", None}


@pytest.fixture
def demo_over_wsgi(demo, settings):
    settings.API_RATE_LIMIT = 100_000
    with keeping_the_test_connection():
        yield


def _real_ids() -> dict[str, list[str]]:
    """Ids of the demo's records by the name of the path parameter."""
    def ids(qs: Any) -> list[str]:
        return [str(pk) for pk in qs.values_list("pk", flat=True).order_by("pk")[:20]]

    return {
        "referral_id": ids(Referral.objects.all()),
        # The measured offers first (the outcome report's), then others.
        "offer_id": list(dict.fromkeys(ids(Offer.objects.filter(measurement_plan__isnull=False)) + ids(Offer.objects.all()))),
        "session_id": ids(Session.objects.all()),
        "sign_up_id": ids(SignUp.objects.all()),
        "errand_id": ids(Errand.objects.all()),
        "table_id": [*StatisticsTable.objects.values_list("table_id", flat=True), *OWN_DATASETS],
    }


def _check_v1(operation: Any, real_ids: dict[str, list[str]], headers: dict[str, str]) -> set[int]:
    """Run one operation of /api/v1/; the statuses it answered."""
    names = [p.name for p in operation.path_parameters]
    reals = st.fixed_dictionaries({name: st.sampled_from(real_ids[name]) for name in names if real_ids.get(name)})
    answered: set[int] = set()
    if operation.method.upper() == "GET" and len(names) == 1:
        for real_id in real_ids.get(names[0], []):  # each demo record a read may show, once
            case = operation.Case(path_parameters={names[0]: real_id})
            answered.add(case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED).status_code)

    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(), real=reals, use_real=st.booleans())
    def run(case: Any, real: dict[str, str], use_real: bool) -> None:
        if use_real and real:
            case.path_parameters = {**(case.path_parameters or {}), **real}
        response = case.call_and_validate(headers=headers, excluded_checks=NOT_CHECKED)
        answered.add(response.status_code)

    run()
    return answered


def test_every_operation_of_the_api_keeps_its_contract_on_the_demo(demo_over_wsgi):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    headers = {"Authorization": f"Bearer {demo_token('0607')}"}
    real_ids = _real_ids()
    failures: list[str] = []
    answered: dict[str, set[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            answered[operation.label] = _check_v1(operation, real_ids, headers)
        except Exception as failure:  # noqa: BLE001 (every operation is run; all failures are reported)
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)
    assert len(answered) == 26
    scope = {result.ok().label: result.ok().definition.raw.get("x-scope") for result in schema.get_all_operations()}
    for label, codes in answered.items():
        if scope[label] not in SCOPES_OF_THE_DEMO_CLIENT:
            assert codes <= {403, 404, 422}, (label, codes)  # 404: an id the path cannot hold
        elif label.startswith("GET"):
            assert 200 in codes, (label, codes)  # a real document was checked
        else:
            assert codes - {401, 403}, (label, codes)  # the client got past its scopes


def test_the_help_guide_api_conforms_to_the_official_hsds_openapi_on_the_demo(demo_over_wsgi):
    answered = check_conformance(EXAMPLES_PER_OPERATION)
    assert {path for path, codes in answered.items() if 200 in codes} == set(answered) == PATHS
