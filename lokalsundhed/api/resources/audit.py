"""Placeholder filled below."""
from ninja import Router

PREFIX = "audit"
router = Router(tags=["audit"])
