"""Readability feedback: what staff are told about the text they write, offline."""

import socket

import pytest

from engagement_portal.analysis import readability
from engagement_portal.analysis.readability import feedback


def test_easy_read_sentences_over_15_words_are_named():
    text = (
        "We want to hear from you. "
        "We will read everything you tell us about day services before the committee meets in March."
    )
    result = feedback(text, easy_read=True)
    assert result.long_sentences == (
        "We will read everything you tell us about day services before the committee meets in "
        "March.",
    )
    assert feedback(text, easy_read=False).long_sentences == ()  # 17 words is fine in plain


def test_jargon_and_long_words_are_flagged_with_a_plainer_choice():
    result = feedback("We will facilitate co-production with stakeholders.", easy_read=True)
    assert ("facilitate", "help") in result.hard_words
    assert ("stakeholders", "people and groups involved") in result.hard_words
    assert dict(feedback("We ask you.", easy_read=True).hard_words) == {}


def test_the_passive_voice_is_found_in_english():
    result = feedback("The bus times were changed by the council. We listened.")
    assert result.passive == ("were changed by",)
    assert feedback("We changed the bus times.").passive == ()


def test_english_gets_a_score_that_ranks_plain_text_above_dense_text():
    plain = feedback("We want your views. Tell us what you think. It is easy.").score
    dense = feedback(
        "Implementation of the commissioning strategy necessitates comprehensive consideration "
        "of organisational interdependencies."
    ).score
    assert plain is not None and dense is not None and plain > dense


def test_welsh_gets_the_sentence_and_word_checks_but_no_score():
    text = "Rydym eisiau clywed gennych. Bydd y pwyllgor yn penderfynu ym mis Mawrth ar ôl darllen popeth y byddwch yn ei ddweud wrthym am wasanaethau dydd."
    result = feedback(text, language="cy", easy_read=True)
    assert result.score is None and result.passive == ()
    assert len(result.long_sentences) == 1
    assert readability.syllables("penderfynu", "cy") == 4


def test_the_report_skips_empty_fields():
    fields = [("Summary", "We ask you.", False), ("Easy read summary", "  ", True)]
    assert [item.label for item in readability.report(fields, "en")] == ["Summary"]


def test_nothing_is_downloaded(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("readability tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert feedback("The plan was agreed by everyone. It is a long plan.").score is not None


@pytest.mark.parametrize(
    "word,count",
    [("make", 1), ("service", 2), ("asked", 1), ("people", 2), ("committee", 3), ("table", 2)],
)
def test_syllables_are_close_enough_to_rank_drafts(word, count):
    assert readability.syllables(word) == count


def test_staff_see_the_feedback_on_the_engagement_and_outcome_pages(app, client):
    from engagement_portal.core.access import Role
    from engagement_portal.outcomes import services as outcomes
    from tests.conftest import html
    from tests.factories import make_engagement, make_user, sign_in

    with app.app_context():
        engagement = make_engagement(
            easy_read_summary="We will facilitate meetings with stakeholders about the provision of day services across the whole county next year."
        )
        boss = make_user(Role.COMMISSIONER)
        outcomes.create_outcome(
            engagement,
            outcomes.OutcomeDetails("People said it.", "The times were changed by us.", "in_line"),
            boss,
        )
        engagement_id = engagement.id
    sign_in(client, boss)
    page = html(client.get(f"/staff/engagements/{engagement_id}"))
    feedback = page.select_one("[data-readability]").get_text(" ", strip=True)
    assert "Easy read summary" in feedback and "facilitate" in feedback and "try: help" in feedback
    outcome_page = html(client.get(f"/staff/engagements/{engagement_id}/outcomes/"))
    assert "were changed by" in outcome_page.select_one("[data-readability]").get_text(" ")
