"""Every staff page, for each role that may use it, and the rest of the public give-views flow, in
Chromium with realistic data: axe-core (WCAG 2.2 AA) finds nothing and nothing scrolls sideways at
320 CSS px. Forms are also sent empty, so their error summaries and field errors are checked too."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pyotp
import pytest

from engagement_portal.accounts import services as accounts
from engagement_portal.core.access import Role
from engagement_portal.engagements import services as engagements
from engagement_portal.extensions import db
from engagement_portal.outbox.models import OutboxMessage
from engagement_portal.responses.models import SafeguardingState
from engagement_portal.responses.services import Submission, record_response
from engagement_portal.safeguarding import services as safeguarding
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import PASSWORD, make_engagement, make_user

LONG_TITLE = "Day opportunities, short breaks and respite for adults with learning disabilities"
# People paste links: one long unbroken word must not widen a page at 320 px.
PASTED_LINK = (
    "https://www.northshire.example.gov.uk/adult-social-care/day-opportunities/easy-read.pdf"
)
# A word from engagement_portal/safeguarding/terms.txt, so this view is held for review.
WORRYING = "Since the new manager came, one of the staff hit me when I ask for help."


@dataclass(frozen=True)
class Site:
    """What the seeded database holds, as plain values the browser side can use."""

    emails: dict[Role, str]
    provider_id: int
    open_id: int
    open_slug: str
    draft_id: int
    empty_draft_id: int
    choice_question_id: int
    closed_id: int
    closed_slug: str
    own_view_id: int
    on_behalf_view_id: int
    on_behalf_reference: str
    held_view_id: int
    released_view_id: int


def seed() -> Site:
    """Realistic data for every page: long names and addresses, all kinds of views."""
    provider_org = accounts.get_or_create_organisation(
        "Northshire Community Day Opportunities and Short Breaks Service", is_provider=True
    )
    commissioner = make_user(
        Role.COMMISSIONER, email="commissioning.adult.social.care@northshire-council.example.org"
    )
    advocate = make_user(
        Role.ADVOCATE, email="independent.advocacy@northshire-advocacy.example.org"
    )
    provider = make_user(
        Role.PROVIDER,
        organisation=provider_org,
        email="registered.manager@northshire-day-opportunities.example.org",
    )
    administrator = make_user(Role.ADMINISTRATOR)

    open_engagement = make_engagement(
        title=LONG_TITLE,
        summary=f"Read the proposals first: {PASTED_LINK}",
        provider=provider_org,
    )
    draft = make_engagement(published=False, title="Transport to day services from April")
    empty_draft = make_engagement(published=False, questions=False, title="Carers' breaks")
    closed = make_engagement(
        title="Changes to the community meals service",
        opens_in=dt.timedelta(days=-60),
        closes_in=dt.timedelta(days=10),
    )
    first, second, third = sorted(open_engagement.questions, key=lambda q: q.position)

    def submit(token: str, text: str, entered_by=None, **fields):
        answers = {first.id: text, second.id: "weekly", third.id: "strongly_agree"}
        values = {"respondent_type": "myself", "publication_consent": "anonymous", **fields}
        return record_response(
            open_engagement,
            Submission(answers=answers, **values),
            idempotency_token=token,
            entered_by=entered_by,
        )

    own = submit(
        "own",
        f"The staff know me and I like the garden. The timetable ({PASTED_LINK}) is too hard.",
        publication_consent="with_name",
        respondent_name="Bethan Lloyd-Richards",
        hear_back=True,
        email="bethan.lloyd-richards.family.carer@example.org",
    )
    on_behalf = submit(
        "on-behalf",
        "Amir likes the music group best. He gets tired when the bus takes a long time.",
        entered_by=advocate,
        respondent_type="on_behalf",
        relationship_to_person="Independent advocate for the last three years",
        gathering_method="pictures",
        gathering_detail="We used the picture cards from the day centre.",
        person_agreed=True,
        publication_consent="do_not_publish",
    )
    held = submit("held", WORRYING)
    released = submit("released", "Somebody was abusive on the phone line, but it is sorted now.")
    assert held.safeguarding_state == SafeguardingState.HELD
    safeguarding.decide(released, administrator, "release", "Spoke to the caller: no concern.")

    # The audit log and accounts list need something in them.
    engagements.close_early(closed, commissioner)
    accounts.invite(
        administrator,
        email="new.commissioner.children.and.families@northshire-council.example.org",
        name="Gwenllian Aberconway-Hughes",
        role=Role.COMMISSIONER,
    )
    choice_question = next(q for q in draft.questions if q.choices)
    return Site(
        emails={
            Role.COMMISSIONER: commissioner.email,
            Role.ADVOCATE: advocate.email,
            Role.PROVIDER: provider.email,
            Role.ADMINISTRATOR: administrator.email,
        },
        provider_id=provider.id,
        open_id=open_engagement.id,
        open_slug=open_engagement.slug,
        draft_id=draft.id,
        empty_draft_id=empty_draft.id,
        choice_question_id=choice_question.id,
        closed_id=closed.id,
        closed_slug=closed.slug,
        own_view_id=own.id,
        on_behalf_view_id=on_behalf.id,
        on_behalf_reference=on_behalf.reference,
        held_view_id=held.id,
        released_view_id=released.id,
    )


@pytest.fixture
def site(app) -> Site:
    with app.app_context():
        return seed()


# Helpers


def checked(page, path: str | None = None, *, status: int = 200, errors: bool = False) -> None:
    """Open ``path`` (or stay on the current page) and check it with axe and at 320 px."""
    if path is not None:
        response = page.goto(path)
        assert response.status == status, f"{path} answered {response.status}"
    if errors:
        assert page.title().startswith("Error:"), f"no errors shown on {page.url}"
        assert page.locator(".govuk-error-summary").is_visible()
        assert page.locator(".govuk-error-message").count() > 0
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def press(page, name: str | None = None) -> None:
    """Click a button in the page's main content (the first form's button if no name)."""
    button = (
        page.locator("main").get_by_role("button", name=name, exact=True)
        if name
        else page.locator("main form [type='submit']").first
    )
    with page.expect_navigation():
        button.click()


def sign_in(page, email: str) -> None:
    page.goto("/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    press(page)
    assert "/sign-in" not in page.url, "sign-in failed"


# Staff, one walk per role


def test_commissioner_pages(page, site):
    sign_in(page, site.emails[Role.COMMISSIONER])
    checked(page, "/staff")
    checked(page, "/staff/engagements/")

    checked(page, "/staff/engagements/new")
    press(page)
    checked(page, errors=True)

    checked(page, f"/staff/engagements/{site.draft_id}")
    checked(page, f"/staff/engagements/{site.empty_draft_id}")
    checked(page, f"/staff/engagements/{site.closed_id}")
    checked(page, f"/staff/engagements/{site.draft_id}/edit")
    page.fill("#title", "")
    page.fill("#summary", "")
    press(page)
    checked(page, errors=True)

    checked(page, f"/staff/engagements/{site.draft_id}/questions/new")
    press(page)
    checked(page, errors=True)
    question = f"/staff/engagements/{site.draft_id}/questions/{site.choice_question_id}/edit"
    checked(page, question)
    page.fill("#text", "")
    page.fill("#choices", "Only one option")
    press(page)
    checked(page, errors=True)

    checked(page, f"/staff/engagements/{site.open_id}")
    checked(page, f"/staff/engagements/{site.open_id}/edit")
    checked(page, f"/staff/engagements/{site.open_id}/views")
    for view_id in (site.own_view_id, site.on_behalf_view_id, site.held_view_id):
        checked(page, f"/staff/views/{view_id}")

    # Assisted entry: keying in views received on paper, by phone or at an event.
    page.goto(f"/staff/engagements/{site.open_id}")
    press(page, "Enter views received on paper, by phone or at an event")
    assert page.url.endswith(f"/engagements/{site.open_slug}/respond/received")
    checked(page)
    press(page)
    checked(page, errors=True)

    safeguarding_pages(page, site)


def safeguarding_pages(page, site: Site) -> None:
    checked(page, "/staff/safeguarding/")
    assert page.locator("main table tbody tr").count() == 1  # the held view, not the released
    checked(page, f"/staff/safeguarding/{site.held_view_id}")
    press(page)
    checked(page, errors=True)
    checked(page, f"/staff/safeguarding/{site.released_view_id}")


def test_advocate_pages(page, site):
    sign_in(page, site.emails[Role.ADVOCATE])
    checked(page, "/staff")
    checked(page, "/staff/my-views")
    assert site.on_behalf_reference in page.locator("main").inner_text()
    checked(page, f"/staff/views/{site.on_behalf_view_id}")


def test_provider_pages(page, site):
    sign_in(page, site.emails[Role.PROVIDER])
    checked(page, "/staff")
    checked(page, "/staff/engagements/about-your-service")
    assert LONG_TITLE in page.locator("main").inner_text()
    checked(page, "/staff/engagements/", status=403)  # a commissioner's page


def test_administrator_pages(app, page, site):
    sign_in(page, site.emails[Role.ADMINISTRATOR])
    checked(page, "/staff")
    checked(page, "/staff/accounts")
    assert "Gwenllian Aberconway-Hughes" in page.locator("main").inner_text()  # invited
    checked(page, "/staff/accounts/invite")
    press(page)
    checked(page, errors=True)
    page.fill("#email", "not an address")
    page.check("input[name='role'][value='provider']")
    press(page)
    checked(page, errors=True)
    checked(page, f"/staff/accounts/{site.provider_id}")
    checked(page, "/staff/audit")
    actions = page.locator("main table code").all_inner_texts()
    assert {"engagement.closed_early", "invitation.sent"} <= set(actions)
    checked(page, f"/staff/views/{site.held_view_id}")
    safeguarding_pages(page, site)

    # The public page the invitation e-mail links to (and what a used or wrong link shows).
    with app.app_context():
        body = db.session.query(OutboxMessage).filter_by(purpose="invitation").one().body
    link = re.search(r"/invitation/\S+", body).group(0)
    checked(page, link)
    press(page)
    checked(page, errors=True)
    checked(page, "/invitation/not-a-real-token")


def test_password_pages(app, page, site):
    """A forgotten password (asked for, the link, a dead link) and changing one's own."""
    page.goto("/sign-in")
    with page.expect_navigation():
        page.get_by_role("link", name="Forgotten your password?").click()
    checked(page)
    press(page)
    checked(page, errors=True)
    page.fill("#email", site.emails[Role.ADVOCATE])
    press(page)
    checked(page)  # "check your email"
    with app.app_context():
        body = db.session.query(OutboxMessage).filter_by(purpose="password-reset").one().body
    checked(page, re.search(r"/sign-in/reset/\S+", body).group(0))
    press(page)
    checked(page, errors=True)
    checked(page, "/sign-in/reset/not-a-real-token")

    sign_in(page, site.emails[Role.ADVOCATE])
    with page.expect_navigation():
        page.get_by_role("link", name="Change your password").click()
    checked(page)
    press(page)
    checked(page, errors=True)


def test_two_step_pages(app, page, site):
    """Setting up two-step sign-in (QR code, key, recovery codes) and the code page."""
    with app.app_context():
        email = make_user(Role.ADVOCATE).email
    sign_in(page, email)
    with page.expect_navigation():
        page.get_by_role("link", name="Set up or manage two-step sign-in").click()
    checked(page)
    press(page)
    checked(page, errors=True)
    key = page.locator("main code").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(key).now())
    press(page)
    assert page.locator("main ul code").count() == 10
    checked(page)  # the recovery codes, shown once
    checked(page, "/staff/two-step")  # on, and how to turn it off

    page.context.clear_cookies()
    page.goto("/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    press(page)
    assert "/sign-in/code" in page.url
    checked(page)
    press(page)
    checked(page, errors=True)


# The public give-views pages not walked in test_giving_views.py, and their error states


def test_public_give_views_pages(page, site):
    slug = site.open_slug
    page.goto(f"/engagements/{slug}/respond/who")
    page.check("input[name='respondent_type'][value='on_behalf']")
    press(page)
    assert page.url.endswith("/respond/on-behalf")
    checked(page)
    press(page)
    checked(page, errors=True)
    page.fill("#relationship_to_person", "Sister and main carer")
    page.check("input[name='gathering_method'][value='talked']")
    page.check("input[name='person_agreed']")
    press(page)

    checked(page)  # a required free-text question, then sent empty
    press(page)
    checked(page, errors=True)
    # Sent without its CSRF token (as after a long pause): the friendly page keeps what was typed.
    page.fill("#answer", "He would like the centre to open on Saturdays and in the evenings.")
    page.locator("main form input[name='csrf_token']").evaluate("(input) => input.remove()")
    press(page)
    assert "in the evenings" in page.locator("main").inner_text()
    checked(page)
    page.goto(f"/engagements/{slug}/respond/question/1")
    page.fill("#answer", "He would like the centre to open on Saturdays.")
    press(page)
    page.check("input[name='answer'][value='weekly']")
    press(page)
    assert page.locator(".ep-choice-face").count() == 5, "the agreement scale shows faces"
    checked(page)
    page.check("input[name='answer'][value='agree']")
    press(page)

    checked(page)  # publishing
    press(page)
    checked(page, errors=True)
    page.check("input[name='publication_consent'][value='anonymous']")
    press(page)

    checked(page)  # hear back
    page.check("input[name='hear_back'][value='yes']")
    press(page)
    checked(page, errors=True)
    page.fill("#email", "sister.and.main.carer.of.amir@example.org")
    press(page)

    assert page.url.endswith("/respond/check")
    checked(page)
    press(page)
    assert page.url.endswith("/respond/sent")
    checked(page)

    checked(page, f"/engagements/{site.closed_slug}")
    checked(page, f"/engagements/{site.closed_slug}/respond/")
    assert "closed" in page.locator("main").inner_text().lower()
    checked(page, "/engagements/no-such-engagement", status=404)
    checked(page, "/about")
    checked(page, "/sign-in")
    press(page)
    checked(page, errors=True)
