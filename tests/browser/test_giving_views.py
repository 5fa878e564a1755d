"""Giving views in Chromium by keyboard alone, from the engagement page to the reference, checked
with axe-core on every page on the way: once for oneself, once as an advocate for someone else."""

from __future__ import annotations

import re

from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from engagement_portal.responses.models import Response
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import PASSWORD, make_engagement, make_user

MAX_TABS = 80


def tab_to(page, selector: str) -> None:
    """Press Tab until the element matching ``selector`` has focus (keyboard only, no mouse)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            assert page.locator(":focus").is_visible(), f"{selector} has focus but cannot be seen"
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def choose(page, name: str, value: str) -> None:
    """Select a radio option: Tab into the group, then arrow keys, as keyboard users do."""
    tab_to(page, f"input[name='{name}']")
    for _ in range(12):
        if page.evaluate("() => document.activeElement.value") == value:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value} for {name}")


def tick(page, name: str, value: str = "y") -> None:
    tab_to(page, f"input[name='{name}'][value='{value}']")
    page.keyboard.press("Space")


def type_into(page, field_id: str, text: str) -> None:
    tab_to(page, f"#{field_id}")
    page.keyboard.type(text)


def press_continue(page) -> None:
    accessible_and_reflows(page)
    tab_to(page, "main form [type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def accessible_and_reflows(page) -> None:
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def answer_the_questions(page) -> None:
    type_into(page, "answer", "The staff know me and I like the garden.")
    press_continue(page)
    choose(page, "answer", "weekly")
    press_continue(page)
    choose(page, "answer", "agree")
    press_continue(page)


def send_and_read_reference(page) -> str:
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Check your answers before sending your views"
    )
    press_continue(page)
    accessible_and_reflows(page)
    reference = page.locator(".ep-reference").inner_text()
    assert re.fullmatch(r"EP-[2-9A-Z]{4}-[2-9A-Z]{4}", reference)
    return reference


def start_from_engagement_page(page, slug: str) -> None:
    page.goto(f"/engagements/{slug}")
    accessible_and_reflows(page)
    tab_to(page, "a.govuk-button--start")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def stored_response(app, reference: str) -> Response:
    with app.app_context():
        response = db.session.query(Response).filter_by(reference=reference).one()
        db.session.expunge(response)
        return response


def test_a_citizen_gives_views_by_keyboard_alone(app, page):
    with app.app_context():
        slug = make_engagement().slug
    start_from_engagement_page(page, slug)

    choose(page, "respondent_type", "myself")
    press_continue(page)
    answer_the_questions(page)
    choose(page, "publication_consent", "anonymous")
    press_continue(page)
    choose(page, "hear_back", "yes")
    type_into(page, "email", "citizen@example.org")
    press_continue(page)
    reference = send_and_read_reference(page)

    response = stored_response(app, reference)
    assert response.respondent_type == "myself"
    assert response.publication_consent == "anonymous"
    assert response.email == "citizen@example.org"


def test_an_advocate_gives_someones_views_by_keyboard_alone(app, page):
    with app.app_context():
        slug = make_engagement().slug
        advocate = make_user(Role.ADVOCATE)
        email = advocate.email
    page.goto("/sign-in")
    accessible_and_reflows(page)
    type_into(page, "email", email)
    type_into(page, "password", PASSWORD)
    press_continue(page)

    start_from_engagement_page(page, slug)
    choose(page, "respondent_type", "on_behalf")
    press_continue(page)
    type_into(page, "relationship_to_person", "Independent advocate")
    choose(page, "gathering_method", "pictures")
    tick(page, "person_agreed")
    press_continue(page)
    answer_the_questions(page)
    choose(page, "publication_consent", "do_not_publish")
    press_continue(page)
    choose(page, "hear_back", "no")
    press_continue(page)
    reference = send_and_read_reference(page)

    response = stored_response(app, reference)
    assert response.respondent_type == "on_behalf"
    assert response.gathering_method == "pictures"
    assert response.person_agreed
    assert response.entered_by_id == advocate.id

    page.goto("/staff/my-views")
    accessible_and_reflows(page)
    assert reference in page.locator("main").inner_text()


def test_errors_are_summarised_and_focus_moves_to_the_summary(app, page):
    with app.app_context():
        slug = make_engagement().slug
    page.goto(f"/engagements/{slug}/respond/who")
    press_continue(page)
    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    assert "Select who you are giving views for" in summary.inner_text()
    accessible_and_reflows(page)
    # GOV.UK Frontend moves focus to the summary so screen reader users hear it first.
    assert page.evaluate("() => document.activeElement.classList.contains('govuk-error-summary')")
