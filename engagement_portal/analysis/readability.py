"""Readability feedback for staff writing plain or easy-read text.

For every text: sentences longer than the limit (easy read: 15 words; plain English: 25), words
that may be hard (long words, and a list of public-service jargon), and for English the passive
voice where a simple pattern finds it and a Flesch reading-ease score. Welsh gets the sentence
and word checks; no library gives a Welsh readability formula, so no score is shown for it.

The score is computed here rather than with textstat: textstat fetches NLTK's CMU dictionary over
the network the first time it counts syllables, and nothing may download at run time. Syllables
are counted with the usual vowel-group rule (good to about one syllable in ten words), which is
enough to rank drafts, not to grade them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

EASY_READ_SENTENCE_WORDS = 15
PLAIN_SENTENCE_WORDS = 25

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_VOWEL_GROUPS = {
    "en": re.compile(r"[aeiouy]+"),
    "cy": re.compile(r"[aeiouwyâêîôûŵŷáéíóúẃýàèìòùẁỳäëïöüẅÿ]+"),
}

# Words that public services use and people find hard; each with a plainer choice.
JARGON = {
    "commissioning": "buying or arranging services",
    "commissioner": "the person who arranges services",
    "stakeholder": "people and groups involved",
    "stakeholders": "people and groups involved",
    "consultation": "asking people what they think",
    "facilitate": "help",
    "utilise": "use",
    "utilize": "use",
    "provision": "service",
    "implement": "do, or start",
    "implementation": "doing it",
    "prioritise": "put first",
    "commence": "start",
    "regarding": "about",
    "approximately": "about",
    "subsequently": "later",
    "additional": "more",
    "sufficient": "enough",
    "assistance": "help",
    "eligibility": "who can get it",
    "co-production": "working together",
    "coproduction": "working together",
}

_BE = r"(?:am|is|are|was|were|be|been|being|'s|'re)"
_IRREGULAR = [
    "made",
    "done",
    "given",
    "taken",
    "seen",
    "known",
    "shown",
    "told",
    "paid",
    "sent",
    "kept",
    "held",
    "written",
    "chosen",
    "found",
    "brought",
    "bought",
    "built",
    "heard",
    "left",
    "lost",
    "met",
    "put",
    "read",
    "run",
    "said",
    "set",
    "sold",
    "spent",
    "thought",
    "won",
    "agreed",
    "decided",
    "asked",
    "used",
    "needed",
    "changed",
    "closed",
    "opened",
    "published",
    "withheld",
]
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:\w+ly\s+)?(\w+ed|{'|'.join(_IRREGULAR)})\b(?:\s+by\b)?", re.IGNORECASE
)


@dataclass(frozen=True)
class Feedback:
    language: str
    easy_read: bool
    words: int
    sentences: int
    long_sentences: tuple[str, ...]  # the sentences over the limit, as written
    hard_words: tuple[tuple[str, str], ...]  # (word, a plainer choice or "")
    passive: tuple[str, ...]  # phrases that look passive (English only)
    score: float | None  # Flesch reading ease (English only), higher is easier
    limit: int = field(default=PLAIN_SENTENCE_WORDS)

    @property
    def has_advice(self) -> bool:
        return bool(self.long_sentences or self.hard_words or self.passive)


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text or "") if _WORD.search(part)]


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def syllables(word: str, language: str = "en") -> int:
    word = word.lower().strip("'’-")
    groups = _VOWEL_GROUPS.get(language, _VOWEL_GROUPS["en"]).findall(word)
    count = len(groups)
    if language == "en" and count > 1:
        if word.endswith("e") and not word.endswith(("le", "ee", "ye")):
            count -= 1  # a silent final e: "make", "service"
        elif word.endswith("ed") and not word.endswith(("ted", "ded")):
            count -= 1  # "asked", "changed"
    return max(1, count)


def flesch_reading_ease(text: str) -> float | None:
    found = words(text)
    parts = sentences(text)
    if not found or not parts:
        return None
    per_sentence = len(found) / len(parts)
    per_word = sum(syllables(word) for word in found) / len(found)
    return round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 1)


def _is_hard(word: str, language: str, easy_read: bool) -> bool:
    if word.lower() in JARGON:
        return True
    if language == "en":
        return syllables(word) >= (3 if easy_read else 4)
    return len(word) >= (10 if easy_read else 13)


def feedback(text: str, *, language: str = "en", easy_read: bool = False) -> Feedback:
    language = "cy" if language == "cy" else ("en" if language == "en" else language)
    limit = EASY_READ_SENTENCE_WORDS if easy_read else PLAIN_SENTENCE_WORDS
    parts = sentences(text)
    found = words(text)
    long_ones = tuple(part for part in parts if len(words(part)) > limit)
    hard, seen = [], set()
    for word in found:
        key = word.lower()
        if key not in seen and _is_hard(word, language, easy_read):
            seen.add(key)
            hard.append((word, JARGON.get(key, "")))
    passive = (
        tuple(dict.fromkeys(m.group(0) for m in _PASSIVE.finditer(text or "")))
        if language == "en"
        else ()
    )
    return Feedback(
        language=language,
        easy_read=easy_read,
        words=len(found),
        sentences=len(parts),
        long_sentences=long_ones,
        hard_words=tuple(hard),
        passive=passive,
        score=flesch_reading_ease(text) if language == "en" else None,
        limit=limit,
    )


@dataclass(frozen=True)
class FieldFeedback:
    label: str
    feedback: Feedback


def report(fields: list[tuple[str, str, bool]], language: str) -> list[FieldFeedback]:
    """Feedback for each non-empty (label, text, is easy read) of one thing staff wrote."""
    return [
        FieldFeedback(label, feedback(text, language=language, easy_read=easy))
        for label, text, easy in fields
        if text and text.strip()
    ]
