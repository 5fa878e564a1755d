"""No CAPTCHA: a hidden field and a minimum time catch software filling in the pages, and a
person (using a screen reader, a keyboard, or simply quick) can always get their views through."""

import datetime as dt
import logging

import pytest
from sqlalchemy import func, select

from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.engagements.services import public_engagement
from engagement_portal.extensions import db
from engagement_portal.responses import services
from engagement_portal.responses.models import Response, ResponseDraft
from tests.conftest import html, post_form
from tests.factories import make_engagement
from tests.responses.helpers import step

SPAM = "https://spam.example/buy-now"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def slug(app_context):
    return make_engagement(questions=False).slug


def fill_every_page(client, slug):
    step(client, slug, "who", {"respondent_type": "myself"})
    step(client, slug, "publishing", {"publication_consent": "anonymous"})
    step(client, slug, "hear-back", {"hear_back": "no"})


def test_the_honeypot_is_hidden_from_sight_keyboards_and_screen_readers(client, slug, app):
    url = f"/engagements/{slug}/respond/who"
    page = html(client.get(url))
    field = page.find("input", attrs={"name": "extra_info"})
    wrapper = field.find_parent("div")
    assert wrapper["aria-hidden"] == "true"
    assert "govuk-visually-hidden" in wrapper["class"]  # off screen, but not display:none
    assert not wrapper.has_attr("hidden") and not wrapper.has_attr("style")
    assert field["type"] == "text" and field["value"] == ""
    assert field["tabindex"] == "-1" and field["autocomplete"] == "off"
    assert page.find("label", attrs={"for": "extra_info"}).get_text() == "Leave this box empty"
    assert field.find_parent("form") is not None

    # The page is cached for every visitor: the field is the same static markup for all.
    [body] = [
        entry.body.decode()
        for key, entry in app.extensions["page_cache"]._entries.items()
        if key[0].startswith(url)
    ]
    assert '<input type="text" id="extra_info" name="extra_info" value="" tabindex="-1"' in body
    again = html(app.test_client().get(url))
    assert again.find("input", attrs={"name": "extra_info"}) == field


def test_a_filled_honeypot_stores_nothing_and_a_person_can_try_again(client, slug, caplog):
    url = f"/engagements/{slug}/respond/who"
    with caplog.at_level(logging.DEBUG):
        response = post_form(client, url, {"respondent_type": "myself", "extra_info": SPAM})

    assert response.status_code == 200
    page = html(response)
    assert page.find("h1").get_text(strip=True) == "Please try that page again"
    assert page.find("a", href=url)
    assert SPAM not in response.get_data(as_text=True)
    assert SPAM not in caplog.text
    assert count(ResponseDraft) == 0
    with client.session_transaction() as session:
        assert not session.get("drafts")

    assert post_form(client, url, {"respondent_type": "myself"}).status_code == 302
    [draft] = db.session.scalars(select(ResponseDraft))
    assert "extra_info" not in draft.data  # the field is never saved


def test_a_too_fast_send_is_asked_again_and_the_second_send_stores_one_view(
    client, slug, app, monkeypatch
):
    monkeypatch.setitem(app.config, "MIN_SECONDS_TO_RESPOND", 3)
    fill_every_page(client, slug)

    first = step(client, slug, "check", {}, expect_redirect=False)
    assert first.status_code == 200
    page = html(first)
    assert page.find("h1").get_text(strip=True) == "Please check your answers and send them again"
    assert page.find("a", href=f"/engagements/{slug}/respond/check")
    assert page.find("form", action=f"/engagements/{slug}/respond/check")
    assert count(Response) == 0
    db.session.expire_all()
    [draft] = db.session.scalars(select(ResponseDraft))
    assert draft.data["asked_to_send_again"] is True

    second = step(client, slug, "check", {})  # at once: a quick person gets through
    assert second.headers["Location"].endswith(f"/engagements/{slug}/respond/sent")
    assert count(Response) == 1
    # A third click (the back button, say) changes nothing.
    post_form(client, f"/engagements/{slug}/respond/check", {}, token_from="/sign-in")
    assert count(Response) == 1


def test_a_person_who_takes_a_few_seconds_sends_at_the_first_try(client, slug, app, monkeypatch):
    monkeypatch.setitem(app.config, "MIN_SECONDS_TO_RESPOND", 3)
    started = utcnow()
    with frozen_clock(started):
        fill_every_page(client, slug)
    with frozen_clock(started + dt.timedelta(seconds=3)):
        response = step(client, slug, "check", {})
    assert response.headers["Location"].endswith("/respond/sent")
    assert count(Response) == 1


def test_the_pace_rule_is_asked_once_and_can_be_turned_off(slug, app, monkeypatch):
    draft = services.start_draft(public_engagement(slug))
    monkeypatch.setitem(app.config, "MIN_SECONDS_TO_RESPOND", 0)
    services.check_human_pace(draft)  # off: nothing asked
    assert "asked_to_send_again" not in draft.data

    monkeypatch.setitem(app.config, "MIN_SECONDS_TO_RESPOND", 3)
    with pytest.raises(services.SendAgain):
        services.check_human_pace(draft)
    services.check_human_pace(draft)  # asked once only
    assert draft.data["asked_to_send_again"] is True
