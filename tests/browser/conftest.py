"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every page a test visits is checked the same way (`check_page`): axe-core finds no WCAG 2.1
A/AA violation, the browser reports no Content-Security-Policy refusal and no script error,
no static file is missing, no card is stretched far beyond its content, and at 360 px the page
does not scroll sideways. A screenshot of
each page is kept in test-artifacts/screenshots/.

Without /usr/bin/chromium the tests skip on a developer's machine and fail in CI (CI=true).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
AXE_SOURCE = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = HERE.parent.parent / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

# Pages call this once the page has loaded; collects what the console and CSP report.
_WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
    ' at ' + (e.sourceFile || '') + ':' + (e.lineNumber || ''));
});
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which Django's ORM
    # refuses; allowed only while the browser is up (and the test database is flushed).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Watch:
    """What went wrong in the browser while a page was open."""

    csp: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    missing_static: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.csp.clear()
        self.script_errors.clear()
        self.missing_static.clear()


@pytest.fixture(scope="session", autouse=True)
def _migrated_data(django_db_setup: Any) -> str | None:
    """Django's snapshot of what the migrations put in the test database (regions,
    municipalities ...), taken before the live server starts."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


def _restore_migrated_data(snapshot: str | None) -> None:
    """Once Playwright and the live server run, this thread may hold a new connection object without Django's
    snapshot, and a flushed database would then stay empty: put the snapshot back."""
    from django.db import connection

    if snapshot and not getattr(connection, "_test_serialized_contents", None):
        connection._test_serialized_contents = snapshot
        connection.creation.deserialize_db_from_string(snapshot)


@pytest.fixture
def page(browser: Any, live_server: Any, _migrated_data: str | None) -> Iterator[Any]:
    """A fresh browser context in Danish (the default language), 1280 px wide."""
    _restore_migrated_data(_migrated_data)
    context = browser.new_context(viewport=DESKTOP, locale="da-DK", base_url=live_server.url)
    context.add_init_script(_WATCH_CSP)
    tab = context.new_page()
    watch = Watch()

    def on_console(message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            watch.csp.append(text)

    def on_response(response: Any) -> None:
        if "/static/" in response.url and response.status >= 400:
            watch.missing_static.append(f"{response.status} {response.url}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: watch.script_errors.append(str(error)))
    tab.on("response", on_response)
    tab.watch = watch
    yield tab
    context.close()


def _format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def run_axe(tab: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        # evaluate() is not subject to the page's CSP, unlike an injected <script>.
        tab.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = tab.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return result["violations"]


def _slug(name: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_.-]+", "-", name).strip("-")


# DKFDS sizes a card to its column (for a row of cards of one height): a card stacked with others
# in one column then stretches to the whole column, a tall empty box under its content.
_STRETCHED_CARDS = """() => [...document.querySelectorAll('.card')]
    .filter(card => !card.closest('.card-row') && card.lastElementChild)
    .filter(card => card.getBoundingClientRect().bottom - card.lastElementChild.getBoundingClientRect().bottom > 48)
    .map(card => (card.querySelector('h1, h2, h3') || card).textContent.trim().slice(0, 40))"""


# Words of table cells split over two lines, where the table has room to keep them whole (a long
# address or e-mail may still break, so only words of up to 20 letters count; a line may end after a
# dash or hyphen, as in 08:00–16:00, so those end a word).
_SPLIT_WORDS = """(cells) => [...document.querySelectorAll(cells)].flatMap(cell => {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const split = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const found of node.textContent.matchAll(/(?<![^\\s\\u2013-])[^\\s\\u2013-]{2,20}(?![^\\s\\u2013-])/g)) {
            const range = document.createRange();
            range.setStart(node, found.index);
            range.setEnd(node, found.index + found[0].length);
            const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
            if (tops.size > 1) split.push(found[0]);
        }
    }
    return split;
})"""


def check_page(tab: Any, name: str, *, sizes: tuple[str, ...] = ("desktop", "phone"), whole_words: bool = False
               ) -> None:
    """Check the open page at each size and keep a screenshot of each. Sizes: "desktop"
    (1280 px), "phone" (360 px, also no sideways scrolling), "current" (as it is, e.g. with the
    phone menu open). `whole_words`: no word of a table cell split over two lines at desktop
    width (for tables of words; a table of identifiers such as the access log's may split them).
    At phone width no word of a table that scrolls sideways is split, whatever `whole_words`."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    original = tab.viewport_size
    for label in sizes:
        as_is = label == "current"
        if as_is:
            label = "phone" if original["width"] <= PHONE["width"] else "desktop"
        else:
            tab.set_viewport_size(DESKTOP if label == "desktop" else PHONE)
            tab.wait_for_timeout(50)  # let DKFDS react to the resize
        # A full-page screenshot resizes the window for a moment, which closes an open phone menu.
        tab.screenshot(path=str(SCREENSHOTS / f"{_slug(name)}-{label}.png"), full_page=not as_is)
        violations = run_axe(tab)
        if violations:
            problems.append(f"axe at {label} width:\n{_format_violations(violations)}")
        if label == "phone":
            overflow = tab.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                wide = tab.evaluate(
                    """() => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))"""
                )
                problems.append(f"scrolls {overflow}px sideways at 360px; too wide: {wide}")
        if whole_words and label == "desktop":
            split = tab.evaluate(_SPLIT_WORDS, "td")
            if split:
                problems.append(f"words split over two lines in table cells at desktop width: {split[:5]}")
        if label == "phone":
            # A table that scrolls sideways has room for whole words at any width.
            split = tab.evaluate(_SPLIT_WORDS, ".table--responsive-scroll td")
            if split:
                problems.append(f"words split over two lines in a scrolling table at phone width: {split[:5]}")
        stretched = tab.evaluate(_STRETCHED_CARDS)
        if stretched:
            problems.append(f"cards far taller than what they hold at {label} width: {stretched}")
    if tab.viewport_size != original:
        tab.set_viewport_size(original)
    csp = list(tab.watch.csp) + tab.evaluate("() => window.__cspViolations || []")
    if csp:
        problems.append("Content-Security-Policy refusals:\n  " + "\n  ".join(csp))
    if tab.watch.script_errors:
        problems.append("script errors:\n  " + "\n  ".join(tab.watch.script_errors))
    if tab.watch.missing_static:
        problems.append("missing static files:\n  " + "\n  ".join(tab.watch.missing_static))
    tab.watch.clear()
    assert not problems, f"{name} ({tab.url}):\n" + "\n".join(problems)


@pytest.fixture
def check() -> Callable[..., None]:
    return check_page


def totp_code(secret: str) -> str:
    """The current code; waits out the last seconds of a period so it is still valid when sent."""
    from allauth.mfa.totp.internal.auth import hotp_value

    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.2)
    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


def log_in(tab: Any, email: str, password: str, totp_secret: str | None = None, *, check: bool = False) -> None:
    """Log in through the real form (and the two-factor step when the user has an authenticator)."""
    tab.goto("/accounts/login/")
    if check:
        check_page(tab, "login")
    tab.fill("#id_login", email)
    tab.fill("#id_password", password)
    tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_load_state()
    if totp_secret:
        tab.wait_for_selector("#id_code")
        if check:
            check_page(tab, "two-factor-authenticate")
        tab.fill("#id_code", totp_code(totp_secret))
        tab.locator("main form button[type=submit]").first.click()
        tab.wait_for_load_state()
    assert "/accounts/login" not in tab.url, f"login failed for {email}: {tab.url}"


@pytest.fixture
def totp() -> Callable[[str], str]:
    return totp_code


@pytest.fixture
def login() -> Callable[..., None]:
    return log_in


def nav_links(tab: Any) -> list[tuple[str, str]]:
    """(label, href) of the desktop main menu as the page shows it."""
    return [
        (a.inner_text().strip(), a.get_attribute("href"))
        for a in tab.locator(".navigation-menu .mainmenu > li:not(.more-option) a.nav-link").all()
    ]


@pytest.fixture
def menu() -> Callable[[Any], list[tuple[str, str]]]:
    return nav_links


def dump(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False)
