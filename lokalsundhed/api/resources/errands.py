"""Placeholder filled below."""
from ninja import Router

PREFIX = "errands"
router = Router(tags=["errands"])
