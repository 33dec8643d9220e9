"""A referral's urgency and state as tags (DKFDS badges) that say it in words too, for screen
readers as well: `{% urgency_badge value label %}`, `{% state_badge value label %}`.

Tags in Python rather than included templates: a queue shows two on each of its cards."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def urgency_badge(urgency: str, label: Any) -> SafeString:
    return format_html('<span class="badge urgency-badge urgency-{}"><span class="sr-only">{}: </span>{}</span>',
                       urgency, _("Urgency"), label)


@register.simple_tag
def state_badge(state: str, label: Any) -> SafeString:
    return format_html('<span class="badge state-badge state-{}"><span class="sr-only">{}: </span>{}</span>',
                       state, _("State"), label)
