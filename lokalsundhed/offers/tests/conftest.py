from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks) -> Callable[[], AbstractContextManager[Any]]:
    """`with committed():` runs what the services queue for after the commit (messages)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
