"""A pytest plugin for tests/suite/test_order.py: runs the transactional tests first, as a worker
of `--dist worksteal` may when it takes plain tests from another worker's queue after its own."""

from __future__ import annotations

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    from conftest import _is_transactional

    items.sort(key=lambda item: not _is_transactional(item))
