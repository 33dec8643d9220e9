"""The residents' help guide is cached (core/page_cache.py): a change to any of the guide's records
drops its pages at once. Saves and deletes arrive here; the import and the search index's bulk
writes call `page_cache.invalidate` themselves."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from lokalsundhed.core import page_cache

AREA = "directory"


def _changed(sender: Any, **kwargs: Any) -> None:
    page_cache.invalidate(AREA)


def connect() -> None:
    """Every model of the help guide, and its many-to-many links."""
    for model in apps.get_app_config("directory").get_models(include_auto_created=True):
        post_save.connect(_changed, sender=model, dispatch_uid=f"page_cache_{model._meta.label}_saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"page_cache_{model._meta.label}_deleted")
        m2m_changed.connect(_changed, sender=model, dispatch_uid=f"page_cache_{model._meta.label}_linked")
