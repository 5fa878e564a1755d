"""Easy read: the easy-read wording with a picture at the start of each idea, faces on
agreement scales, and staff choosing the pictures."""

from engagement_portal.core.access import Role
from tests.conftest import html, post_form
from tests.factories import make_engagement, make_user, sign_in

SUMMARY = "We want to know about day services.\nTell us what you like.\nWe will listen."


def test_the_engagement_page_in_easy_read_shows_a_picture_beside_each_point(app, client):
    with app.app_context():
        engagement = make_engagement(easy_read_summary=SUMMARY)
        engagement.easy_read_pictures = ["question", "have-your-say", "we-listened"]
        from engagement_portal.extensions import db

        db.session.commit()
        slug = engagement.slug
    plain = html(client.get(f"/engagements/{slug}"))
    assert plain.select_one("[data-easy-read-summary]") is None
    easy = html(client.get(f"/engagements/{slug}?easy_read=1"))
    lines = easy.select("[data-easy-read-summary] .ep-easy-line")
    assert [line.get_text(strip=True) for line in lines] == SUMMARY.splitlines()
    pictures = [line.find("img") for line in lines]
    assert [img["src"].rsplit("/", 1)[1] for img in pictures] == [
        "question.svg",
        "have-your-say.svg",
        "we-listened.svg",
    ]
    assert all(img["alt"] == "" for img in pictures)  # the words beside it say it all


def test_a_question_in_easy_read_is_asked_in_its_easy_words_with_its_picture(app, client):
    with app.app_context():
        engagement = make_engagement()
        question = min(engagement.questions, key=lambda q: q.position)
        question.easy_read_picture = "help"
        from engagement_portal.extensions import db

        db.session.commit()
        slug, easy_text, plain_text = engagement.slug, question.easy_read_text, question.text
    client.get(f"/engagements/{slug}?easy_read=1")
    start = client.get(f"/engagements/{slug}/respond/")
    assert start.status_code in (200, 302)
    page = html(client.get(f"/engagements/{slug}/respond/question/1"))
    label = page.select_one("h1")
    assert easy_text in label.get_text(" ", strip=True)
    assert label.find("img")["src"].endswith("/help.svg")
    assert plain_text in page.select_one(".govuk-hint").get_text(" ", strip=True)


def test_staff_choose_a_picture_for_each_easy_read_point(app, client):
    with app.app_context():
        engagement = make_engagement(easy_read_summary=SUMMARY)
        boss = make_user(Role.COMMISSIONER)
        engagement_id = engagement.id
    sign_in(client, boss)
    url = f"/staff/engagements/{engagement_id}/easy-read-pictures"
    page = html(client.get(url))
    assert [s["name"] for s in page.select("select")] == ["picture_0", "picture_1", "picture_2"]
    response = post_form(
        client, url, {"picture_0": "date", "picture_1": "contact", "picture_2": "nonsense"}
    )
    assert html(response).title.string.startswith("Error:")  # not a picture we have
    response = post_form(
        client, url, {"picture_0": "date", "picture_1": "contact", "picture_2": "yes"}
    )
    assert response.status_code == 302
    with app.app_context():
        from engagement_portal.engagements.models import Engagement
        from engagement_portal.extensions import db

        assert db.session.get(Engagement, engagement_id).easy_read_pictures == [
            "date",
            "contact",
            "yes",
        ]
