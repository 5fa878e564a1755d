"""Giving views with JavaScript turned off, by keyboard alone (Tab, Space, Enter, arrow keys),
from the engagement page to the reference: once for oneself, once as an advocate for someone
else. Every page works without JavaScript (progressive enhancement), and at every Tab stop the
focused element can be seen and looks different from when it is not focused: a non-zero outline,
or a changed box-shadow or background, on the element, its label or their ::before/::after (GOV.UK
radios and checkboxes draw their focus ring on the label's ::before).

axe-core cannot be injected into a page without JavaScript, so it is not run here: the same
flows with JavaScript on (test_giving_views.py) run it on every page. Playwright's own evaluate
still works (it does not go through the page's scripts), which is how focus is inspected.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from engagement_portal.responses.models import Response
from tests.browser.conftest import TIMEOUT_MS, VIEWPORT, assert_no_horizontal_scroll
from tests.factories import PASSWORD, make_engagement, make_user

MAX_TABS = 80
FOCUSABLE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    "[tabindex]:not([tabindex='-1'])"
)
# The computed styles of an element, its labels and their ::before/::after, in a fixed order.
STYLES = """
const FOCUS_PROPERTIES = [
    "outline-style", "outline-width", "box-shadow", "background-color", "opacity"];
const styleOf = (el) => {
    const parts = [];
    for (const part of [el, ...(el.labels || [])]) {
        for (const pseudo of [null, "::before", "::after"]) {
            const style = getComputedStyle(part, pseudo);
            parts.push(Object.fromEntries(
                FOCUS_PROPERTIES.map((name) => [name, style.getPropertyValue(name)])));
        }
    }
    return parts;
};
"""
SNAPSHOT = (
    "(selector) => {"
    + STYLES
    + """
    if (document.activeElement && document.activeElement !== document.body) {
        document.activeElement.blur();
    }
    return [...document.querySelectorAll(selector)].map(styleOf);
}"""
)
FOCUS = (
    "(selector) => {"
    + STYLES
    + """
    const el = document.activeElement;
    const all = [...document.querySelectorAll(selector)];
    return {
        index: all.indexOf(el),
        styles: el ? styleOf(el) : [],
        describe: el ? el.outerHTML.replace(/\\s+/g, " ").slice(0, 120) : "nothing",
    };
}"""
)


class Keyboard:
    """Keyboard-only steps that check, at every focus change, that focus can be seen."""

    def __init__(self, page):
        self.page = page
        self.unfocused: list = []
        self.stops = 0  # focus changes checked

    def arrived(self) -> None:
        """A new page: note how each focusable element looks before it has focus."""
        assert self.page.evaluate("() => !document.body.classList.contains('js-enabled')"), (
            f"JavaScript ran on {self.page.url}"
        )
        assert_no_horizontal_scroll(self.page)
        self.unfocused = self.page.evaluate(SNAPSHOT, FOCUSABLE)

    def check_focus(self) -> None:
        state = self.page.evaluate(FOCUS, FOCUSABLE)
        where = f"{urlsplit(self.page.url).path}: {state['describe']}"
        assert state["index"] >= 0, f"focus is on something that is not focusable: {where}"
        assert self.page.locator(":focus").is_visible(), f"focused but cannot be seen: {where}"
        before = self.unfocused[state["index"]]
        assert _focus_shows(before, state["styles"]), (
            f"no visible focus indicator (outline, box-shadow or background) on {where}"
        )
        self.stops += 1

    def tab_to(self, selector: str) -> None:
        """Press Tab until ``selector`` has focus, checking focus at every stop on the way."""
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            self.check_focus()
            if self.page.evaluate(
                "(s) => document.activeElement && document.activeElement.matches(s)", selector
            ):
                return
        raise AssertionError(f"Tab never reached {selector} on {self.page.url}")

    def choose(self, name: str, value: str) -> None:
        """Tab into the radio group, then arrow keys (each moves focus and checks)."""
        self.tab_to(f"input[name='{name}']")
        for _ in range(12):
            if self.page.evaluate("() => document.activeElement.value") == value:
                self.page.keyboard.press("Space")
                assert self.page.evaluate("() => document.activeElement.checked")
                return
            self.page.keyboard.press("ArrowDown")
            self.check_focus()
        raise AssertionError(f"no option {value} for {name}")

    def tick(self, name: str, value: str = "y") -> None:
        self.tab_to(f"input[name='{name}'][value='{value}']")
        self.page.keyboard.press("Space")
        assert self.page.evaluate("() => document.activeElement.checked")

    def type_into(self, field_id: str, text: str) -> None:
        self.tab_to(f"#{field_id}")
        self.page.keyboard.type(text)

    def follow(self, selector: str) -> None:
        """Tab to a link or button and press Enter: a new page."""
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.arrived()

    def press_continue(self) -> None:
        self.follow("main form [type='submit']")


def _focus_shows(before: list[dict], after: list[dict]) -> bool:
    for unfocused, focused in zip(before, after, strict=False):
        if focused["opacity"] == "0":  # a GOV.UK radio's own input: its label shows focus
            continue
        outline = focused["outline-style"] != "none" and focused["outline-width"] not in (
            "0px",
            "0",
        )
        if outline and (
            unfocused["outline-style"],
            unfocused["outline-width"],
        ) != (focused["outline-style"], focused["outline-width"]):
            return True
        if focused["box-shadow"] != unfocused["box-shadow"] and focused["box-shadow"] != "none":
            return True
        if focused["background-color"] != unfocused["background-color"]:
            return True
    return False


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server,
        java_script_enabled=False,
        bypass_csp=True,
        viewport=VIEWPORT,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    broken: list[str] = []

    def note(response):
        own = response.url.startswith(live_server)
        if own and response.request.resource_type != "document" and response.status >= 400:
            broken.append(f"{response.status} for {urlsplit(response.url).path}")

    page.on("response", note)
    yield page
    context.close()
    assert not broken, "assets failed to load:\n" + "\n".join(broken)


def answer_the_questions(keys: Keyboard) -> None:
    keys.type_into("answer", "The staff know me and I like the garden.")
    keys.press_continue()
    keys.choose("answer", "weekly")
    keys.press_continue()
    keys.choose("answer", "agree")
    keys.press_continue()


def start_from_engagement_page(keys: Keyboard, slug: str) -> None:
    keys.page.goto(f"/engagements/{slug}")
    keys.arrived()
    keys.follow("a.govuk-button--start")


def send_and_read_reference(keys: Keyboard) -> str:
    page = keys.page
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Check your answers before sending your views"
    )
    keys.press_continue()
    assert page.url.endswith("/respond/sent")
    reference = page.locator(".ep-reference").inner_text()
    assert page.locator(".ep-reference").is_visible()
    assert re.fullmatch(r"EP-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    return reference


def stored_response(app, reference: str) -> Response:
    with app.app_context():
        response = db.session.query(Response).filter_by(reference=reference).one()
        db.session.expunge(response)
        return response


def test_a_citizen_gives_views_without_javascript(app, no_js_page):
    with app.app_context():
        slug = make_engagement().slug
    keys = Keyboard(no_js_page)
    start_from_engagement_page(keys, slug)

    keys.choose("respondent_type", "myself")
    keys.press_continue()
    answer_the_questions(keys)
    keys.choose("publication_consent", "anonymous")
    keys.press_continue()
    keys.choose("hear_back", "yes")
    keys.type_into("email", "citizen@example.org")  # shown without JavaScript to reveal it
    keys.press_continue()
    reference = send_and_read_reference(keys)

    response = stored_response(app, reference)
    assert response.respondent_type == "myself"
    assert response.publication_consent == "anonymous"
    assert response.email == "citizen@example.org"
    assert keys.stops > 20


def test_an_advocate_gives_someones_views_without_javascript(app, no_js_page):
    with app.app_context():
        slug = make_engagement().slug
        advocate = make_user(Role.ADVOCATE)
        email, advocate_id = advocate.email, advocate.id
    keys = Keyboard(no_js_page)
    no_js_page.goto("/sign-in")
    keys.arrived()
    keys.type_into("email", email)
    keys.type_into("password", PASSWORD)
    keys.press_continue()
    assert "/sign-in" not in no_js_page.url, "sign-in failed"

    start_from_engagement_page(keys, slug)
    keys.choose("respondent_type", "on_behalf")
    keys.press_continue()
    keys.type_into("relationship_to_person", "Independent advocate")
    keys.choose("gathering_method", "pictures")
    keys.tick("person_agreed")
    keys.press_continue()
    answer_the_questions(keys)
    keys.choose("publication_consent", "do_not_publish")
    keys.press_continue()
    keys.choose("hear_back", "no")
    keys.press_continue()
    reference = send_and_read_reference(keys)

    response = stored_response(app, reference)
    assert response.respondent_type == "on_behalf"
    assert response.gathering_method == "pictures"
    assert response.person_agreed
    assert response.entered_by_id == advocate_id

    no_js_page.goto("/staff/my-views")
    keys.arrived()
    assert reference in no_js_page.locator("main").inner_text()
    keys.follow(f"main a[href$='/staff/views/{response.id}']")  # the stored view, by keyboard
    assert reference in no_js_page.locator("main").inner_text()
    assert keys.stops > 20
