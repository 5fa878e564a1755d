"""The Content-Security-Policy as Chromium enforces it. The ``page`` fixture bypasses CSP (to
inject axe-core); here nothing is bypassed: pages must load, GOV.UK Frontend's JavaScript must
start, and the browser must report no violation of the policy or the Permissions-Policy."""

from __future__ import annotations

import pytest

from engagement_portal.core.access import Role
from tests.browser.conftest import TIMEOUT_MS, VIEWPORT, _note_broken_asset
from tests.factories import PASSWORD, make_engagement, make_user

# How Chromium's console reports a blocked script, style or image, or a bad Permissions-Policy.
POLICY_WORDS = ("Content Security Policy", "Permissions-Policy", "Permissions policy", "Refused to")

# Runs before any page script: records every violation the page reports.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(
        event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " at "
        + event.sourceFile + ":" + event.lineNumber
    );
});
"""


@pytest.fixture
def enforcing_page(browser, live_server):
    """A page with the site's CSP enforced; fails its test on any reported violation, console
    error about a policy, JavaScript error or broken asset."""
    context = browser.new_context(base_url=live_server, viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RECORD_VIOLATIONS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))

    def note_policy_message(message) -> None:
        if any(word in message.text for word in POLICY_WORDS):
            problems.append(f"console {message.type}: {message.text}")

    tab.on("console", note_policy_message)
    tab.on("response", lambda response: _note_broken_asset(response, live_server, problems))
    yield tab
    context.close()
    assert not problems, "\n".join(problems)


def assert_no_violations_and_frontend_started(page) -> None:
    assert page.evaluate("window.__violations") == [], page.url
    classes = page.evaluate("document.body.className")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes, classes


def test_public_pages_and_signing_in_work_under_the_enforced_policy(app, enforcing_page):
    page = enforcing_page
    with app.app_context():
        slug = make_engagement().slug
        email = make_user(Role.COMMISSIONER).email

    for path in ("/", "/engagements/", f"/engagements/{slug}"):
        assert page.goto(path).status == 200
        assert_no_violations_and_frontend_started(page)
        # The stylesheets applied: GOV.UK's layout width, and the organisation's colour.
        width = page.evaluate(
            "getComputedStyle(document.querySelector('.govuk-width-container')).maxWidth"
        )
        colour = page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--org-colour').trim()"
        )
        assert (width, colour) == ("960px", app.config["ORG_COLOUR"])

    # The question pages: the character count's script adds its live message.
    page.get_by_role("button", name="Give your views").click()
    page.locator("input[name=respondent_type][value=myself]").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/respond/question/1")
    assert page.locator(".govuk-character-count__status").count() == 1
    assert_no_violations_and_frontend_started(page)

    # Sign in: the password field's "Show" button only appears when its script ran, and the
    # form posts and redirects within the site (form-action 'self').
    page.goto("/sign-in")
    assert page.get_by_role("button", name="Show password").is_visible()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/staff")
    assert_no_violations_and_frontend_started(page)
    page.goto("/staff/engagements/new")
    assert_no_violations_and_frontend_started(page)
