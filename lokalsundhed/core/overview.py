"""The logged-in overview: for each role a person holds, what needs them now — in counts.

A registry, like `core/subject_access.py`: each capability adds its sections in its own
`overview.py` (found by `CoreConfig.ready`), so core imports no capability. A section's
`compute` returns None when the person does not hold the role it serves, else the figures
its template shows — from the app's selectors, through the scoping helper, counted by the
database, at most one query. Counts only: no resident's name or address reaches this page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

if TYPE_CHECKING:
    from django.utils.functional import Promise

Compute = Callable[[Any, datetime], Any]


@dataclass(frozen=True)
class Section:
    """One card of the overview. `lead_template` (optional) is drawn above the cards, for a
    call to action such as the caretaker's "Report a concern" button."""

    key: str
    order: int
    template: str
    compute: Compute
    lead_template: str = ""


@dataclass(frozen=True)
class ReportLink:
    """A link on the "Numbers and reports" card, shown to holders of `view_aggregates`."""

    label: str | Promise
    url_name: str
    order: int


_SECTIONS: dict[str, Section] = {}
_REPORT_LINKS: dict[str, ReportLink] = {}


def register_section(key: str, *, order: int, template: str, lead_template: str = "") -> Callable[[Compute], Compute]:
    """Declare a capability's section of the overview. Used once per key."""

    def decorator(compute: Compute) -> Compute:
        if key in _SECTIONS:
            raise ImproperlyConfigured(f"overview section {key!r} is registered twice")
        _SECTIONS[key] = Section(key=key, order=order, template=template, compute=compute,
                                 lead_template=lead_template)
        return compute

    return decorator


def register_report_link(url_name: str, *, label: str | Promise, order: int) -> None:
    """Declare a capability's page of anonymous figures, linked from the numbers card."""
    _REPORT_LINKS[url_name] = ReportLink(label=label, url_name=url_name, order=order)


def report_links() -> list[ReportLink]:
    return sorted(_REPORT_LINKS.values(), key=lambda link: link.order)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda section: section.order)


@dataclass(frozen=True)
class Shown:
    section: Section
    data: Any


@dataclass(frozen=True)
class Overview:
    """The sections shown to one person, in order. `overview.queue` is the queue section's
    figures, or None where the person does not see that section."""

    shown: list[Shown] = field(default_factory=list)

    def __iter__(self) -> Iterator[Shown]:
        return iter(self.shown)

    def __getattr__(self, key: str) -> Any:
        for item in self.__dict__.get("shown", ()):
            if item.section.key == key:
                return item.data
        if key in _SECTIONS:
            return None
        raise AttributeError(key)

    @property
    def has_sections(self) -> bool:
        return bool(self.shown)

    @property
    def leads(self) -> list[Shown]:
        return [item for item in self.shown if item.section.lead_template]


def overview_for(user: Any, now: datetime | None = None) -> Overview:
    """The sections of the overview the user's roles call for: at most one query each."""
    now = now or timezone.now()
    shown = []
    for section in sections():
        data = section.compute(user, now)
        if data is not None:
            shown.append(Shown(section=section, data=data))
    return Overview(shown=shown)


@register_section("numbers", order=90, template="core/overview/numbers.html")
def _numbers(user: Any, now: datetime) -> list[ReportLink] | None:
    """Links to every capability's anonymous figures, for holders of `view_aggregates`."""
    from lokalsundhed.core.permissions import Perm

    return report_links() if user.has_role_perm(Perm.VIEW_AGGREGATES) else None
