"""The role-aware main navigation: built from the memberships already loaded, no queries.

A menu is the same for everyone who holds the same items with the same one marked, in one
language: `menu_key` names it, so the layout renders each menu once per app-server process
(the `{% cache … using="fragments" %}` blocks of base.html) instead of on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core.permissions import Perm


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    perm: Perm | None  # None: every logged-in member
    municipal_only: bool = False  # the permission must be held in a municipality


NAVIGATION: list[NavItem] = [
    NavItem(_("Overview"), "core:home", None),
    NavItem(_("Report a concern"), "referrals:observation_new", Perm.REPORT_OBSERVATION),
    NavItem(_("My referrals"), "referrals:my_reports", Perm.REPORT_OBSERVATION),
    NavItem(_("Referrals"), "referrals:queue", Perm.WORK_REFERRALS),
    NavItem(_("Help guide"), "directory:search", Perm.VIEW_ORGANISATION),
    NavItem(_("Activities"), "offers:offer_list", Perm.RUN_OFFERS),
    NavItem(_("Practical help"), "errands:errand_list", Perm.WORK_ERRANDS),
    NavItem(_("Training"), "training:catalogue", Perm.VIEW_ORGANISATION),
    NavItem(_("Volunteers"), "volunteers:volunteer_list", Perm.MANAGE_VOLUNTEERS),
    NavItem(_("Into work"), "work:interest_list", Perm.WORK_STEPS),
    NavItem(_("Rooms"), "rooms:room_list", Perm.BOOK_ROOMS),
    NavItem(_("Estates"), "organisations:estate_list", Perm.VIEW_ORGANISATION),
    NavItem(_("Partnerships"), "organisations:partnership_list", Perm.VIEW_ORGANISATION),
    NavItem(_("People"), "accounts:member_list", Perm.MANAGE_MEMBERS),
    NavItem(_("Numbers"), "referrals:numbers", Perm.VIEW_AGGREGATES),
    NavItem(_("Reach"), "offers:reach", Perm.VIEW_AGGREGATES),
    NavItem(_("Health profiles"), "profiles:index", Perm.VIEW_AGGREGATES),
    NavItem(_("Effect"), "outcomes:report", Perm.VIEW_AGGREGATES),
    NavItem(_("Practical help report"), "errands:report_index", Perm.VIEW_AGGREGATES),
    NavItem(_("Room utilisation"), "rooms:utilisation", Perm.VIEW_AGGREGATES),
    NavItem(_("Referral routing"), "referrals:routing_settings", Perm.MANAGE_ROUTING, municipal_only=True),
    NavItem(_("Access requests"), "subject_access:find", Perm.EXPORT_SUBJECT_DATA),
    NavItem(_("Access log"), "audit:entry_list", Perm.VIEW_AUDIT_LOG),
]


def _holds(user: Any, perm: Perm, municipal_only: bool) -> bool:
    if not municipal_only:
        return bool(user.has_role_perm(perm))
    return any(
        m.organisation.is_municipality and user.has_role_perm(perm, m.organisation_id)
        for m in user.active_memberships
    )


@lru_cache(maxsize=256)
def _address(url_name: str, urlconf: Any, prefix: str) -> str:
    """An item's address: the same for every request under one URL configuration and prefix."""
    return reverse(url_name, urlconf=urlconf)


def items_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    if not user.is_authenticated:
        return []
    urlconf, prefix = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    shown = [
        (item.label, _address(item.url_name, urlconf, prefix))
        for item in NAVIGATION
        if item.perm is None or _holds(user, item.perm, item.municipal_only)
    ]
    # One item is marked: the one whose address matches the most of the path (/lokaler/udnyttelse/
    # is "Room utilisation", not "Rooms").
    matches = [url for _label, url in shown if (current_path == url if url == "/" else current_path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [{"label": label, "url": url, "active": url == current} for label, url in shown]


def menu_key(items: list[dict[str, Any]]) -> str:
    """What a menu shows: its addresses in order, and the one marked (labels follow from the
    addresses and the language, which the layout's fragment keys add)."""
    return " ".join(f"{'*' if item['active'] else ''}{item['url']}" for item in items)
