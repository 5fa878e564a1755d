"""Theming views by hand: what a commissioner does on the themes pages and the view page."""

from __future__ import annotations

from sqlalchemy import select

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from engagement_portal.publication.models import Restriction
from engagement_portal.responses.models import Answer
from engagement_portal.themes.models import Theme
from tests.conftest import html, post_form
from tests.factories import make_engagement, make_user, sign_in
from tests.outcomes.helpers import give_view


def _setup(app, client, views: int = 4):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = make_engagement()
        given = [give_view(engagement, f"View number {n}.") for n in range(views)]
        ids = {
            "engagement": engagement.id,
            "responses": [response.id for response in given],
            "answers": [response.answers[0].id for response in given],
        }
    sign_in(client, commissioner)
    return ids


def _theme_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Theme.id).where(Theme.name == name))


def _tag(client, response_id: int, answer_id: int, theme_ids: list[int]):
    return post_form(
        client,
        f"/staff/views/{response_id}/answers/{answer_id}/themes",
        {"themes": [str(theme_id) for theme_id in theme_ids]},
        token_from=f"/staff/views/{response_id}",
    )


def test_create_tag_rename_merge_and_untag_with_counts_and_share(app, client):
    ids = _setup(app, client)
    index = f"/staff/engagements/{ids['engagement']}/themes"
    for name in ("Transport", "Buses", "Staff"):
        response = post_form(client, index, {"name": name, "summary": f"About {name}."})
        assert response.status_code == 302
    transport, buses, staff = (_theme_id(app, n) for n in ("Transport", "Buses", "Staff"))

    # Tag two views; one of them with two themes.
    assert (
        _tag(client, ids["responses"][0], ids["answers"][0], [transport, staff]).status_code == 302
    )
    assert _tag(client, ids["responses"][1], ids["answers"][1], [buses]).status_code == 302
    page = html(client.get(index))
    assert "2 of 4 views themed (50%)" in page.find(id="themed-share").get_text()
    cells = [td.get_text(strip=True) for td in page.find(id=f"theme-{transport}").find_all("td")]
    assert cells[1:3] == ["1", "1"]

    # The view page shows the current themes ticked.
    view = html(client.get(f"/staff/views/{ids['responses'][0]}"))
    ticked = {box["value"] for box in view.select(f"#answer-{ids['answers'][0]} input[checked]")}
    assert ticked == {str(transport), str(staff)}

    response = post_form(
        client,
        f"{index}/{buses}/edit",
        {"name": "Buses and trains", "summary": "Public transport."},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Theme, buses).name == "Buses and trains"

    # Merging moves the tags and removes the theme.
    response = post_form(client, f"{index}/{buses}/merge", {"into": str(transport)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Theme, buses) is None
        tagged = {t.id for t in db.session.get(Answer, ids["answers"][1]).themes}
        assert tagged == {transport}
    page = html(client.get(index))
    cells = [td.get_text(strip=True) for td in page.find(id=f"theme-{transport}").find_all("td")]
    assert cells[1:3] == ["2", "2"]

    # Ticking nothing untags the answer.
    assert _tag(client, ids["responses"][1], ids["answers"][1], []).status_code == 302
    with app.app_context():
        assert db.session.get(Answer, ids["answers"][1]).themes == []
    assert "1 of 4 views themed (25%)" in html(client.get(index)).get_text()


def test_a_theme_form_with_mistakes_shows_the_errors_and_keeps_what_was_typed(app, client):
    ids = _setup(app, client, views=1)
    index = f"/staff/engagements/{ids['engagement']}/themes"
    post_form(client, index, {"name": "Transport"})
    response = post_form(client, index, {"name": "  transport ", "summary": "Kept summary"})
    assert response.status_code == 200
    page = html(response)
    assert page.title.get_text().startswith("Error:")
    links = {a["href"]: a.get_text(strip=True) for a in page.select(".govuk-error-summary a")}
    assert links == {"#name": "There is already a theme with this name"}
    assert page.find(id="summary").get_text() == "Kept summary"

    response = post_form(client, index, {"name": ""})
    links = {
        a["href"]: a.get_text(strip=True) for a in html(response).select(".govuk-error-summary a")
    }
    assert links == {"#name": "Enter a name for the theme"}


def test_merging_needs_a_choice_and_lifts_the_merged_themes_restriction(app, client):
    ids = _setup(app, client, views=1)
    index = f"/staff/engagements/{ids['engagement']}/themes"
    post_form(client, index, {"name": "Transport"})
    post_form(client, index, {"name": "Buses"})
    transport, buses = _theme_id(app, "Transport"), _theme_id(app, "Buses")
    post_form(client, f"/staff/restrictions/new/theme/{buses}", {"kind": "confidential"})
    page = html(client.get(index))
    assert "Restricted: Confidential" in page.find(id=f"theme-{buses}").get_text()

    response = post_form(client, f"{index}/{buses}/merge", {})
    links = {
        a["href"]: a.get_text(strip=True) for a in html(response).select(".govuk-error-summary a")
    }
    assert links == {"#into": "Select the theme to merge into"}

    post_form(client, f"{index}/{buses}/merge", {"into": str(transport)})
    with app.app_context():
        restriction = db.session.scalar(select(Restriction))
        assert restriction.lifted_at is not None
        lifts = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "restriction.lifted")
        ).all()
        assert [event.subject_id for event in lifts] == [str(restriction.id)]


def test_tagging_refuses_themes_of_another_engagement(app, client):
    ids = _setup(app, client, views=1)
    with app.app_context():
        other = make_engagement()
        theme = Theme(engagement_id=other.id, name="Elsewhere")
        db.session.add(theme)
        db.session.commit()
        theme_id = theme.id
    response = _tag(client, ids["responses"][0], ids["answers"][0], [theme_id])
    assert response.status_code == 302
    page = html(client.get(response.headers["Location"]))
    assert "could not be saved" in page.get_text()
    with app.app_context():
        assert db.session.get(Answer, ids["answers"][0]).themes == []


def test_only_commissioners_theme(app, client, other_client):
    ids = _setup(app, client, views=1)
    with app.app_context():
        administrator = make_user(Role.ADMINISTRATOR)
    sign_in(other_client, administrator)
    assert other_client.get(f"/staff/engagements/{ids['engagement']}/themes").status_code == 403
    # The view page an administrator may read offers no tagging.
    page = html(other_client.get(f"/staff/views/{ids['responses'][0]}"))
    assert page.select("form[action$='/themes']") == []
