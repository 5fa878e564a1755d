import datetime as dt

from engagement_portal.core.access import Role
from engagement_portal.engagements.models import Engagement
from engagement_portal.extensions import db
from tests.conftest import html, post_form
from tests.factories import make_engagement, make_user, sign_in


def engagement_form(**overrides):
    closes = dt.date.today() + dt.timedelta(days=30)
    today = dt.date.today()
    data = {
        "title": "Respite care review",
        "summary": "How should respite care work?",
        "easy_read_summary": "Respite is a short break.",
        "body": "Some detail.",
        "opens_on": [str(today.day), str(today.month), str(today.year)],
        "closes_on": [str(closes.day), str(closes.month), str(closes.year)],
        "plan_how_views_used": "We read them all.",
        "plan_who_decides": "The committee, in March.",
        "plan_hear_back": "By April, on this website.",
        "ways_to_take_part": ["online", "paper"],
        "support_offered": ["easy_read", "interpreter"],
        "communities": "Carers' forum",
        "views_shown": "once_closed",
        "provider_id": "0",
    }
    data.update(overrides)
    return data


def test_a_commissioner_creates_adds_a_question_and_publishes(client, app):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
    sign_in(client, commissioner)
    response = post_form(client, "/staff/engagements/new", engagement_form())
    assert response.status_code == 302
    show_url = response.headers["Location"]
    engagement_id = int(show_url.rstrip("/").split("/")[-1])
    response = post_form(
        client,
        f"/staff/engagements/{engagement_id}/questions/new",
        {"kind": "agreement", "text": "Respite should be bookable online.", "required": "y"},
    )
    assert response.status_code == 302
    response = post_form(
        client, f"/staff/engagements/{engagement_id}/publish", {}, token_from=show_url
    )
    assert response.status_code == 302
    with app.app_context():
        engagement = db.session.get(Engagement, engagement_id)
        assert engagement.published_at is not None
        slug = engagement.slug
    public = html(client.get(f"/engagements/{slug}"))
    assert public.find("h1").get_text(strip=True) == "Respite care review"
    text = public.get_text()
    assert "The committee, in March." in text  # the plan (E-P14)
    assert "An interpreter" in text  # support on offer (E-P11)
    assert "Carers' forum" in text  # communities (E-P10)
    assert "Give your views" in public.find("a", class_="govuk-button--start").get_text()


def test_a_form_with_mistakes_shows_the_error_summary_and_keeps_what_was_typed(client, app):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
    sign_in(client, commissioner)
    response = post_form(
        client,
        "/staff/engagements/new",
        engagement_form(title="", closes_on=["31", "2", "2027"], summary="Kept <b>as typed</b>"),
    )
    assert response.status_code == 200
    page = html(response)
    assert page.title.get_text().startswith("Error:")
    summary = page.find(class_="govuk-error-summary")
    links = {a["href"]: a.get_text(strip=True) for a in summary.find_all("a")}
    assert links["#title"] == "Enter a title"
    assert "#closes_on-day" in links
    assert page.find(id="closes_on-day") is not None
    assert page.find("textarea", id="summary").get_text() == "Kept <b>as typed</b>"


def test_public_list_filters_by_status(client, app):
    with app.app_context():
        make_engagement(title="Open one")
        make_engagement(
            title="Closed one", opens_in=dt.timedelta(days=-20), closes_in=dt.timedelta(days=-1)
        )
        make_engagement(title="Draft one", published=False)
    everything = client.get("/engagements/").get_data(as_text=True)
    assert "Open one" in everything and "Closed one" in everything
    assert "Draft one" not in everything
    closed = client.get("/engagements/?status=closed").get_data(as_text=True)
    assert "Closed one" in closed and "Open one" not in closed
    # An unknown filter shows everything rather than failing.
    assert client.get("/engagements/?status=%00<script>").status_code == 200


def test_unknown_and_draft_engagements_are_not_found(client, app):
    with app.app_context():
        draft = make_engagement(published=False)
        slug = draft.slug
    assert client.get("/engagements/no-such-thing").status_code == 404
    assert client.get(f"/engagements/{slug}").status_code == 404
    assert client.get(f"/engagements/{slug}/respond/who").status_code == 404


def test_a_closed_engagement_says_so_plainly(client, app):
    with app.app_context():
        engagement = make_engagement(
            opens_in=dt.timedelta(days=-20), closes_in=dt.timedelta(days=-1)
        )
        slug = engagement.slug
    page = html(client.get(f"/engagements/{slug}"))
    assert "closed on" in page.get_text()
    assert page.find("a", class_="govuk-button--start") is None
    response = client.get(f"/engagements/{slug}/respond/who")
    assert "not open for views" in response.get_data(as_text=True)


def test_choice_questions_need_two_different_options(client, app):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement_id = make_engagement(published=False, questions=False).id
    sign_in(client, commissioner)
    url = f"/staff/engagements/{engagement_id}/questions/new"
    one = post_form(client, url, {"kind": "single_choice", "text": "Pick", "choices": "Only one"})
    assert "Enter at least 2 options" in one.get_data(as_text=True)
    same = post_form(
        client, url, {"kind": "multiple_choice", "text": "Pick", "choices": "Yes\nyes"}
    )
    assert "Each option must be different" in same.get_data(as_text=True)
    fine = post_form(client, url, {"kind": "single_choice", "text": "Pick", "choices": "Yes\nNo"})
    assert fine.status_code == 302


def test_easy_read_options_must_fit_the_options(client, app):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement_id = make_engagement(published=False, questions=False).id
    sign_in(client, commissioner)
    url = f"/staff/engagements/{engagement_id}/questions/new"
    base = {"kind": "single_choice", "text": "Pick", "choices": "Yes\n\nNo"}
    too_long = post_form(client, url, {**base, "easy_read_choices": "y" * 301 + "\nn"})
    assert "300 characters or fewer" in too_long.get_data(as_text=True)
    too_many = post_form(client, url, {**base, "easy_read_choices": "a\nb\nc"})
    assert "no more easy read options" in too_many.get_data(as_text=True)
    assert post_form(client, url, {**base, "easy_read_choices": "Yes\n\nNo"}).status_code == 302
    with app.app_context():
        question = db.session.get(Engagement, engagement_id).questions[0]
        assert [(c.label, c.easy_read_label) for c in question.choices] == [
            ("Yes", "Yes"),
            ("No", "No"),
        ]


def test_questions_of_a_draft_can_be_reordered_and_deleted(client, app):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = make_engagement(published=False)
        engagement_id = engagement.id
        first, second, third = (
            q.id for q in sorted(engagement.questions, key=lambda q: q.position)
        )
    sign_in(client, commissioner)
    show = f"/staff/engagements/{engagement_id}"
    base = f"{show}/questions"
    assert post_form(client, f"{base}/{second}/move/up", {}, token_from=show).status_code == 302
    assert post_form(client, f"{base}/{third}/delete", {}, token_from=show).status_code == 302
    with app.app_context():
        questions = sorted(
            db.session.get(Engagement, engagement_id).questions, key=lambda q: q.position
        )
        assert [(q.id, q.position) for q in questions] == [(second, 1), (first, 2)]


def test_publishing_without_questions_explains_why(client, app):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement_id = make_engagement(published=False, questions=False).id
    sign_in(client, commissioner)
    show = f"/staff/engagements/{engagement_id}"
    page = html(client.get(show))
    assert "Add at least one question before publishing." in page.get_text()
    response = post_form(client, f"{show}/publish", {}, token_from=show, follow_redirects=True)
    assert (
        "Add at least one question before publishing."
        in html(response).find(class_="govuk-notification-banner").get_text()
    )
    with app.app_context():
        assert db.session.get(Engagement, engagement_id).published_at is None
