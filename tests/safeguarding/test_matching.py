"""Which words and phrases put a view on hold: whole words, any case, any spacing."""

from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engagement_portal.safeguarding import services as safeguarding
from engagement_portal.safeguarding.services import DEFAULT_TERMS_FILE, match_terms, parse_terms

DEFAULT_TERMS = parse_terms(DEFAULT_TERMS_FILE.read_text(encoding="utf-8").splitlines())
PHRASES = [term for term in DEFAULT_TERMS if " " in term.text]


def found(*texts: str) -> list[str]:
    return match_terms(DEFAULT_TERMS, texts)


def test_the_default_list_covers_the_obvious_signs_of_harm():
    listed = {term.text for term in DEFAULT_TERMS}
    for expected in (
        "hit me",
        "hurt me",
        "abuse",
        "abused",
        "neglect",
        "bruises",
        "scared of",
        "afraid of",
        "threatened",
        "locked in",
        "not fed",
        "suicide",
        "kill myself",
        "self-harm",
        "rough with me",
        "takes my money",
        "touched me",
    ):
        assert expected in listed
    assert len(listed) >= 40
    assert all(term == term.lower() for term in listed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Abuse.", ["abuse"]),
        ("ABUSE!", ["abuse"]),
        ("I was abused", ["abused"]),  # "abused" is listed; "abuse" is not inside it
        ("I was disabused of that idea", []),
        ("the abusers", []),
        ("abuse's effects", ["abuse"]),
        ("Staff hit  me", ["hit me"]),
        ("they HIT\nme when", ["hit me"]),
        ("hit\r\n\tme", ["hit me"]),
        ("white me", []),
        ("hit meat", []),
        ("a shit meal", []),
        ("I self harm", ["self-harm"]),
        ("self‑harm (non-breaking hyphen)", ["self-harm"]),
        ("SELF-HARM", ["self-harm"]),
        ("I am scared of the night staff", ["scared of"]),
        ("ＡＢＵＳＥ written full width", ["abuse"]),  # NFKC
        ("ab\u200buse with a zero-width space", ["abuse"]),
        ("nothing to worry about here, lovely staff", []),
        ("", []),
    ],
)
def test_matching_rules(text, expected):
    assert found(text) == expected


def test_several_terms_are_reported_once_each_in_the_order_of_the_list():
    assert found("Abuse. abuse, ABUSE", "they hit me", "more abuse") == ["abuse", "hit me"]


def test_a_phrase_never_spans_two_answers():
    assert found("they hit", "me") == []


def test_curly_apostrophes_match_straight_ones():
    terms = parse_terms(["don't want to live"])
    assert match_terms(terms, ["I don’t want to live"]) == ["don't want to live"]
    assert match_terms(terms, ["I DON'T   WANT TO LIVE"]) == ["don't want to live"]


def test_comments_blank_lines_and_duplicates_are_ignored():
    terms = parse_terms(["# comment", "", "  Abuse  ", "abuse", "hit   me", "#hit me", "---"])
    assert [term.text for term in terms] == ["abuse", "hit me"]


# --- Properties -------------------------------------------------------------------------------

# Characters that are a letter or digit however they are normalised, so always part of a word.
word_chars = st.characters(categories=("Ll", "Lu", "Nd")).filter(
    lambda ch: all(c.isalnum() for c in unicodedata.normalize("NFKC", ch).casefold())
)
spacing = st.text(alphabet=" \t\n\r\u00a0\u3000", min_size=1, max_size=4)


@st.composite
def variant(draw, term):
    """The term as someone might type it: any case, any run of spaces between words."""
    words = term.split(" ")
    cased = ["".join(ch.upper() if draw(st.booleans()) else ch for ch in word) for word in words]
    text = cased[0]
    for word in cased[1:]:
        text += draw(spacing) + word
    return text


@given(
    st.data(),
    st.sampled_from(DEFAULT_TERMS),
    st.sampled_from([" ", "\n", "(", "“", ". ", "\u00a0"]),
)
def test_any_case_and_spacing_still_matches(data, term, edge):
    typed = data.draw(variant(term.text))
    assert term.text in found(f"Before{edge}{typed}{edge.strip() or ' '}after")


@given(
    st.sampled_from(DEFAULT_TERMS),
    st.text(alphabet=word_chars, max_size=3),
    st.text(alphabet=word_chars, max_size=3),
)
def test_never_matches_inside_another_word(term, before, after):
    if not before and not after:
        return
    text = before + term.text + after
    assert term.text not in found(text)


@given(st.text(max_size=300), st.lists(st.sampled_from([t.text for t in DEFAULT_TERMS])))
def test_highlighting_keeps_every_character_of_the_original(text, terms):
    pieces = safeguarding.highlight(text, terms)
    assert "".join(piece for piece, _ in pieces) == text


def test_highlighting_marks_matches_where_they_are_in_the_original_text():
    text = "He was ROUGH\n with  me. Then ＡＢＵＳＥ again; not disabused."
    pieces = safeguarding.highlight(text, ["rough with me", "abuse"])
    assert [piece for piece, is_match in pieces if is_match] == ["ROUGH\n with  me", "ＡＢＵＳＥ"]
    assert "".join(piece for piece, _ in pieces) == text


# --- The list in use --------------------------------------------------------------------------


@pytest.fixture
def terms_file(app, tmp_path):
    path = tmp_path / "terms.txt"
    saved = app.config["SAFEGUARDING_TERMS_FILE"]
    app.config["SAFEGUARDING_TERMS_FILE"] = str(path)
    yield path
    app.config["SAFEGUARDING_TERMS_FILE"] = saved


def test_by_default_the_shipped_list_is_used(app_context):
    assert safeguarding.find_concerns(["They hit me"]) == ["hit me"]


def test_a_configured_file_replaces_the_default_list(app_context, terms_file):
    terms_file.write_text("# our own list\npurple elephant\n", encoding="utf-8")

    assert safeguarding.find_concerns(["They hit me"]) == []
    assert safeguarding.find_concerns(["A Purple\n Elephant!"]) == ["purple elephant"]


def test_changes_to_the_file_take_effect_without_a_restart(app_context, terms_file):
    terms_file.write_text("first\n", encoding="utf-8")
    assert safeguarding.find_concerns(["first second"]) == ["first"]

    terms_file.write_text("second\n", encoding="utf-8")
    stat = terms_file.stat()
    os.utime(terms_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    assert safeguarding.find_concerns(["first second"]) == ["second"]


def test_a_missing_configured_file_falls_back_to_the_default_not_to_nothing(
    app_context, terms_file
):
    assert not terms_file.exists()
    assert safeguarding.find_concerns(["They hit me"]) == ["hit me"]
