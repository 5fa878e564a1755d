"""Restricting and lifting from the staff pages, and seeing restrictions beside what they cover."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db
from engagement_portal.outcomes.models import Alignment, Outcome
from engagement_portal.publication.models import Restriction
from engagement_portal.themes.models import Theme
from tests.conftest import html, post_form
from tests.factories import make_engagement, make_user, sign_in
from tests.outcomes.helpers import give_view


def _setup(app, client):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = make_engagement()
        view = give_view(engagement, "The bus driver's name is on the form.")
        ids = {
            "engagement": engagement.id,
            "response": view.id,
            "reference": view.reference,
            "answer": view.answers[0].id,
            "commissioner": commissioner.name,
        }
    sign_in(client, commissioner)
    return ids


def _errors(page) -> dict[str, str]:
    return {a["href"]: a.get_text(strip=True) for a in page.select(".govuk-error-summary a")}


def _embargo(day: dt.date | tuple, time: str, **fields) -> dict:
    parts = (day.day, day.month, day.year) if isinstance(day, dt.date) else day
    return {
        "kind": "embargoed",
        "public_reason": fields.pop("public_reason", "Published with the committee papers."),
        "internal_note": fields.pop("internal_note", "Until the committee meets."),
        "embargo_date": [str(part) for part in parts],
        "embargo_time": time,
        **fields,
    }


def test_an_embargo_with_a_bad_date_or_time_is_refused_and_what_was_typed_is_kept(app, client):
    ids = _setup(app, client)
    url = f"/staff/restrictions/new/answer/{ids['answer']}"
    page = html(client.get(url))
    assert "The bus driver's name is on the form." in page.find(id="restricted-item").get_text()

    data = _embargo((30, 2, 2031), "25:00", internal_note="Kept note")
    response = post_form(client, url, data)
    assert response.status_code == 200
    page = html(response)
    assert page.title.get_text().startswith("Error:")
    assert _errors(page) == {
        "#embargo_date-day": "The date the embargo ends must be a real date",
        "#embargo_time": "Enter a time such as 09:00 or 17:30",
    }
    assert page.find(id="embargo_date-day")["value"] == "30"
    assert page.find(id="embargo_time")["value"] == "25:00"
    assert page.find(id="internal_note").get_text() == "Kept note"
    assert page.find("input", attrs={"name": "kind", "value": "embargoed"}).has_attr("checked")

    response = post_form(client, url, _embargo(dt.date(2031, 2, 3), ""))
    assert _errors(html(response)) == {
        "#embargo_time": "Enter the time the embargo ends, for example 09:00"
    }
    yesterday = dt.date.today() - dt.timedelta(days=1)
    response = post_form(client, url, _embargo(yesterday, "09:00"))
    assert _errors(html(response)) == {"#embargo_time": "The embargo must end in the future"}
    response = post_form(client, url, {"kind": "embargoed", "embargo_time": "09:00"})
    assert _errors(html(response)) == {"#embargo_date-day": "Enter the date the embargo ends"}
    with app.app_context():
        assert db.session.scalars(select(Restriction)).all() == []


def test_an_embargoed_answer_is_marked_on_the_view_page_and_ends_at_local_time(app, client):
    ids = _setup(app, client)
    url = f"/staff/restrictions/new/answer/{ids['answer']}"
    next_summer = dt.date(dt.date.today().year + 1, 7, 1)
    response = post_form(client, url, _embargo(next_summer, "10:30"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/staff/views/{ids['response']}#answer-{ids['answer']}"
    )
    with app.app_context():
        restriction = db.session.scalar(select(Restriction))
        # 10:30 in London in July is 09:30 UTC.
        assert restriction.embargo_until == dt.datetime.combine(next_summer, dt.time(9, 30))
        assert restriction.target_type == "answer"
        assert restriction.public_reason == "Published with the committee papers."

    page = html(client.get(f"/staff/views/{ids['response']}"))
    answer = page.find(id=f"answer-{ids['answer']}")
    text = answer.get_text(" ", strip=True)
    assert "Restricted: Embargoed until a date and time" in text
    assert "Published with the committee papers." in text
    assert "Until the committee meets." in text
    assert ids["commissioner"] in text
    assert f"1 July {next_summer.year}, 10:30" in text
    assert answer.select_one("a[href$='/lift']").get_text().startswith("Lift this restriction")
    # Nothing about the whole view is restricted.
    assert "Restricted:" not in page.find(id="view-restrictions").get_text()

    # Once its time has passed, the embargo is shown as ended, with nobody acting.
    with app.app_context():
        restriction = db.session.scalar(select(Restriction))
        restriction.embargo_until = utcnow() - dt.timedelta(minutes=1)
        db.session.commit()
    page = html(client.get(f"/staff/views/{ids['response']}"))
    text = page.find(id=f"answer-{ids['answer']}").get_text(" ", strip=True)
    assert "Embargo ended" in text
    assert "Restricted:" not in text


def test_a_restricted_view_is_marked_in_the_list_and_lifting_records_who_and_when(app, client):
    ids = _setup(app, client)
    response = post_form(
        client,
        f"/staff/restrictions/new/response/{ids['response']}",
        {"kind": "confidential", "public_reason": "", "internal_note": "Names a member of staff."},
    )
    assert response.headers["Location"].endswith(f"/staff/views/{ids['response']}")
    page = html(client.get(f"/staff/views/{ids['response']}"))
    top = page.find(id="view-restrictions").get_text(" ", strip=True)
    assert "Restricted: Confidential" in top
    assert "It contains confidential information." in top  # the default public reason
    assert "Names a member of staff." in top

    listing = html(client.get(f"/staff/engagements/{ids['engagement']}/views"))
    assert "Restricted: Confidential" in listing.find("table").get_text()

    with app.app_context():
        restriction_id = db.session.scalar(select(Restriction.id))
    lift_url = f"/staff/restrictions/{restriction_id}/lift"
    response = post_form(client, lift_url, {"note": ""})
    assert _errors(html(response)) == {"#note": "Enter why the restriction is being lifted"}
    before = utcnow()
    response = post_form(client, lift_url, {"note": "Checked with the person: they are happy."})
    assert response.status_code == 302
    with app.app_context():
        restriction = db.session.get(Restriction, restriction_id)
        assert restriction.lifted_by.name == ids["commissioner"]
        assert restriction.lifted_at >= before
        assert restriction.lift_note == "Checked with the person: they are happy."
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert "restriction.set" in actions and "restriction.lifted" in actions

    page = html(client.get(f"/staff/views/{ids['response']}"))
    top = page.find(id="view-restrictions").get_text(" ", strip=True)
    assert "Lifted: Confidential" in top
    assert "Checked with the person: they are happy." in top
    assert (
        "Restricted: Confidential"
        not in html(client.get(f"/staff/engagements/{ids['engagement']}/views"))
        .find("table")
        .get_text()
    )

    # Lifting again is not offered.
    page = html(client.get(lift_url))
    assert page.find(id="already-lifted") is not None
    assert page.find("textarea") is None

    table = html(client.get(f"/staff/restrictions/engagement/{ids['engagement']}"))
    row = table.find(id=f"restriction-{restriction_id}").get_text(" ", strip=True)
    assert "Lifted" in row and "Confidential" in row and ids["reference"] in row
    assert "Names a member of staff." in row


def test_a_safeguarding_hold_only_ever_says_being_reviewed(app, client):
    ids = _setup(app, client)
    post_form(
        client,
        f"/staff/restrictions/new/response/{ids['response']}",
        {"kind": "safeguarding", "public_reason": "The person mentions abuse at home."},
    )
    with app.app_context():
        assert db.session.scalar(select(Restriction.public_reason)) == "It is being reviewed."


def test_themes_and_outcomes_are_restricted_from_their_own_pages(app, client):
    ids = _setup(app, client)
    with app.app_context():
        theme = Theme(engagement_id=ids["engagement"], name="Transport")
        outcome = Outcome(
            engagement_id=ids["engagement"],
            what_people_said="Buses are late.",
            what_we_did="New timetable.",
            alignment=Alignment.IN_LINE,
        )
        db.session.add_all([theme, outcome])
        db.session.commit()
        theme_id, outcome_id = theme.id, outcome.id
    response = post_form(
        client, f"/staff/restrictions/new/theme/{theme_id}", {"kind": "data_protection"}
    )
    assert response.headers["Location"].endswith(f"/staff/engagements/{ids['engagement']}/themes")
    response = post_form(
        client, f"/staff/restrictions/new/outcome/{outcome_id}", {"kind": "commercially_sensitive"}
    )
    assert response.headers["Location"].endswith(
        f"/staff/engagements/{ids['engagement']}/outcomes/"
    )
    page = html(client.get(response.headers["Location"]))
    assert "Restricted: Commercially sensitive" in page.find(id=f"outcome-{outcome_id}").get_text()
    assert client.get("/staff/restrictions/new/theme/999999").status_code == 404
    assert client.get("/staff/restrictions/new/person/1").status_code == 404


def test_a_form_without_a_kind_says_so(app, client):
    ids = _setup(app, client)
    response = post_form(client, f"/staff/restrictions/new/response/{ids['response']}", {})
    assert _errors(html(response)) == {"#kind": "Select why it is being restricted"}


def test_only_commissioners_restrict(app, client, other_client):
    ids = _setup(app, client)
    with app.app_context():
        administrator = make_user(Role.ADMINISTRATOR)
    sign_in(other_client, administrator)
    url = f"/staff/restrictions/new/response/{ids['response']}"
    assert other_client.get(url).status_code == 403
    page = html(other_client.get(f"/staff/views/{ids['response']}"))
    assert "Restrict these views" not in page.get_text()


def test_lifting_drops_cached_public_pages(app, client, monkeypatch):
    ids = _setup(app, client)
    post_form(
        client, f"/staff/restrictions/new/response/{ids['response']}", {"kind": "confidential"}
    )
    with app.app_context():
        restriction_id = db.session.scalar(select(Restriction.id))
    bumps = []
    monkeypatch.setattr(app.extensions["page_cache"], "bump", lambda: bumps.append(1))
    post_form(client, f"/staff/restrictions/{restriction_id}/lift", {"note": "Checked."})
    assert bumps, "lifting a restriction must drop cached public pages"
