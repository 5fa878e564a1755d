"""What staff wrote, in the reader's language where a translation exists.

Engagements, questions, choices, outcomes and changes may each have one translation per
interface language (``*Translation`` rows). ``localise`` picks, field by field, the translation
where it has that field and the original otherwise, and says which is which: every value is a
``LocalText``, a ``str`` that also knows the language it is in. Templates mark a value whose
language is not the page's with ``lang_attribute`` and say once per page that something is not
translated (``untranslated``, templates/i18n/_not_translated.html).

Translations are read for a whole page at once: one query per table for every object shown,
only in the reader's language, and none at all when the reader reads the original's language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import select

from engagement_portal.engagements.models import (
    Choice,
    ChoiceTranslation,
    Engagement,
    EngagementTranslation,
    Question,
    QuestionTranslation,
)
from engagement_portal.extensions import db
from engagement_portal.outcomes.models import (
    ChangeTranslation,
    Outcome,
    OutcomeChange,
    OutcomeTranslation,
)


class LocalText(str):
    """A text and the language it is in; ``is_translation`` when staff translated it."""

    lang: str
    is_translation: bool

    def __new__(cls, value: str = "", lang: str = "", is_translation: bool = False):
        text = super().__new__(cls, value or "")
        text.lang = lang
        text.is_translation = is_translation
        return text

    def __reduce__(self):
        return (LocalText, (str(self), self.lang, self.is_translation))

    def __deepcopy__(self, memo):
        return self  # immutable, like the str it is


@dataclass(frozen=True)
class Localised:
    """The translatable fields of one object as the reader sees them: ``localised.title``."""

    original_language: str
    language: str  # the reader's
    texts: Mapping[str, LocalText]

    def __getattr__(self, name: str) -> LocalText:
        try:
            return self.texts[name]
        except KeyError:
            raise AttributeError(name) from None

    def is_translated(self, name: str) -> bool:
        return self.texts[name].is_translation


# The translatable fields of each kind of thing, and its translation table.
_TABLES: dict[type, tuple[type, str]] = {
    Engagement: (EngagementTranslation, "engagement_id"),
    Question: (QuestionTranslation, "question_id"),
    Choice: (ChoiceTranslation, "choice_id"),
    Outcome: (OutcomeTranslation, "outcome_id"),
    OutcomeChange: (ChangeTranslation, "change_id"),
}


def fields_of(kind: type) -> tuple[str, ...]:
    return _TABLES[kind][0].fields


def localise(obj, translation, original_language: str, language: str | None) -> Localised:
    """``obj``'s translatable fields: the translation's where it has a value, else the original's."""
    texts = {}
    for name in fields_of(type(obj)):
        translated = getattr(translation, name, "") if translation is not None else ""
        if translated:
            texts[name] = LocalText(translated, translation.language, True)
        else:
            texts[name] = LocalText(getattr(obj, name) or "", original_language, False)
    return Localised(original_language, language or original_language, texts)


def translations_for(kind: type, ids: Iterable[int], language: str | None) -> dict[int, Any]:
    """The translations into ``language`` of the ``kind`` rows with these ids, in one query."""
    ids = sorted(set(ids))
    if not ids or not language:
        return {}
    model, key = _TABLES[kind]
    rows = db.session.scalars(
        select(model).where(getattr(model, key).in_(ids), model.language == language)
    )
    return {getattr(row, key): row for row in rows}


def localise_all(
    objects: Sequence, original_language: str | Mapping[int, str], language: str | None
) -> dict[int, Localised]:
    """Every object (all of one kind) by id, reading their translations in one query.
    ``original_language`` is one code for all, or a code per object id."""
    if not objects:
        return {}

    def original(obj) -> str:
        if isinstance(original_language, str):
            return original_language
        return original_language[obj.id]

    wanted = [obj.id for obj in objects if language and language != original(obj)]
    found = translations_for(type(objects[0]), wanted, language)
    return {obj.id: localise(obj, found.get(obj.id), original(obj), language) for obj in objects}


def engagement_texts(
    engagements: Sequence[Engagement], language: str | None
) -> dict[int, Localised]:
    return localise_all(engagements, {e.id: e.language for e in engagements}, language)


def engagement_text(engagement: Engagement, language: str | None) -> Localised:
    return engagement_texts([engagement], language)[engagement.id]


@dataclass(frozen=True)
class QuestionTexts:
    question: Localised
    choices: dict[int, Localised]  # by choice id

    def choice(self, choice: Choice) -> Localised:
        return self.choices[choice.id]


def question_texts(
    engagement: Engagement, questions: Sequence[Question], language: str | None
) -> dict[int, QuestionTexts]:
    """Questions by id with their choices: two queries whatever their number (the choices
    themselves should be loaded with the questions, ``selectinload(Question.choices)``)."""
    original = engagement.language
    texts = localise_all(list(questions), original, language)
    choices = localise_all([c for q in questions for c in q.choices], original, language)
    return {
        q.id: QuestionTexts(texts[q.id], {c.id: choices[c.id] for c in q.choices})
        for q in questions
    }


# What is not translated on a page


def untranslated(things: Any, language: str) -> list[str]:
    """The languages of the non-empty texts among ``things`` that are not in ``language``: the
    originals shown because no translation exists. ``things`` may be texts, ``Localised``,
    projections (dataclasses) and lists, dicts or tuples of them."""
    found: set[str] = set()
    _walk(things, language, found, depth=0)
    return sorted(found)


def _walk(thing: Any, language: str, found: set[str], depth: int) -> None:
    if depth > 6 or thing is None:
        return
    if isinstance(thing, LocalText):
        if thing and thing.lang and thing.lang != language:
            found.add(thing.lang)
    elif isinstance(thing, str):
        return
    elif isinstance(thing, Localised):
        for text in thing.texts.values():
            _walk(text, language, found, depth + 1)
    elif isinstance(thing, QuestionTexts):
        _walk(thing.question, language, found, depth + 1)
        _walk(list(thing.choices.values()), language, found, depth + 1)
    elif dataclasses.is_dataclass(thing) and not isinstance(thing, type):
        for item in dataclasses.fields(thing):
            _walk(getattr(thing, item.name), language, found, depth + 1)
    elif isinstance(thing, Mapping):
        for value in thing.values():
            _walk(value, language, found, depth + 1)
    elif isinstance(thing, list | tuple | set | frozenset):
        for value in thing:
            _walk(value, language, found, depth + 1)


def lang_attribute(text: Any, page_language: str) -> Markup:
    """` lang="xx"` for a text in another language than the page's, else nothing."""
    lang = getattr(text, "lang", "")
    if text and lang and lang != page_language:
        return Markup(' lang="{}"').format(lang)
    return Markup("")


# Staff's side: progress and saving. These read ``owner.translations``: load it with the
# objects (``selectinload``) when there are many.


def translation_of(owner, language: str):
    return next((row for row in owner.translations if row.language == language), None)


def translation_progress(owners: Iterable, language: str) -> tuple[int, int]:
    """(fields translated, fields to translate): every non-empty field of the originals."""
    done = total = 0
    for owner in owners:
        row = translation_of(owner, language)
        for name in fields_of(type(owner)):
            if getattr(owner, name):
                total += 1
                done += bool(row is not None and getattr(row, name))
    return done, total


def store_translation(owner, language: str, values: Mapping[str, str]) -> int:
    """Set ``owner``'s translation into ``language`` to ``values`` (an empty field shows the
    original); no row is kept when every field is empty. Returns the fields now translated."""
    model, _key = _TABLES[type(owner)]
    cleaned = {name: (values.get(name) or "").strip() for name in model.fields}
    row = translation_of(owner, language)
    if not any(cleaned.values()):
        if row is not None:
            owner.translations.remove(row)
        return 0
    if row is None:
        row = model(language=language)
        owner.translations.append(row)
    for name, value in cleaned.items():
        setattr(row, name, value)
    return sum(1 for value in cleaned.values() if value)
