"""Placeholder filled below."""
from ninja import Router

PREFIX = "offers"
router = Router(tags=["offers"])
