"""Public pages are cached for visitors without a session, and never served stale when content
changes on this host, when a date passes, or to anyone with a session."""

import datetime as dt

from sqlalchemy import text

from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.engagements import services
from engagement_portal.extensions import db
from tests.conftest import html
from tests.factories import make_engagement, make_user, sign_in


def retitle_behind_the_apps_back(app, slug, title):
    """Change a row without the ORM, as another host's commit would look to this worker."""
    with app.app_context():
        db.session.execute(
            text("UPDATE engagement SET title = :t WHERE slug = :s"), {"t": title, "s": slug}
        )
        db.session.commit()


def h1(response):
    return html(response).find("h1").get_text(strip=True)


def test_a_public_page_is_served_from_the_cache(app):
    with app.app_context():
        slug = make_engagement(title="Original title").slug
    visitor = app.test_client()
    assert h1(visitor.get(f"/engagements/{slug}")) == "Original title"
    retitle_behind_the_apps_back(app, slug, "Changed elsewhere")
    assert h1(app.test_client().get(f"/engagements/{slug}")) == "Original title"


def test_a_change_committed_here_drops_cached_pages_at_once(app):
    with app.app_context():
        engagement = make_engagement(title="Before")
        slug = engagement.slug
    assert h1(app.test_client().get(f"/engagements/{slug}")) == "Before"
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = services.get_engagement(engagement.id)
        services.close_early(engagement, commissioner)
    assert "closed on" in app.test_client().get(f"/engagements/{slug}").get_data(as_text=True)


def test_a_page_is_not_kept_past_the_closing_time(app):
    with app.app_context():
        slug = make_engagement(closes_in=dt.timedelta(hours=1)).slug
    assert "Give your views" in app.test_client().get(f"/engagements/{slug}").get_data(as_text=True)
    with frozen_clock(utcnow() + dt.timedelta(hours=2)):
        later = app.test_client().get(f"/engagements/{slug}").get_data(as_text=True)
    assert "closed on" in later and "Give your views" not in later


def test_people_with_a_session_always_get_a_fresh_page(app):
    with app.app_context():
        slug = make_engagement(title="Original title").slug
        commissioner = make_user(Role.COMMISSIONER)
    app.test_client().get(f"/engagements/{slug}")
    retitle_behind_the_apps_back(app, slug, "Fresh for staff")
    staff = app.test_client()
    sign_in(staff, commissioner)
    assert h1(staff.get(f"/engagements/{slug}")) == "Fresh for staff"


def test_each_visitor_gets_their_own_working_csrf_token_from_a_cached_form(app):
    with app.app_context():
        slug = make_engagement().slug
    tokens = []
    for _ in range(3):
        visitor = app.test_client()
        page = html(visitor.get(f"/engagements/{slug}/respond/who"))
        token = page.find("input", attrs={"name": "csrf_token"})["value"]
        tokens.append(token)
        response = visitor.post(
            f"/engagements/{slug}/respond/who",
            data={"respondent_type": "myself", "csrf_token": token},
        )
        assert response.status_code == 302, "the token from a cached page must be accepted"
    assert len(set(tokens)) == 3
    assert "\x00" not in "".join(tokens)


def test_the_first_page_of_giving_views_is_cached_for_new_visitors(app):
    with app.app_context():
        slug = make_engagement(title="Original title").slug
    app.test_client().get(f"/engagements/{slug}/respond/who")
    retitle_behind_the_apps_back(app, slug, "Changed elsewhere")
    page = html(app.test_client().get(f"/engagements/{slug}/respond/who"))
    assert "Original title" in page.get_text()
