"""Writing and publishing "you said, we did" from the staff pages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.engagements.models import Engagement, Status
from engagement_portal.extensions import db
from engagement_portal.outcomes.models import Outcome, OutcomeChange
from engagement_portal.themes.models import Theme
from tests.conftest import html, post_form
from tests.factories import make_engagement, make_user, sign_in
from tests.outcomes.helpers import close, give_view


def _setup(app, client, *, closed: bool = True):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = make_engagement()
        give_view(engagement, "The buses are always late.")
        theme = Theme(engagement_id=engagement.id, name="Transport")
        db.session.add(theme)
        db.session.commit()
        if closed:
            close(engagement)
        ids = {"engagement": engagement.id, "theme": theme.id}
    sign_in(client, commissioner)
    return ids


def _errors(page) -> dict[str, str]:
    return {a["href"]: a.get_text(strip=True) for a in page.select(".govuk-error-summary a")}


def _outcome(**fields) -> dict:
    return {
        "theme_id": "0",
        "what_people_said": "People want buses that come on time.",
        "what_we_did": "We kept the current timetable.",
        "alignment": "not_in_line",
        "reason": "There is no money for more buses this year.",
        **fields,
    }


def test_an_outcome_not_in_line_needs_a_reason_and_keeps_what_was_typed(app, client):
    ids = _setup(app, client)
    url = f"/staff/engagements/{ids['engagement']}/outcomes/new"
    response = post_form(client, url, _outcome(reason="", easy_read_said="Buses late."))
    assert response.status_code == 200
    page = html(response)
    assert page.title.get_text().startswith("Error:")
    assert _errors(page) == {
        "#reason": "Give the reason for a decision that is not fully in line with what people said"
    }
    assert page.find(id="what_people_said").get_text() == "People want buses that come on time."
    assert page.find(id="easy_read_said").get_text() == "Buses late."
    assert page.find("input", attrs={"name": "alignment", "value": "not_in_line"}).has_attr(
        "checked"
    )
    assert page.select_one("#reason").find_parent(class_="govuk-form-group--error") is not None
    with app.app_context():
        assert db.session.scalars(select(Outcome)).all() == []

    # "Partly" needs one too; "in line" does not.
    response = post_form(client, url, _outcome(alignment="partly", reason=""))
    assert "#reason" in _errors(html(response))
    response = post_form(client, url, _outcome(alignment="in_line", reason=""))
    assert response.status_code == 302


def test_write_add_a_change_publish_and_record_progress_to_done(app, client):
    ids = _setup(app, client)
    base = f"/staff/engagements/{ids['engagement']}/outcomes"
    response = post_form(client, f"{base}/new", _outcome(theme_id=str(ids["theme"])))
    assert response.status_code == 302
    post_form(client, f"{base}/new", _outcome(alignment="in_line", reason=""))
    with app.app_context():
        themed, whole = db.session.scalars(select(Outcome).order_by(Outcome.id)).all()
        assert themed.theme_id == ids["theme"] and whole.theme_id is None
        outcome_id = themed.id

    next_year = dt.date.today().year + 1
    response = post_form(
        client,
        f"{base}/{outcome_id}/changes/new",
        {"description": "Ask the bus company for a later bus.", "status": "planned"}
        | {"expected_on": ["1", "3", str(next_year)]},
    )
    assert response.status_code == 302
    response = post_form(
        client,
        f"{base}/{outcome_id}/changes/new",
        {"description": "", "status": "planned", "expected_on": ["31", "2", "2030"]},
    )
    assert _errors(html(response)) == {
        "#description": "Describe the change",
        "#expected_on-day": "The expected date must be a real date",
    }

    page = html(client.get(f"{base}/"))
    cards = page.select(".govuk-summary-card")
    # The whole engagement comes first.
    assert cards[0]["id"] == f"outcome-{whole.id}"
    text = page.find(id=f"outcome-{outcome_id}").get_text(" ", strip=True)
    assert "Not in line with what people said" in text
    assert "There is no money for more buses this year." in text
    assert "Draft" in text and "Planned" in text and f"1 March {next_year}" in text

    response = post_form(client, f"{base}/publish", {}, token_from=f"{base}/")
    assert response.status_code == 302
    with app.app_context():
        engagement = db.session.get(Engagement, ids["engagement"])
        assert engagement.status is Status.RESPONDED
        assert engagement.responded_at is not None
        assert all(o.published_at for o in db.session.scalars(select(Outcome)))
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "outcomes.published")
        )
        assert event is not None
        change_id = db.session.scalar(select(OutcomeChange.id))
    page = html(client.get(f"{base}/"))
    assert page.find(id="responded") is not None
    assert "Published" in page.find(id=f"outcome-{outcome_id}").get_text()

    progress = f"{base}/{outcome_id}/changes/{change_id}/progress"
    response = post_form(client, progress, {"text": "", "status": "done"})
    assert _errors(html(response)) == {"#text": "Enter what has happened"}
    response = post_form(
        client, progress, {"text": "The later bus runs from May.", "status": "done"}
    )
    assert response.status_code == 302
    with app.app_context():
        change = db.session.get(OutcomeChange, change_id)
        assert change.status == "done" and change.done_on is not None
        assert [u.text for u in change.updates] == ["The later bus runs from May."]
    text = html(client.get(f"{base}/")).find(id=f"change-{change_id}").get_text(" ", strip=True)
    assert "Done" in text and "The later bus runs from May." in text


def test_outcomes_cannot_be_published_while_the_engagement_is_open(app, client):
    ids = _setup(app, client, closed=False)
    base = f"/staff/engagements/{ids['engagement']}/outcomes"
    post_form(client, f"{base}/new", _outcome())
    page = html(client.get(f"{base}/"))
    problems = page.find(id="publishing-problems").get_text()
    assert "once the engagement has closed" in problems
    assert page.find("button", string="Publish outcomes") is None
    response = post_form(client, f"{base}/publish", {}, token_from=f"{base}/")
    page = html(client.get(response.headers["Location"]))
    assert (
        "once the engagement has closed" in page.find(class_="govuk-notification-banner").get_text()
    )
    with app.app_context():
        assert db.session.scalar(select(Outcome.published_at)) is None
        assert db.session.get(Engagement, ids["engagement"]).responded_at is None


def test_editing_keeps_the_outcome_and_the_theme_choice(app, client):
    ids = _setup(app, client)
    base = f"/staff/engagements/{ids['engagement']}/outcomes"
    post_form(client, f"{base}/new", _outcome(theme_id=str(ids["theme"])))
    with app.app_context():
        outcome_id = db.session.scalar(select(Outcome.id))
    page = html(client.get(f"{base}/{outcome_id}/edit"))
    assert page.find("option", selected=True)["value"] == str(ids["theme"])
    assert page.find(id="reason").get_text() == "There is no money for more buses this year."
    response = post_form(
        client,
        f"{base}/{outcome_id}/edit",
        _outcome(what_we_did="We added a bus.", alignment="in_line", reason=""),
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Outcome, outcome_id).what_we_did == "We added a bus."
    assert client.get(f"{base}/999999/edit").status_code == 404


def test_only_commissioners_write_outcomes(app, client, other_client):
    ids = _setup(app, client)
    with app.app_context():
        provider = make_user(Role.PROVIDER)
    sign_in(other_client, provider)
    assert other_client.get(f"/staff/engagements/{ids['engagement']}/outcomes/").status_code == 403
