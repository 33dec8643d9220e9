"""The residents' calendar and offer pages are cached (core/page_cache.py): any change to what
they show — an offer, its texts, times, free slots or places taken — drops them at once.

Saves and deletes arrive here; the services' bulk updates call `page_cache.invalidate` themselves."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from lokalsundhed.core import page_cache
from lokalsundhed.offers.models import Offer, OfferTranslation, Session, SignUp, Slot

AREA = "offers"


def _changed(sender: Any, **kwargs: Any) -> None:
    page_cache.invalidate(AREA)


for _model in (Offer, OfferTranslation, Session, Slot, SignUp):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"page_cache_{_model.__name__}_saved")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"page_cache_{_model.__name__}_deleted")
