"""docs/operations.md lists the worker's whole schedule: a periodic task added without a line
there fails here, so operators can see everything the worker does and when."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY


def test_every_periodic_task_is_in_the_operations_guide():
    autodiscover_modules("tasks")  # as the worker does when it starts
    guide = (Path(settings.BASE_DIR) / "docs" / "operations.md").read_text()
    tasks = [f"{task.__module__.split('.')[-2]}.{task.__name__}" for task in HUEY._registry._periodic_tasks]
    assert len(tasks) >= 15
    missing = [name for name in tasks if f"`{name}`" not in guide]
    assert not missing, f"periodic tasks missing from the schedule in docs/operations.md: {missing}"
