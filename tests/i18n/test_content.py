"""Content in several languages: staff translate what they wrote; readers see their language
where it exists and otherwise the original, marked with its own lang and a notice; the language
each answer was written in is kept and shown to staff."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from sqlalchemy import event, select

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import (
    Choice,
    ChoiceTranslation,
    EngagementTranslation,
    Question,
    QuestionKind,
    QuestionTranslation,
)
from engagement_portal.extensions import db
from engagement_portal.i18n import content
from engagement_portal.outcomes.models import (
    Alignment,
    ChangeTranslation,
    Outcome,
    OutcomeChange,
    OutcomeTranslation,
)
from engagement_portal.publication import policy
from engagement_portal.responses.models import Response
from tests.conftest import html, post_form
from tests.factories import make_engagement, make_user, sign_in
from tests.responses.helpers import give_views

WELSH_TITLE = "Gwasanaethau dydd i oedolion ag anableddau dysgu"


def _translate_title(engagement, **fields):
    engagement.translations.append(
        EngagementTranslation(language="cy", title=WELSH_TITLE, **fields)
    )
    db.session.commit()


def _notice(page):
    return page.find(id="not-translated")


# Public pages


def test_a_welsh_reader_sees_the_welsh_title_and_the_english_original_marked(app, client):
    with app.app_context():
        engagement = make_engagement()
        _translate_title(engagement)
        slug = engagement.slug
    page = html(client.get(f"/engagements/{slug}?lang=cy"))
    heading = page.find("h1")
    assert heading.get_text(strip=True) == WELSH_TITLE
    assert not heading.has_attr("lang")  # in the page's own language
    summary = page.find(string=lambda s: s and "what matters to you about day services" in s)
    assert summary.parent["lang"] == "en" and summary.parent["dir"] == "auto"
    plan = page.find(string="The adult social care committee decides.")
    assert plan.parent["lang"] == "en"
    notice = _notice(page)
    assert notice is not None and "Cymraeg" in notice.get_text()
    assert len(page.find_all(id="not-translated")) == 1  # once a page


def test_a_page_fully_translated_or_in_the_original_language_has_no_notice(app, client):
    with app.app_context():
        engagement = make_engagement()
        _translate_title(
            engagement,
            summary="Rydym eisiau gwybod beth sy'n bwysig i chi.",
            easy_read_summary="Dywedwch wrthym beth rydych chi'n ei feddwl.",
            plan_how_views_used="Byddwn yn darllen pob barn.",
            plan_who_decides="Y pwyllgor sy'n penderfynu.",
            plan_hear_back="Byddwn yn cyhoeddi erbyn 1 Mawrth.",
            communities="Pobl sy'n defnyddio gwasanaethau dydd",
        )
        slug = engagement.slug
    welsh = html(client.get(f"/engagements/{slug}?lang=cy"))
    assert _notice(welsh) is None
    assert "Y pwyllgor sy'n penderfynu." in welsh.get_text()
    assert welsh.select("main [lang]") == []
    english = html(client.get(f"/engagements/{slug}?lang=en"))
    assert _notice(english) is None
    assert english.find("h1").get_text(strip=True).startswith("Day services")
    assert english.select("main [lang]") == []


def test_the_list_of_engagements_shows_translated_titles(app, client):
    with app.app_context():
        engagement = make_engagement()
        _translate_title(engagement)
    page = html(client.get("/engagements/?lang=cy"))
    link = page.find("a", string=WELSH_TITLE)
    assert link is not None
    assert _notice(page) is not None  # the summary is in English


def test_a_question_page_shows_the_welsh_question_and_options_where_translated(app, client):
    with app.app_context():
        engagement = make_engagement()
        question = next(q for q in engagement.questions if q.kind == QuestionKind.SINGLE_CHOICE)
        question.translations.append(QuestionTranslation(language="cy", text="Pa mor aml?"))
        weekly = next(c for c in question.choices if c.code == "weekly")
        weekly.translations.append(ChoiceTranslation(language="cy", label="Bob wythnos"))
        db.session.commit()
        slug, number = engagement.slug, question.position
    page = html(client.get(f"/engagements/{slug}/respond/question/{number}?lang=cy"))
    assert page.find("h1").get_text(strip=True) == "Pa mor aml?"
    labels = {
        label.get_text(strip=True): label for label in page.select("label.govuk-radios__label")
    }
    assert "Bob wythnos" in labels
    assert labels["Bob wythnos"].find(attrs={"lang": True}) is None
    monthly = labels["Every month"].find("span")
    assert monthly["lang"] == "en" and monthly["dir"] == "auto"
    assert _notice(page) is not None
    # The same page in English: no notice, nothing marked.
    english = html(client.get(f"/engagements/{slug}/respond/question/{number}?lang=en"))
    assert english.find("h1").get_text(strip=True) == "How often do you go?"
    assert _notice(english) is None


def _published_outcome(engagement) -> Outcome:
    engagement.closed_early_at = utcnow() - dt.timedelta(minutes=1)
    outcome = Outcome(
        engagement_id=engagement.id,
        what_people_said="Buses are late.",
        what_we_did="We asked for a new timetable.",
        alignment=Alignment.IN_LINE,
        published_at=utcnow(),
        changes=[OutcomeChange(position=1, description="A new timetable")],
    )
    engagement.responded_at = utcnow()
    db.session.add(outcome)
    db.session.commit()
    return outcome


def test_the_outcomes_page_shows_the_welsh_outcome_and_marks_the_rest(app, client):
    with app.app_context():
        engagement = make_engagement()
        outcome = _published_outcome(engagement)
        outcome.translations.append(
            OutcomeTranslation(language="cy", what_we_did="Gofynnon ni am amserlen newydd.")
        )
        outcome.changes[0].translations.append(
            ChangeTranslation(language="cy", description="Amserlen newydd")
        )
        db.session.commit()
        slug = engagement.slug
        projected = policy.public_outcomes(engagement, language="cy")[0]
        assert projected.what_we_did == "Gofynnon ni am amserlen newydd."
        assert projected.what_we_did.lang == "cy" and projected.what_we_did.is_translation
        assert projected.what_people_said.lang == "en"
        original = policy.public_outcomes(engagement)[0]  # language=None: the original
        assert original.what_we_did == "We asked for a new timetable."
        assert original.what_we_did.lang == "en"
    page = html(client.get(f"/engagements/{slug}/you-said-we-did?lang=cy"))
    did = page.find(string="Gofynnon ni am amserlen newydd.").parent
    assert not did.has_attr("lang")
    said = page.find(string="Buses are late.").parent
    assert said["lang"] == "en"
    assert page.find(string="Amserlen newydd") is not None
    assert _notice(page) is not None


# Staff: translating


def test_the_staff_translation_form_saves_what_was_entered_and_is_audited(app, client):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = make_engagement()  # published: translating is still allowed
        engagement_id = engagement.id
        question = engagement.questions[0]
        choice = next(c for q in engagement.questions for c in q.choices)
        keys = {
            "title": f"engagement_{engagement.id}_title",
            "summary": f"engagement_{engagement.id}_summary",
            "question": f"question_{question.id}_text",
            "choice": f"choice_{choice.id}_label",
        }
    sign_in(client, commissioner)
    staff_page = html(client.get(f"/staff/engagements/{engagement_id}"))
    row = staff_page.find(id="translation-cy")
    assert "0 of" in row.get_text()
    url = f"/staff/engagements/{engagement_id}/translations/cy"
    page = html(client.get(url))
    hint = page.find(id=f"{keys['title']}-hint")
    assert "Day services for adults" in hint.get_text() and hint["lang"] == "en"
    response = post_form(
        client,
        url,
        {
            keys["title"]: WELSH_TITLE,
            keys["question"]: "Beth sy'n gweithio'n dda?",
            keys["choice"]: "Bob wythnos",
            keys["summary"]: "",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.scalar(
            select(EngagementTranslation).where(
                EngagementTranslation.engagement_id == engagement_id
            )
        )
        assert (stored.language, stored.title, stored.summary) == ("cy", WELSH_TITLE, "")
        assert db.session.scalar(select(QuestionTranslation.text)) == "Beth sy'n gweithio'n dda?"
        assert db.session.scalar(select(ChoiceTranslation.label)) == "Bob wythnos"
        event_ = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "engagement.translated")
        )
        assert event_.details["language"] == "cy" and event_.details["fields"] == 3
    row = html(client.get(f"/staff/engagements/{engagement_id}")).find(id="translation-cy")
    assert "3 of" in row.get_text()


def test_the_translation_form_keeps_values_and_explains_mistakes(app, client):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = make_engagement()
        engagement_id = engagement.id
        title_key = f"engagement_{engagement.id}_title"
    sign_in(client, commissioner)
    url = f"/staff/engagements/{engagement_id}/translations/cy"
    response = post_form(client, url, {title_key: "T" * 201})
    assert response.status_code == 200
    page = html(response)
    assert page.title.get_text().startswith("Error:")
    links = {a["href"]: a.get_text(strip=True) for a in page.select(".govuk-error-summary a")}
    assert links[f"#{title_key}"] == "Title must be 200 characters or fewer"
    assert page.find(id=title_key)["value"] == "T" * 201
    with app.app_context():
        assert db.session.scalar(select(EngagementTranslation)) is None


def test_unknown_languages_and_the_original_language_are_not_found(app, client):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = make_engagement()
        outcome = _published_outcome(engagement)
        engagement_id, outcome_id = engagement.id, outcome.id
    sign_in(client, commissioner)
    for language in ("xx", "en"):
        assert (
            client.get(f"/staff/engagements/{engagement_id}/translations/{language}").status_code
            == 404
        )
        assert (
            client.get(
                f"/staff/engagements/{engagement_id}/outcomes/{outcome_id}/translations/{language}"
            ).status_code
            == 404
        )


def test_an_outcome_translation_is_saved_and_audited(app, client):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = make_engagement()
        outcome = _published_outcome(engagement)
        engagement_id, outcome_id = engagement.id, outcome.id
        change_id = outcome.changes[0].id
    sign_in(client, commissioner)
    url = f"/staff/engagements/{engagement_id}/outcomes/{outcome_id}/translations/cy"
    assert client.get(url).status_code == 200
    response = post_form(
        client,
        url,
        {
            f"outcome_{outcome_id}_what_we_did": "Gofynnon ni am amserlen newydd.",
            f"change_{change_id}_description": "Amserlen newydd",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(OutcomeTranslation.what_we_did)) == (
            "Gofynnon ni am amserlen newydd."
        )
        assert db.session.scalar(select(ChangeTranslation.description)) == "Amserlen newydd"
        event_ = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "outcome.translated")
        )
        assert event_.details["language"] == "cy"
    index = html(client.get(f"/staff/engagements/{engagement_id}/outcomes/"))
    assert "2 of 3" in index.find(id=f"outcome-{outcome_id}-translations").get_text()


# Answers: the language they were written in


def test_staff_see_the_language_each_answer_was_written_in(app, client, other_client):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        engagement = make_engagement()
        slug = engagement.slug
    client.get(f"/engagements/{slug}?lang=cy")  # the reader chooses Welsh; it is remembered
    assert give_views(client, slug).status_code == 302
    with app.app_context():
        response = db.session.scalar(
            select(Response).where(Response.engagement_id == engagement.id)
        )
        by_kind = {answer.question.kind: answer for answer in response.answers}
        assert by_kind[QuestionKind.FREE_TEXT].language == "cy"
        assert by_kind[QuestionKind.SINGLE_CHOICE].language == ""  # a choice has no language
        response_id, free_text_id = response.id, by_kind[QuestionKind.FREE_TEXT].id
    sign_in(other_client, commissioner)
    page = html(other_client.get(f"/staff/views/{response_id}"))
    assert page.find(id=f"answer-{free_text_id}-language").get_text(strip=True).endswith("Cymraeg")


# Cost: translations for a page are read in one query per table


@contextmanager
def _counting_queries(app):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _engagement_with_translated_questions(count: int):
    engagement = make_engagement(questions=False)
    engagement.questions = [
        Question(
            position=number,
            kind=QuestionKind.SINGLE_CHOICE,
            text=f"Question {number}?",
            help_text="Choose one.",
            choices=[
                Choice(position=1, code="yes", label="Yes"),
                Choice(position=2, code="no", label="No"),
            ],
        )
        for number in range(1, count + 1)
    ]
    engagement.translations.append(EngagementTranslation(language="cy", title=WELSH_TITLE))
    db.session.flush()
    for question in engagement.questions:
        question.translations.append(QuestionTranslation(language="cy", text="Cwestiwn?"))
        question.choices[0].translations.append(ChoiceTranslation(language="cy", label="Ie"))
    db.session.commit()
    return engagement.id, engagement.slug


def test_the_number_of_queries_does_not_grow_with_the_questions(app, client, other_client):
    with app.app_context():
        commissioner = make_user(Role.COMMISSIONER)
        small = _engagement_with_translated_questions(2)
        large = _engagement_with_translated_questions(10)
    sign_in(client, commissioner)
    counts = {}
    for name, (engagement_id, slug) in (("small", small), ("large", large)):
        pages = {
            "public": (other_client, f"/engagements/{slug}?lang=cy"),
            "question": (other_client, f"/engagements/{slug}/respond/question/2?lang=cy"),
            "staff": (client, f"/staff/engagements/{engagement_id}"),
            "translation": (client, f"/staff/engagements/{engagement_id}/translations/cy"),
        }
        for page, (browser, url) in pages.items():
            with _counting_queries(app) as statements:
                assert browser.get(url).status_code == 200
            counts[(name, page)] = len(statements)
    for page in ("public", "question", "staff", "translation"):
        assert counts[("small", page)] == counts[("large", page)], (page, counts)


def test_missing_fields_fall_back_field_by_field(app_context):
    engagement = make_engagement()
    engagement.translations.append(EngagementTranslation(language="cy", title=WELSH_TITLE))
    db.session.commit()
    words = content.engagement_text(engagement, "cy")
    assert (words.title, words.title.lang, words.is_translated("title")) == (
        WELSH_TITLE,
        "cy",
        True,
    )
    assert words.summary == engagement.summary and words.summary.lang == "en"
    assert content.untranslated(words, "cy") == ["en"]
    assert content.untranslated(content.engagement_text(engagement, "en"), "en") == []
