"""What the public may see. Today no view text is public at all; these tests hold the rules that
must stay true as public outputs are added (DESIGN.md, "The publication policy")."""

import datetime as dt

import pytest

from engagement_portal.core.access import EVERYONE
from engagement_portal.core.timeutil import utcnow
from engagement_portal.publication import policy
from engagement_portal.responses import services as responses
from engagement_portal.responses.models import SafeguardingState
from engagement_portal.responses.services import Submission
from tests.factories import make_engagement

CANARY = "canary-7f3a held words: he hit me"


def public_get_urls(app, slug: str) -> list[str]:
    """Every public GET route, with this engagement's slug and its first question."""
    values = {"slug": slug, "number": 1}
    urls = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        if EVERYONE not in getattr(view, "access", ()):
            continue
        if not set(rule.arguments) <= set(values):
            continue
        urls.append(rule.build(values, append_unknown=False)[1])
    return urls


def test_a_view_held_for_safeguarding_appears_on_no_public_page(app, client):
    with app.app_context():
        engagement = make_engagement(views_shown="while_open")
        first = min(engagement.questions, key=lambda q: q.position)
        held = responses.record_response(
            engagement,
            Submission(
                respondent_type="myself",
                answers={first.id: CANARY},
                publication_consent="with_name",
                respondent_name="Canary Person",
            ),
            idempotency_token="held-canary",
        )
        assert held.safeguarding_state == SafeguardingState.HELD
        slug = engagement.slug
    urls = public_get_urls(app, slug)
    assert f"/engagements/{slug}" in urls and "/" in urls
    for url in urls:
        body = client.get(url).get_data(as_text=True)
        assert "canary-7f3a" not in body, url
        assert "Canary Person" not in body, url


@pytest.mark.usefixtures("app_context")
def test_drafts_are_never_public_and_everything_else_is():
    draft = make_engagement(published=False)
    upcoming = make_engagement(opens_in=dt.timedelta(days=3))
    closed = make_engagement(opens_in=dt.timedelta(days=-9), closes_in=dt.timedelta(days=-1))
    now = utcnow()
    assert not policy.engagement_is_public(draft, now)
    assert policy.engagement_is_public(upcoming, now)
    assert policy.engagement_is_public(closed, now)
    assert not policy.engagement_is_public(None, now)
