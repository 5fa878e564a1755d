"""The public pages in a real browser: WCAG 2.2 AA by axe-core, reflow at 320 CSS px, and the
skip link as the first stop for keyboard users."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, focused
from tests.factories import make_engagement


@pytest.fixture
def engagement_slug(app):
    with app.app_context():
        return make_engagement(title="Day services for adults with learning disabilities").slug


def public_paths(slug: str) -> dict[str, str]:
    return {
        "home": "/",
        "engagements list": "/engagements/",
        "engagement": f"/engagements/{slug}",
        "sign in": "/sign-in",
    }


@pytest.mark.parametrize("name", ["home", "engagements list", "engagement", "sign in"])
def test_public_page_passes_axe_and_reflows_at_320px(page, engagement_slug, name):
    response = page.goto(public_paths(engagement_slug)[name])
    assert response.status == 200

    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_listed_engagement_is_shown_to_the_browser(page, engagement_slug):
    page.goto("/engagements/")

    page.get_by_role("link", name="Day services for adults with learning disabilities").click()

    assert page.url.endswith(f"/engagements/{engagement_slug}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Day services")


@pytest.mark.parametrize("name", ["home", "engagements list", "engagement", "sign in"])
def test_first_tab_reaches_skip_link_and_enter_moves_focus_to_main(page, engagement_slug, name):
    page.goto(public_paths(engagement_slug)[name])

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    assert page.locator(":focus").is_visible(), "the skip link must be visible when focused"

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"


def test_skip_link_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        page.keyboard.press("Tab")
        assert focused(page)["text"] == "Skip to main content"

        page.keyboard.press("Enter")
        assert focused(page)["id"] == "main-content"
    finally:
        context.close()
