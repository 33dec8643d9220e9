"""The demo as a visitor tries it: every demo login, every page of its menu and the pages
behind the lists, each checked for WCAG 2.1 AA and CSP (conftest.check_page)."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Pages behind a list: the first link in the list's table leads to one.
LISTS_WITH_DETAILS = ("/afdelinger/", "/partnerskaber/")


def _secret(totp_uri: str | None) -> str | None:
    if not totp_uri:
        return None
    return parse_qs(urlparse(totp_uri).query)["secret"][0]


# The demo logins in this many parts, each a test of its own: the suite's workers share them out
# (one test of all logins took over three minutes on one worker while the other sat idle).
PARTS = 4


@pytest.mark.parametrize("part", range(PARTS))
def test_every_demo_user_can_use_every_page_they_reach(part, page, check, login, menu, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    every_login = json.loads((tmp_path / "demo-logins.json").read_text(encoding="utf-8"))
    assert len(every_login) >= PARTS
    logins = every_login[part::PARTS]

    checked_at_phone_width: set[str] = set()

    def visit(name: str, path: str) -> None:
        # Every page is checked at desktop width; each path once more at 360 px.
        sizes = ("desktop",) if path in checked_at_phone_width else ("desktop", "phone")
        checked_at_phone_width.add(path)
        check(page, name, sizes=sizes)

    for demo in logins:
        who = demo["email"].split("@")[0]
        page.context.clear_cookies()
        login(page, demo["email"], demo["password"], _secret(demo["totp_uri"]))
        visit(f"demo-{who}-home", "/")
        links = menu(page)
        for _, href in links[1:]:
            response = page.goto(href)
            assert response.ok, f"{demo['email']}: {href} answered {response.status}"
            visit(f"demo-{who}-{href.strip('/').replace('/', '-')}", href)
            if href in LISTS_WITH_DETAILS and page.locator("main table a").count():
                page.locator("main table a").first.click()
                page.wait_for_load_state()
                visit(f"demo-{who}-{href.strip('/')}-detail", f"{href}<detail>")
