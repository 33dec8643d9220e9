from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from lokalsundhed.core.navigation import items_for, menu_key


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = items_for(user, request.path)
    return {"nav_items": items, "nav_key": menu_key(items)}
