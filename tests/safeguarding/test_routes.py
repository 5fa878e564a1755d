"""The safeguarding queue and review pages, through the test client.

Data is made inside short app contexts and requests run outside them: a request inside an
outer app context would share its ``g`` (signed-in user, CSRF token) with earlier requests.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from engagement_portal.responses.models import Answer, Response, SafeguardingState
from tests.conftest import html, post_form
from tests.factories import make_engagement, make_user, sign_in
from tests.safeguarding.helpers import stored_response

WORRYING = "The carer is rough with me.\nI am  scared of her. <script>alert(1)</script>"


@pytest.fixture
def held(app):
    with app.app_context():
        engagement = make_engagement(title="Home care in Northshire")
        response, _ = stored_response(
            engagement,
            WORRYING,
            reference="EP-2345-6789",
            respondent_type="on_behalf",
            relationship_to_person="Her advocate",
            gathering_method="pictures",
            gathering_detail="We used picture cards",
            person_agreed=True,
            respondent_name="Margaret Owen",
            channel="phone",
            language="cy",
        )
        # The choice question answered too: choices are shown by their labels.
        db.session.add(
            Answer(response=response, question=engagement.questions[1], choice_codes=["weekly"])
        )
        db.session.commit()
        return SimpleNamespace(id=response.id, url=f"/staff/safeguarding/{response.id}")


def signed_in_as(app, client, role: Role):
    with app.app_context():
        user = make_user(role)
    sign_in(client, user)
    return user


@pytest.fixture
def commissioner(app, client):
    return signed_in_as(app, client, Role.COMMISSIONER)


def stored(app, response_id: int) -> SimpleNamespace:
    with app.app_context():
        response = db.session.get(Response, response_id)
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("safeguarding.%"))
        ).all()
        return SimpleNamespace(
            state=response.safeguarding_state,
            decided_by_id=response.safeguarding_decided_by_id,
            note=response.safeguarding_note,
            actions=actions,
        )


def test_anonymous_people_are_sent_to_sign_in(client, held):
    for url in ("/staff/safeguarding/", held.url, "/staff/safeguarding/reference/EP-2345-6789"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.PROVIDER])
def test_other_staff_are_refused(app, client, held, role):
    signed_in_as(app, client, role)

    assert client.get("/staff/safeguarding/").status_code == 403
    assert client.get(held.url).status_code == 403
    assert client.get("/staff/safeguarding/reference/EP-2345-6789").status_code == 403
    token_page = "/staff"  # any page they may see carries a valid CSRF token
    refused = post_form(
        client, held.url, {"decision": "release", "note": "x"}, token_from=token_page
    )
    assert refused.status_code == 403
    assert stored(app, held.id).state == SafeguardingState.HELD


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ADMINISTRATOR])
def test_commissioners_and_administrators_see_the_queue(app, client, held, role):
    signed_in_as(app, client, role)
    with app.app_context():
        stored_response(make_engagement(), "Everything is fine.")

    page = html(client.get("/staff/safeguarding/"))

    rows = page.select("tbody tr")
    assert len(rows) == 1
    text = rows[0].get_text(" ", strip=True)
    assert "EP-2345-6789" in text
    assert "Home care in Northshire" in text
    assert "rough with me, scared of" in text
    assert rows[0].find("a")["href"] == held.url
    assert "1 view is waiting for review." in page.get_text()


@pytest.mark.parametrize(
    ("role", "linked"),
    [(Role.COMMISSIONER, True), (Role.ADMINISTRATOR, True), (Role.ADVOCATE, False)],
)
def test_the_staff_home_page_links_to_the_queue_for_reviewers_only(app, client, role, linked):
    signed_in_as(app, client, role)
    link = html(client.get("/staff")).find("a", href="/staff/safeguarding/")
    assert (link is not None) is linked


def test_an_empty_queue_says_so(client, commissioner):
    page = html(client.get("/staff/safeguarding/"))
    assert page.find("table") is None
    assert "No views are waiting for review." in page.get_text()


def test_the_review_page_shows_the_whole_response_with_matches_marked(client, held, commissioner):
    page = html(client.get(held.url))

    assert page.find("h1").get_text(strip=True) == "Safeguarding review of EP-2345-6789"
    assert [li.get_text() for li in page.select("#matched-terms li")] == [
        "rough with me",
        "scared of",
    ]
    answers = page.find(id="answers")
    assert "What works well at your day service?" in answers.get_text()
    assert "Every week" in answers.get_text()
    assert [mark.get_text() for mark in answers.find_all("mark")] == ["rough with me", "scared of"]
    # Hostile text is shown as text, never as markup, and keeps its line breaks.
    assert answers.find("script") is None
    value = answers.find("mark").parent
    assert value.get_text() == WORRYING
    assert value["dir"] == "auto"
    assert "ep-user-text" in value["class"]
    respondent = page.find(id="respondent").get_text(" ", strip=True)
    for expected in (
        "Her advocate",
        "We used picture cards",
        "Using pictures or symbols",
        "Margaret Owen",
        "By phone",
        "Welsh",
    ):
        assert expected in respondent
    form = page.select_one("main form[method=post]")
    assert {i["value"] for i in form.find_all("input", type="radio")} == {"release", "refer"}
    assert form.find("textarea", attrs={"name": "note"}) is not None


def test_an_unknown_or_never_held_response_is_not_found(app, client, commissioner):
    with app.app_context():
        clear, _ = stored_response(make_engagement(), "Lovely staff.")
    assert client.get(f"/staff/safeguarding/{clear.id}").status_code == 404
    assert client.get("/staff/safeguarding/999999").status_code == 404


def test_the_link_in_the_email_leads_to_the_review_page(client, held, commissioner):
    response = client.get("/staff/safeguarding/reference/EP-2345-6789")
    assert response.status_code == 302
    assert response.headers["Location"] == held.url
    assert client.get("/staff/safeguarding/reference/ep23456789").headers["Location"] == held.url
    assert client.get("/staff/safeguarding/reference/EP-2345-2222").status_code == 404
    assert client.get("/staff/safeguarding/reference/nonsense").status_code == 404


def test_a_decision_without_a_choice_or_note_shows_errors_and_keeps_what_was_typed(
    app, client, held, commissioner
):
    response = post_form(client, held.url, {"note": "  Half-written note  "})

    assert response.status_code == 200
    page = html(response)
    assert page.find("title").get_text().startswith("Error:")
    summary = page.find(class_="govuk-error-summary")
    assert "Select whether to release the response or refer it" in summary.get_text()
    assert summary.find("a")["href"] == "#decision"
    assert page.find("textarea", attrs={"name": "note"}).get_text() == "Half-written note"

    response = post_form(client, held.url, {"decision": "refer", "note": "   "})

    page = html(response)
    assert "Enter a note about your decision" in page.find(class_="govuk-error-summary").get_text()
    assert page.find("input", attrs={"value": "refer"}).has_attr("checked")
    assert stored(app, held.id).state == SafeguardingState.HELD


def test_a_decision_is_saved_audited_and_cannot_be_made_twice(app, client, held, commissioner):
    response = post_form(
        client, held.url, {"decision": "refer", "note": "Referred to adult safeguarding."}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/safeguarding/"
    queue = html(client.get("/staff/safeguarding/"))
    assert "EP-2345-6789 is referred to the safeguarding team." in queue.get_text()
    assert queue.find("table") is None
    after = stored(app, held.id)
    assert after.state == SafeguardingState.REFERRED
    assert after.decided_by_id == commissioner.id
    assert after.note == "Referred to adult safeguarding."
    assert after.actions == ["safeguarding.referred"]

    # The page now shows the decision instead of the form, and a second decision is refused.
    page = html(client.get(held.url))
    assert page.select_one("main form[method=post]") is None
    assert "Referred to adult safeguarding." in page.find(id="decision").get_text()
    again = post_form(
        client, held.url, {"decision": "release", "note": "No concern."}, token_from="/staff"
    )
    assert again.status_code == 409
    assert "cannot be made twice" in html(again).find(id="refusal").get_text()
    after = stored(app, held.id)
    assert after.state == SafeguardingState.REFERRED
    assert after.actions == ["safeguarding.referred"]
