"""Browser tests: the real site in Debian Chromium, driven by Playwright, checked with axe-core.

How to write one::

    from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, focused
    from tests.factories import make_engagement

    def test_something(app, page):
        with app.app_context():            # the database is emptied after every test,
            slug = make_engagement().slug  # so create what the page needs here
        page.goto(f"/engagements/{slug}")  # relative to the live server
        assert_accessible(page)            # axe-core, WCAG 2.2 AA: 0 violations
        assert_no_horizontal_scroll(page)  # at 320 CSS px (also 1280 px at 400 % zoom)
        page.keyboard.press("Tab")
        assert focused(page)["text"] == "Skip to main content"

Fixtures: ``live_server`` (base URL of the test ``app`` served by werkzeug in a thread, one per
session), ``browser`` (Chromium, one per session) and ``page`` (a fresh context per test, with
CSP bypassed so that axe can be injected, 1280x900). A page that throws a JavaScript error or
fails to load one of its own assets fails the test that used it.

Nothing here ever skips: if Chromium or Playwright cannot start, every browser test errors with
the reason. CI (`.ci/run`) also fails if no browser test ran.
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(__file__).with_name("axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000  # a step that takes longer than this is a failure, not a wait

_BROWSER_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items):
    # This hook sees the whole session: mark only the tests in this folder.
    for item in items:
        if _BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


# Fixtures


@pytest.fixture(scope="session")
def live_server(app):
    """Base URL (``http://127.0.0.1:<port>``) of the test ``app`` served in a daemon thread."""
    # Request lines go to pytest's captured log only (werkzeug would add a stderr handler too).
    requests_log = logging.getLogger("werkzeug")
    requests_log.setLevel(logging.INFO)
    requests_log.addHandler(logging.NullHandler())
    server = make_server("127.0.0.1", 0, app, threaded=True)  # port 0: the OS picks a free one
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - the dev requirements include it
        pytest.fail(f"Playwright is not installed ({error}); run `make test`", pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)",
            pytrace=False,
        )
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        pytest.fail(f"Chromium at {CHROMIUM} could not start: {error}", pytrace=False)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh page in its own browser context (no cookies shared between tests)."""
    context = browser.new_context(base_url=live_server, bypass_csp=True, viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    tab.on("response", lambda response: _note_broken_asset(response, live_server, problems))
    yield tab
    context.close()
    assert not problems, "the page had problems:\n" + "\n".join(problems)


def _note_broken_asset(response, live_server: str, problems: list[str]) -> None:
    # The page itself may be a 404 on purpose; its own stylesheets, scripts and images may not.
    request = response.request
    if request.resource_type == "document" or not response.url.startswith(live_server):
        return
    if response.status >= 400:
        problems.append(f"{response.status} for {urlsplit(response.url).path}")


# Helpers


def assert_accessible(page) -> None:
    """Run axe-core on the page as it is now; fail listing every WCAG 2.2 A/AA violation."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make assets`", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.map((node) => node.target.join(" ")),
            }));
        }""",
        AXE_TAGS,
    )
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.extend(f"    {target}" for target in violation["targets"])
        pytest.fail("\n".join(lines), pytrace=False)


def assert_no_horizontal_scroll(page, width: int = 320) -> None:
    """At ``width`` CSS px the page must not scroll sideways (WCAG 1.4.10 Reflow)."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": original["height"]})
    try:
        overflow = page.evaluate(
            """() => {
                const root = document.documentElement;
                if (root.scrollWidth <= root.clientWidth) return null;
                const wide = [...document.body.querySelectorAll("*")]
                    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
                    .slice(0, 5)
                    .map((el) => el.tagName.toLowerCase()
                        + (el.id ? "#" + el.id : "")
                        + (el.className && typeof el.className === "string"
                            ? "." + el.className.trim().split(/\\s+/).join(".") : ""));
                return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
            }"""
        )
    finally:
        page.set_viewport_size(original)
    if overflow:
        pytest.fail(
            f"{page.url} scrolls sideways at {width}px: content is {overflow['scrollWidth']}px "
            f"wide in {overflow['clientWidth']}px; too wide: {', '.join(overflow['wide'])}",
            pytrace=False,
        )


def focused(page) -> dict:
    """What has keyboard focus: ``{"tag", "id", "text", "href", "name"}`` (text is trimmed)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el ? el.tagName.toLowerCase() : null,
                id: el ? el.id : null,
                text: el ? (el.innerText || el.value || "").trim() : null,
                href: el ? el.getAttribute("href") : null,
                name: el ? el.getAttribute("name") : null,
            };
        }"""
    )


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")
