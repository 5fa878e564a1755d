"""Issue 4 in Chromium: a commissioner themes views, restricts one, writes an outcome that goes
against the views and is stopped until a reason is given, and publishes; then a member of the
public reads the outcome, its reason and the notice of what is withheld, and never the restricted
words. axe-core runs on every page visited, and nothing scrolls sideways at 320 CSS px."""

from __future__ import annotations

from sqlalchemy import select

from engagement_portal.accounts.models import User
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement
from engagement_portal.extensions import db
from engagement_portal.responses import services as responses
from engagement_portal.responses.services import Submission
from tests.browser.test_staff_pages import checked, press, sign_in
from tests.factories import make_engagement, make_user

RESTRICTED = "canary-9c41: the evening carer is Mrs Example and she is always late"
SHOWN = "The bus to the centre comes too early for me to be ready."
REASON = "A second bus would cost more than the whole transport budget for next year."


def seed() -> dict:
    engagement = make_engagement(title="Transport to day services", views_shown="once_closed")
    first = min(engagement.questions, key=lambda q: q.position)
    views = [
        responses.record_response(
            engagement,
            Submission(
                respondent_type="myself",
                answers={first.id: text},
                publication_consent="anonymous",
            ),
            idempotency_token=f"browser-outcomes-{n}",
        )
        for n, text in enumerate([SHOWN, RESTRICTED, "Drivers are kind and patient."])
    ]
    engagement.closed_early_at = utcnow()
    db.session.commit()
    commissioner = make_user(Role.COMMISSIONER)
    return {
        "email": commissioner.email,
        "engagement_id": engagement.id,
        "slug": engagement.slug,
        "shown_view_id": views[0].id,
        "restricted_view_id": views[1].id,
    }


def test_a_commissioner_responds_and_the_public_sees_why_but_not_what_is_withheld(app, page):
    with app.app_context():
        site = seed()
    engagement_id = site["engagement_id"]
    sign_in(page, site["email"])

    # Themes: create one, then tag a view's answer with it.
    checked(page, f"/staff/engagements/{engagement_id}/themes")
    page.fill("#name", "Transport times")
    press(page, "Add theme")
    checked(page)
    assert "Transport times" in page.locator("#themes").inner_text()
    checked(page, f"/staff/views/{site['shown_view_id']}")
    page.locator("main").get_by_label("Transport times").first.check()
    press(page, "Save themes for answer 1")
    checked(page)

    # Restrict the view that names a carer.
    checked(page, f"/staff/views/{site['restricted_view_id']}")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Restrict these views").click()
    checked(page)
    page.locator("input[name='kind'][value='confidential']").check()
    page.fill("#public_reason", "It names a member of staff.")
    page.fill("#internal_note", "Names the evening carer.")
    press(page, "Restrict")
    checked(page)
    assert "Confidential" in page.locator("main").inner_text()

    # An outcome not in line with the views is refused until it says why.
    checked(page, f"/staff/engagements/{engagement_id}/outcomes/new")
    page.select_option("#theme_id", label="Transport times")
    page.fill("#what_people_said", "You told us the bus comes too early.")
    page.fill("#what_we_did", "We will keep one bus on the current times.")
    page.locator("input[name='alignment'][value='not_in_line']").check()
    press(page, "Save outcome")
    checked(page, errors=True)
    assert page.locator("#reason-error").is_visible()
    assert page.input_value("#what_people_said") == "You told us the bus comes too early."
    page.fill("#reason", REASON)
    press(page, "Save outcome")
    checked(page)
    press(page, "Publish outcomes")
    checked(page)
    assert "Published" in page.locator("main").inner_text()

    # Signed out, as anyone would see it.
    page.context.clear_cookies()
    slug = site["slug"]
    checked(page, f"/engagements/{slug}/you-said-we-did")
    text = page.locator("main").inner_text()
    assert "We will keep one bus on the current times." in text
    assert REASON in page.locator("[data-outcome-reason]").inner_text()
    assert "Not in line with what people said" in text

    checked(page, f"/engagements/{slug}")
    notice = page.locator("[data-withheld]").inner_text()
    assert "1 view is not shown" in notice and "1 for confidentiality" in notice
    assert "It names a member of staff." in notice

    checked(page, f"/engagements/{slug}/views")
    views = page.locator("main").inner_text()
    assert SHOWN in views and "Drivers are kind and patient." in views
    for url in (
        f"/engagements/{slug}",
        f"/engagements/{slug}/views",
        f"/engagements/{slug}/you-said-we-did",
        "/you-said-we-did",
    ):
        if url != page.url:
            checked(page, url)
        assert "canary-9c41" not in page.content(), url
        assert "Names the evening carer" not in page.content(), url

    # Following the outcome to the views behind it.
    checked(page, f"/engagements/{slug}/you-said-we-did")
    with page.expect_navigation():
        page.get_by_role("link", name="Read the views on this theme").click()
    checked(page)
    assert SHOWN in page.locator("main").inner_text()
    assert "Drivers are kind" not in page.locator("main").inner_text()


def test_the_other_theme_restriction_and_outcome_pages_pass_axe_at_320px(app, page):
    """Every remaining page of issue 4, with data in it, sent empty too where it is a form."""
    from engagement_portal.accounts import services as accounts
    from engagement_portal.outcomes import services as outcomes
    from engagement_portal.publication import services as restrictions
    from engagement_portal.themes import services as themes

    with app.app_context():
        site = seed()
        boss = db.session.scalar(select(User).where(User.email == site["email"]))
        engagement = db.session.get(Engagement, site["engagement_id"])
        first = themes.create_theme(engagement, "Bus times", "When the bus comes", boss)
        themes.create_theme(engagement, "Drivers", "", boss)
        outcome = outcomes.create_outcome(
            engagement,
            outcomes.OutcomeDetails("You said", "We did", "partly", "Because", theme_id=first.id),
            boss,
        )
        change = outcomes.add_change(outcome, outcomes.ChangeDetails("New timetable"), boss)
        restriction = restrictions.restrict(
            restrictions.find_target("theme", first.id),
            restrictions.RestrictionDetails("commercially_sensitive"),
            boss,
        )
        provider_org = accounts.get_or_create_organisation("Riverside Transport", is_provider=True)
        engagement.provider = provider_org
        provider = make_user(Role.PROVIDER, organisation=provider_org)
        db.session.commit()
        ids = (first.id, outcome.id, change.id, restriction.id, provider.email)
    theme_id, outcome_id, change_id, restriction_id, provider_email = ids
    base = f"/staff/engagements/{site['engagement_id']}"
    sign_in(page, site["email"])
    for path in (
        f"{base}/themes/{theme_id}/edit",
        f"{base}/themes/{theme_id}/merge",
        f"{base}/outcomes/",
        f"{base}/outcomes/{outcome_id}/edit",
        f"{base}/outcomes/{outcome_id}/changes/new",
        f"{base}/outcomes/{outcome_id}/changes/{change_id}/progress",
        f"/staff/restrictions/{restriction_id}/lift",
        f"/staff/restrictions/new/outcome/{outcome_id}",
        f"/staff/restrictions/engagement/{site['engagement_id']}",
    ):
        checked(page, path)
        fields = page.locator("main form textarea, main form input[type='text']")
        if fields.count():  # a form: send it emptied, and check the page that answers
            for field in fields.all():
                field.fill("")
            press(page)
            checked(page)
    page.context.clear_cookies()
    sign_in(page, provider_email)
    checked(page, "/staff/engagements/about-your-service")
    checked(page, f"/staff/engagements/about-your-service/{site['engagement_id']}/views")
