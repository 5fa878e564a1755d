"""The public "you said, we did" pages, the Atom feed and the open data, read as the public and
machines read them. Leaks are proved for every combination in tests/publication; these tests are
about the outputs themselves."""

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest

from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.outcomes import services
from engagement_portal.outcomes.services import ChangeDetails, OutcomeDetails
from engagement_portal.privacy import services as privacy
from engagement_portal.publication import services as restrictions
from engagement_portal.publication.services import RestrictionDetails
from engagement_portal.themes import services as themes
from tests.conftest import html
from tests.factories import make_engagement, make_user
from tests.outcomes.helpers import close, closed_engagement_with_views, give_view

ATOM = "{http://www.w3.org/2005/Atom}"


def publish(engagement, boss, **fields):
    outcome = services.create_outcome(
        engagement,
        OutcomeDetails(
            what_people_said=fields.pop("said", "You asked for later opening hours."),
            what_we_did=fields.pop("did", "Centres will open until 6pm."),
            alignment=fields.pop("alignment", "in_line"),
            **fields,
        ),
        boss,
    )
    services.publish_outcomes(engagement, boss)
    return outcome


def test_the_outcome_page_shows_what_was_said_decided_why_and_what_changes(app, client):
    with app.app_context():
        engagement, _views = closed_engagement_with_views({}, {}, {}, {}, {}, {})
        boss = make_user(Role.COMMISSIONER)
        theme = themes.create_theme(engagement, "Opening hours", "", boss)
        for view in _views:
            themes.set_answer_themes(view.answers[0], [theme.id], boss)
        outcome = services.create_outcome(
            engagement,
            OutcomeDetails(
                what_people_said="You asked for weekend opening.",
                what_we_did="We will open on Saturdays only.",
                alignment="partly",
                reason="Sunday staff cannot be found in time.",
                theme_id=theme.id,
                easy_read_reason="We cannot find staff for Sundays.",
            ),
            boss,
        )
        change = services.add_change(outcome, ChangeDetails("Saturday opening"), boss)
        services.publish_outcomes(engagement, boss)
        services.record_progress(change, "Open from 3 April.", "done", boss)
        slug = engagement.slug
    page = html(client.get(f"/engagements/{slug}/you-said-we-did"))
    text = page.get_text(" ", strip=True)
    assert "Opening hours" in text
    assert "Partly in line with what people said" in text
    assert page.select_one("[data-outcome-reason]").get_text(strip=True) == (
        "Sunday staff cannot be found in time."
    )
    assert "From 6 views." in text
    assert "Open from 3 April." in text and "Done" in text
    link = page.find("a", string="Read the views on this theme")
    assert link["href"] == f"/engagements/{slug}/views?theme={theme.id}"
    easy = html(client.get(f"/engagements/{slug}/you-said-we-did?easy_read=1"))
    assert "We cannot find staff for Sundays." in easy.get_text(" ", strip=True)
    assert "We did some of what you said." in easy.get_text(" ", strip=True)


def test_the_index_lists_responded_engagements_newest_first(app, client):
    with app.app_context():
        boss = make_user(Role.COMMISSIONER)
        older, _ = closed_engagement_with_views({})
        older.title = "Older engagement"
        newer, _ = closed_engagement_with_views({})
        newer.title = "Newer engagement"
        with frozen_clock(utcnow() + dt.timedelta(minutes=1)):
            publish(older, boss)
        with frozen_clock(utcnow() + dt.timedelta(minutes=2)):
            publish(newer, boss)
        draft = make_engagement(published=False, title="Draft engagement")
        services.create_outcome(
            draft, OutcomeDetails("said", "did", "in_line"), boss
        )  # never publishable, never listed
    text = html(client.get("/you-said-we-did")).get_text(" ", strip=True)
    assert text.index("Newer engagement") < text.index("Older engagement")
    assert "Draft engagement" not in text


def test_the_feed_is_atom_with_outcomes_and_progress_escaped_and_newest_first(app, client):
    hostile = "<script>alert(1)</script> & ]]> \u202e"
    with app.app_context():
        engagement, _views = closed_engagement_with_views({})
        boss = make_user(Role.COMMISSIONER)
        outcome = publish(engagement, boss, did=hostile)
        change = services.add_change(outcome, ChangeDetails("Later opening"), boss)
        with frozen_clock(utcnow() + dt.timedelta(minutes=3)):
            services.record_progress(change, "Opening until 6pm from May.", "in_progress", boss)
    response = client.get("/you-said-we-did/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())  # noqa: S314 - our own feed, in a test
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}category").get("term") for e in entries] == ["progress", "outcome"]
    assert hostile in entries[1].find(f"{ATOM}summary").text
    assert b"<script>" not in response.get_data()
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 2


def test_a_restricted_outcome_is_hidden_and_an_embargoed_one_appears_on_time_by_itself(app, client):
    with app.app_context():
        engagement, _views = closed_engagement_with_views({})
        boss = make_user(Role.COMMISSIONER)
        outcome = publish(engagement, boss, did="canary-outcome-text")
        ends = utcnow() + dt.timedelta(seconds=10)  # sooner than the cache would expire
        restrictions.restrict(
            restrictions.find_target("outcome", outcome.id),
            RestrictionDetails(kind="embargoed", embargo_until=ends),
            boss,
        )
        slug, title = engagement.slug, engagement.title
    urls = [f"/engagements/{slug}/you-said-we-did", "/you-said-we-did/feed.atom"]
    urls += [f"/engagements/{slug}/data.json"]
    for url in urls:
        assert "canary-outcome-text" not in client.get(url).get_data(as_text=True), url
    assert title not in client.get("/you-said-we-did").get_data(as_text=True)
    page = html(client.get(urls[0])).get_text(" ", strip=True)
    assert "An outcome is due on" in page
    # The cached page must not outlive the embargo: nobody acts, the clock moves on.
    with frozen_clock(ends + dt.timedelta(seconds=1)):
        for url in urls:
            assert "canary-outcome-text" in client.get(url).get_data(as_text=True), url
        assert title in client.get("/you-said-we-did").get_data(as_text=True)


def test_open_data_holds_only_what_the_public_may_see(app, client):
    with app.app_context():
        engagement = make_engagement(views_shown="while_open")
        give_view(
            engagement,
            '=HYPERLINK("http://evil")',
            publication_consent="with_name",
            respondent_name="Ada Lovelace",
            hear_back=True,
            email="ada@example.org",
        )
        anonymous = give_view(engagement, "Quiet words", respondent_name="Hidden Name")
        slug, reference = engagement.slug, anonymous.reference
    data = json.loads(client.get(f"/engagements/{slug}/data.json").get_data())
    assert {view["name"] for view in data["views"]} == {"Ada Lovelace", ""}
    assert set(data["views"][0]) == {
        "number",
        "submitted_on",
        "respondent_type",
        "gathering_method",
        "name",
        "organisation",
        "language",
        "answers",
    }
    raw = json.dumps(data)
    for private in ("ada@example.org", "Hidden Name", reference):
        assert private not in raw
    rows = list(
        csv.reader(io.StringIO(client.get(f"/engagements/{slug}/views.csv").get_data(as_text=True)))
    )
    assert rows[0][:3] == ["View", "Date", "Giving views"]
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells  # a spreadsheet will not run it
    assert "Hidden Name" not in cells and "ada@example.org" not in cells


def test_a_withdrawn_view_leaves_the_cached_public_pages_at_once(app, client):
    with app.app_context():
        engagement = make_engagement(views_shown="while_open")
        view = give_view(engagement, "canary-withdrawn-words")
        slug = engagement.slug
    url = f"/engagements/{slug}/views"
    assert "canary-withdrawn-words" in client.get(url).get_data(as_text=True)  # now cached
    with app.app_context():
        from engagement_portal.extensions import db
        from engagement_portal.responses.models import Response

        privacy.withdraw(db.session.get(Response, view.id))
    assert "canary-withdrawn-words" not in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("query", ["%", "_", "\\", "a" * 500, "' OR 1=1 --"])
def test_searching_the_views_with_odd_words_is_safe(app, client, query):
    with app.app_context():
        engagement = make_engagement(views_shown="while_open")
        give_view(engagement, "Plain words")
        close(engagement)
        slug = engagement.slug
    response = client.get(f"/engagements/{slug}/views", query_string={"q": query})
    assert response.status_code == 200
    assert html(response).select_one("[data-views-total]")["data-views-total"] == "0"
