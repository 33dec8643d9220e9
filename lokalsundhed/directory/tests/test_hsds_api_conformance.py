"""Conformance of `/api/hsds/` to the OFFICIAL HSDS 3.0 OpenAPI, checked by schemathesis on the
demo's help guide (about sixty services in two municipalities). What is checked, and the one
correction of the official document, are described in `hsds_openapi.py`; the demo's contract
test (`demo/tests/test_api_contracts_on_demo.py`) runs the same check on the whole demo."""

from __future__ import annotations

import pytest
import schemathesis

from lokalsundhed.core.tests.support import keeping_the_test_connection
from lokalsundhed.demo.directory import load_directory
from lokalsundhed.directory.tests.hsds_openapi import PATHS, check_conformance, official_description

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def demo_directory(db):
    load_directory()
    with keeping_the_test_connection():
        yield


def test_the_official_description_loads_with_every_path():
    schema = schemathesis.openapi.from_dict(official_description())
    assert {result.ok().path for result in schema.get_all_operations()} == PATHS


def test_the_api_conforms_to_the_official_hsds_openapi(demo_directory):
    answered = check_conformance(EXAMPLES_PER_OPERATION)
    # Every operation answered 200 at least once (the checks saw real documents).
    assert {path for path, codes in answered.items() if 200 in codes} == set(answered) == PATHS
