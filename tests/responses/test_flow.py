"""Giving views through the pages, as people do."""

import datetime as dt
import re

from sqlalchemy.orm import selectinload

from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.extensions import db
from engagement_portal.responses.models import Response
from tests.conftest import csrf_token, html, post_form
from tests.factories import make_engagement, make_user, sign_in
from tests.responses.helpers import give_views, step

REFERENCE = re.compile(r"EP-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}")


def open_engagement(app, **fields):
    with app.app_context():
        return make_engagement(**fields).slug


def stored(app):
    with app.app_context():
        return (
            db.session.query(Response)
            .options(selectinload(Response.answers))
            .order_by(Response.id)
            .all()
        )


def test_anyone_gives_views_without_an_account_and_gets_a_reference(client, app):
    slug = open_engagement(app)
    response = give_views(
        client,
        slug,
        consent="with_name",
        name="Sam Jones",
        hear_back="yes",
        email="sam@example.org",
    )
    assert response.headers["Location"].endswith(f"/engagements/{slug}/respond/sent")
    page = html(client.get(response.headers["Location"]))
    reference = page.find(class_="ep-reference").get_text(strip=True)
    assert REFERENCE.fullmatch(reference)
    [view] = stored(app)
    assert view.reference == reference
    assert view.respondent_name == "Sam Jones"
    assert view.email == "sam@example.org"
    assert view.language == "en" and view.channel == "online"


def test_each_page_says_what_is_wrong_and_keeps_the_answer(client, app):
    slug = open_engagement(app)
    step(client, slug, "who", {"respondent_type": "myself"})
    too_long = "é" * 10_001
    response = step(client, slug, "question/1", {"answer": too_long}, expect_redirect=False)
    page = html(response)
    assert page.title.get_text().startswith("Error:")
    assert page.find(class_="govuk-error-summary").find("a")["href"] == "#answer"
    assert page.find("textarea", id="answer").get_text() == too_long
    response = step(
        client,
        slug,
        "hear-back",
        {"hear_back": "yes", "email": "not-an-email"},
        expect_redirect=False,
    )
    page = html(response)
    assert "correct format" in page.find(class_="govuk-error-summary").get_text()
    assert page.find("input", id="email")["value"] == "not-an-email"


def test_hostile_text_is_stored_as_text_and_shown_escaped(client, app):
    slug = open_engagement(app)
    hostile = '<script>alert("x")</script> {{7*7}} {% raw %} \u202eevil\u202c <img src=x onerror=alert(1)>\x00 end'
    give_views(client, slug, answers={1: hostile, 2: "weekly", 3: "agree"})
    [view] = stored(app)
    text = next(a.text for a in view.answers if a.text)
    assert "<script>" in text and "{{7*7}}" in text and "\x00" not in text
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
    sign_in(client, commissioner)
    body = client.get(f"/staff/views/{view.id}").get_data(as_text=True)
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert" in body
    assert "49" not in body.split("&lt;/script&gt;")[1][:20]


def test_a_huge_paste_is_refused_kindly(client, app):
    slug = open_engagement(app)
    step(client, slug, "who", {"respondent_type": "myself"})
    response = step(client, slug, "question/1", {"answer": "x" * 100_000}, expect_redirect=False)
    assert response.status_code == 200
    assert "10,000 characters or fewer" in response.get_data(as_text=True)
    response = post_form(
        client, f"/engagements/{slug}/respond/question/1", {"answer": "y" * 2_000_000}
    )
    assert response.status_code == 413
    assert "too long" in response.get_data(as_text=True)


def test_sending_twice_stores_one_view(client, app):
    slug = open_engagement(app)
    give_views(client, slug)
    again = client.post(
        f"/engagements/{slug}/respond/check", data={"csrf_token": _any_token(client, slug)}
    )
    assert again.status_code == 302 and again.headers["Location"].endswith("/respond/sent")
    assert len(stored(app)) == 1


def _any_token(client, slug):
    page = html(client.get(f"/engagements/{slug}"))
    token = page.find("input", attrs={"name": "csrf_token"})
    if token is not None:
        return token["value"]
    return html(client.get(f"/engagements/{slug}/respond/who")).find(
        "input", attrs={"name": "csrf_token"}
    )["value"]


def test_a_second_person_can_give_views_after_the_first(client, app):
    slug = open_engagement(app)
    give_views(client, slug)
    give_views(client, slug, who="on_behalf")
    views = stored(app)
    assert len(views) == 2 and views[0].reference != views[1].reference


def test_an_advocate_gives_views_on_behalf_of_someone(client, app):
    slug = open_engagement(app)
    with app.app_context():
        advocate = make_user(Role.ADVOCATE)
    sign_in(client, advocate)
    give_views(
        client,
        slug,
        who="on_behalf",
        on_behalf={
            "relationship_to_person": "Independent advocate",
            "gathering_method": "other",
            "gathering_detail": "We used his communication book.",
            "person_agreed": "y",
        },
        consent="do_not_publish",
    )
    [view] = stored(app)
    assert view.respondent_type == "on_behalf"
    assert view.relationship_to_person == "Independent advocate"
    assert view.gathering_method == "other" and view.person_agreed
    assert view.publication_consent == "do_not_publish"
    assert view.entered_by_id == advocate.id
    mine = client.get("/staff/my-views").get_data(as_text=True)
    assert view.reference in mine


def test_on_behalf_needs_the_persons_agreement(client, app):
    slug = open_engagement(app)
    step(client, slug, "who", {"respondent_type": "on_behalf"})
    response = step(
        client,
        slug,
        "on-behalf",
        {"relationship_to_person": "Sister", "gathering_method": "talked"},
        expect_redirect=False,
    )
    assert "Confirm that the person agrees" in response.get_data(as_text=True)
    assert html(response).find("input", id="relationship_to_person")["value"] == "Sister"


def test_a_commissioner_keys_in_paper_views_with_channel_and_support(client, app):
    slug = open_engagement(app)
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        from engagement_portal.engagements.models import Engagement

        engagement_id = db.session.query(Engagement.id).filter_by(slug=slug).scalar()
    sign_in(client, commissioner)
    response = post_form(
        client,
        f"/staff/engagements/{engagement_id}/views/new",
        {},
        token_from=f"/staff/engagements/{engagement_id}",
    )
    assert response.headers["Location"].endswith("/respond/received")
    step(
        client, slug, "received", {"channel": "paper", "support_used": ["easy_read", "large_print"]}
    )
    give_views(client, slug, who="key_person_own")
    [view] = stored(app)
    assert view.channel == "paper"
    assert view.support_used == ["easy_read", "large_print"]
    assert view.respondent_type == "key_person_own"


def test_an_engagement_that_closes_mid_way_says_so_and_stores_nothing(client, app):
    slug = open_engagement(app, closes_in=dt.timedelta(hours=1))
    step(client, slug, "who", {"respondent_type": "myself"})
    token = csrf_token(client, f"/engagements/{slug}/respond/question/1")  # the page was open
    with frozen_clock(utcnow() + dt.timedelta(hours=2)):
        url = f"/engagements/{slug}/respond/question/1"
        response = client.post(url, data={"answer": "late", "csrf_token": token})
        assert "not open for views" in response.get_data(as_text=True)
    assert stored(app) == []


def test_change_links_on_check_your_answers_come_back_to_check(client, app):
    slug = open_engagement(app)
    give_views_until_check(client, slug)
    response = post_form(
        client, f"/engagements/{slug}/respond/question/1?change=1", {"answer": "Changed my mind"}
    )
    assert response.headers["Location"].endswith("/respond/check")
    assert "Changed my mind" in client.get(f"/engagements/{slug}/respond/check").get_data(
        as_text=True
    )


def give_views_until_check(client, slug):
    step(client, slug, "who", {"respondent_type": "myself"})
    for number, value in {1: "Fine", 2: "weekly", 3: "agree"}.items():
        step(client, slug, f"question/{number}", {"answer": value})
    step(client, slug, "publishing", {"publication_consent": "anonymous"})
    step(client, slug, "hear-back", {"hear_back": "no"})


def test_check_page_before_answering_sends_people_to_what_is_missing(client, app):
    slug = open_engagement(app)
    step(client, slug, "who", {"respondent_type": "myself"})
    response = client.get(f"/engagements/{slug}/respond/check")
    assert response.headers["Location"].endswith("/respond/question/1")


def test_a_stale_form_gets_a_friendly_page_showing_what_was_typed(client, app):
    slug = open_engagement(app)
    step(client, slug, "who", {"respondent_type": "myself"})
    response = client.post(
        f"/engagements/{slug}/respond/question/1",
        data={"answer": "My long careful answer", "csrf_token": "stale"},
    )
    assert response.status_code == 400
    page = html(response)
    assert "timed out" in page.find("h1").get_text()
    assert "My long careful answer" in page.get_text()


def test_a_resubmit_from_a_browser_that_missed_the_first_answer_still_shows_the_reference(
    client, app
):
    slug = open_engagement(app)
    give_views_until_check(client, slug)
    token = csrf_token(client, f"/engagements/{slug}/respond/check")
    before = client.get_cookie("session").value
    first = client.post(f"/engagements/{slug}/respond/check", data={"csrf_token": token})
    assert first.status_code == 302
    client.set_cookie("session", before)  # the first answer's cookie never arrived
    again = client.post(f"/engagements/{slug}/respond/check", data={"csrf_token": token})
    page = html(client.get(again.headers["Location"]))
    [view] = stored(app)
    assert page.find(class_="ep-reference").get_text(strip=True) == view.reference


def test_details_about_another_person_are_dropped_when_who_changes(client, app):
    slug = open_engagement(app)
    step(client, slug, "who", {"respondent_type": "on_behalf"})
    step(
        client,
        slug,
        "on-behalf",
        {
            "relationship_to_person": "Neighbour",
            "gathering_method": "other",
            "gathering_detail": "Notes",
            "person_agreed": "y",
        },
    )
    give_views(client, slug, who="myself")
    [view] = stored(app)
    assert view.respondent_type == "myself"
    assert (view.relationship_to_person, view.gathering_method, view.gathering_detail) == (
        "",
        "",
        "",
    )
    assert not view.person_agreed


def test_agreement_questions_show_faces_beside_the_words(client, app):
    slug = open_engagement(app)
    page = html(client.get(f"/engagements/{slug}/respond/question/3"))
    labels = page.find_all("label", class_="govuk-radios__label")
    assert [label.get_text(" ", strip=True) for label in labels] == [
        "😀 Strongly agree",
        "🙂 Agree",
        "😐 Neither agree nor disagree",
        "🙁 Disagree",
        "😞 Strongly disagree",
    ]
    # The faces are for people who read pictures more easily; screen readers read the words.
    assert all(label.find(class_="ep-choice-face")["aria-hidden"] == "true" for label in labels)


def test_nothing_identifying_reaches_the_logs(client, app, caplog):
    slug = open_engagement(app)
    caplog.set_level("DEBUG")
    give_views(
        client,
        slug,
        answers={1: "My carer hit me, Robin Quill", 2: "weekly", 3: "agree"},
        consent="with_name",
        name="Robin Quill",
        hear_back="yes",
        email="robin.quill@example.org",
    )
    [view] = stored(app)
    assert view.safeguarding_state == "held"  # the path that logs the most
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "a response was held" in logged  # the logs were captured: what they say is checked
    assert "Robin" not in logged and "robin.quill" not in logged and "hit me" not in logged


def test_an_advocate_sees_only_the_views_they_gave(app):
    slug = open_engagement(app)
    with app.app_context():
        giver, other = make_user(Role.ADVOCATE), make_user(Role.ADVOCATE)
    first = app.test_client()
    sign_in(first, giver)
    give_views(first, slug, who="on_behalf")
    [view] = stored(app)
    assert first.get(f"/staff/views/{view.id}").status_code == 200
    second = app.test_client()
    sign_in(second, other)
    assert second.get(f"/staff/views/{view.id}").status_code == 404  # not even told it exists
    assert view.reference not in second.get("/staff/my-views").get_data(as_text=True)
