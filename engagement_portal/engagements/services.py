"""The rules about engagements: creating, editing, questions, publishing, closing, and the lists
people see. Views call these; these never touch the request."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from engagement_portal.accounts.models import Organisation, User
from engagement_portal.analysis import readability
from engagement_portal.audit import services as audit
from engagement_portal.core.sanitise import clean_rich_text
from engagement_portal.core.timeutil import end_of_local_day_utc, start_of_local_day_utc, utcnow
from engagement_portal.engagements.models import (
    Choice,
    Engagement,
    Question,
    QuestionKind,
    Status,
    ViewsShown,
)
from engagement_portal.engagements.vocab import PICTURES
from engagement_portal.extensions import db
from engagement_portal.i18n import content
from engagement_portal.publication import policy


class EngagementError(Exception):
    """A rule about engagements was broken; the message is safe to show."""


@dataclass
class EngagementDetails:
    title: str
    summary: str
    easy_read_summary: str
    body: str
    opens_on: dt.date
    closes_on: dt.date
    plan_how_views_used: str
    plan_who_decides: str
    plan_hear_back: str
    ways_to_take_part: list[str]
    support_offered: list[str]
    communities: str
    views_shown: str = ViewsShown.ONCE_CLOSED
    provider_id: int | None = None
    retention_months: int = 12


@dataclass
class QuestionDetails:
    kind: str
    text: str
    easy_read_text: str = ""
    easy_read_picture: str = ""
    help_text: str = ""
    required: bool = False
    options: list[str] | None = None
    easy_read_options: list[str] | None = None


# Public reading


def public_list(status_filter: str | None = None) -> list[Engagement]:
    """Published engagements, open ones first (closing soonest first), then the rest newest first."""
    now = utcnow()
    engagements = db.session.scalars(
        policy.public_engagements(select(Engagement)).order_by(Engagement.closes_at.desc())
    ).all()
    if status_filter in {s.value for s in Status}:
        engagements = [e for e in engagements if e.status_at(now) == status_filter]
    open_now = sorted(
        (e for e in engagements if e.status_at(now) is Status.OPEN), key=lambda e: e.closes_at
    )
    others = [e for e in engagements if e.status_at(now) is not Status.OPEN]
    return open_now + others


def next_status_change(engagements: list[Engagement] | None = None) -> dt.datetime | None:
    """The next moment any of these published engagements (all of them by default) opens or
    closes: until then, pages that show their statuses stay the same."""
    now = utcnow()
    if engagements is None:
        engagements = list(db.session.scalars(policy.public_engagements(select(Engagement))))
    moments = [
        moment
        for engagement in engagements
        for moment in (engagement.opens_at, engagement.effective_closes_at)
        if moment > now
    ]
    return min(moments, default=None)


def public_engagement(slug: str) -> Engagement | None:
    engagement = db.session.scalar(select(Engagement).where(Engagement.slug == slug))
    return engagement if policy.engagement_is_public(engagement) else None


# Staff reading


def all_engagements() -> list[Engagement]:
    return list(db.session.scalars(select(Engagement).order_by(Engagement.created_at.desc())))


def engagements_about(organisation: Organisation | None) -> list[Engagement]:
    """What a provider may see: published engagements about its own service."""
    if organisation is None:
        return []
    query = select(Engagement).where(Engagement.provider_id == organisation.id)
    return list(
        db.session.scalars(policy.public_engagements(query).order_by(Engagement.closes_at.desc()))
    )


def provider_engagement(organisation: Organisation | None, engagement_id: int):
    """One published engagement about this provider's service, or None."""
    engagement = db.session.get(Engagement, engagement_id)
    if organisation is None or engagement is None or engagement.provider_id != organisation.id:
        return None
    return engagement if policy.engagement_is_public(engagement) else None


def get_engagement(engagement_id: int) -> Engagement | None:
    return db.session.get(Engagement, engagement_id)


def get_engagement_with_content(engagement_id: int) -> Engagement | None:
    """The engagement with its questions, choices and all their translations, in one query per
    table (the staff pages that list every question and translation)."""
    return db.session.scalar(
        select(Engagement)
        .where(Engagement.id == engagement_id)
        .options(
            selectinload(Engagement.translations),
            selectinload(Engagement.questions).selectinload(Question.translations),
            selectinload(Engagement.questions)
            .selectinload(Question.choices)
            .selectinload(Choice.translations),
        )
        .execution_options(populate_existing=True)
    )


def provider_organisations() -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.is_provider.is_(True))
            .order_by(Organisation.name)
        )
    )


# Writing


def _slug_for(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60] or "engagement"
    slug, n = base, 1
    while db.session.scalar(select(func.count()).where(Engagement.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply_details(engagement: Engagement, details: EngagementDetails) -> None:
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    engagement.title = details.title
    engagement.summary = details.summary
    engagement.easy_read_summary = details.easy_read_summary
    engagement.body_html = clean_rich_text(details.body)
    engagement.opens_at = start_of_local_day_utc(details.opens_on, zone)
    engagement.closes_at = end_of_local_day_utc(details.closes_on, zone)
    engagement.plan_how_views_used = details.plan_how_views_used
    engagement.plan_who_decides = details.plan_who_decides
    engagement.plan_hear_back = details.plan_hear_back
    engagement.ways_to_take_part = list(details.ways_to_take_part)
    engagement.support_offered = list(details.support_offered)
    engagement.communities = details.communities
    engagement.views_shown = ViewsShown(details.views_shown).value
    engagement.retention_months = details.retention_months
    if details.provider_id:
        provider = db.session.get(Organisation, details.provider_id)
        if provider is None or not provider.is_provider:
            raise EngagementError(_("Choose a service provider from the list."))
        engagement.provider = provider
    else:
        engagement.provider = None


def create_engagement(details: EngagementDetails, actor: User) -> Engagement:
    engagement = Engagement(slug=_slug_for(details.title), created_by=actor)
    _apply_details(engagement, details)
    db.session.add(engagement)
    db.session.flush()
    audit.record(actor, "engagement.created", engagement, title=engagement.title)
    db.session.commit()
    return engagement


def update_engagement(
    engagement: Engagement, details: EngagementDetails, actor: User
) -> Engagement:
    if engagement.status in (Status.CLOSED, Status.RESPONDED):
        raise EngagementError(_("A closed engagement cannot be changed."))
    was_published = engagement.published_at is not None
    _apply_details(engagement, details)
    if was_published:
        audit.record(actor, "engagement.updated_after_publishing", engagement)
    db.session.commit()
    return engagement


def readability_of(engagement: Engagement) -> list[readability.FieldFeedback]:
    """Feedback on everything staff wrote for the public, in the engagement's own language."""
    fields = [
        (_("Summary"), engagement.summary, False),
        (_("Easy read summary"), engagement.easy_read_summary, True),
        (_("How views will be used"), engagement.plan_how_views_used, False),
        (_("Who decides, and when"), engagement.plan_who_decides, False),
        (_("When and how people will hear back"), engagement.plan_hear_back, False),
    ]
    for number, question in enumerate(sorted(engagement.questions, key=lambda q: q.position), 1):
        fields.append((_("Question %(number)d", number=number), question.text, False))
        fields.append(
            (_("Question %(number)d in easy read", number=number), question.easy_read_text, True)
        )
    return readability.report(fields, engagement.language or "en")


def easy_read_points(engagement: Engagement) -> list[str]:
    return [line.strip() for line in engagement.easy_read_summary.splitlines() if line.strip()]


def set_easy_read_pictures(engagement: Engagement, codes: list[str], actor: User) -> None:
    """The picture beside each point of the easy-read summary, in order. Allowed after
    publishing: a picture changes how a point is shown, not what it says."""
    if any(code not in PICTURES for code in codes):
        raise EngagementError(_("Choose a picture from the list."))
    engagement.easy_read_pictures = list(codes)
    audit.record(actor, "engagement.easy_read_pictures", engagement, count=len(codes))
    db.session.commit()


def publish(engagement: Engagement, actor: User) -> Engagement:
    """Publishing makes the engagement public; it opens on its opening date (now or later)."""
    if engagement.published_at is not None:
        raise EngagementError(_("This engagement is already published."))
    problems = publishing_problems(engagement)
    if problems:
        raise EngagementError(problems[0])
    engagement.published_at = utcnow()
    audit.record(
        actor, "engagement.published", engagement, closes_at=engagement.closes_at.isoformat()
    )
    db.session.commit()
    return engagement


def publishing_problems(engagement: Engagement) -> list[str]:
    """What must be fixed before publishing, in words a commissioner can act on."""
    problems = []
    if not engagement.questions:
        problems.append(_("Add at least one question before publishing."))
    if engagement.closes_at <= utcnow():
        problems.append(_("The closing date has passed. Change it before publishing."))
    if not engagement.ways_to_take_part:
        problems.append(_("Say how people can take part before publishing."))
    return problems


def close_early(engagement: Engagement, actor: User) -> Engagement:
    if engagement.status is not Status.OPEN and engagement.status is not Status.UPCOMING:
        raise EngagementError(_("Only an open engagement can be closed."))
    engagement.closed_early_at = utcnow()
    audit.record(actor, "engagement.closed_early", engagement)
    db.session.commit()
    return engagement


# Questions


def _ensure_questions_editable(engagement: Engagement) -> None:
    if engagement.published_at is not None:
        raise EngagementError(
            _(
                "Questions cannot be changed once the engagement is published, so that every "
                "view answers the same questions."
            )
        )


def _apply_question(question: Question, details: QuestionDetails) -> None:
    question.kind = QuestionKind(details.kind).value
    question.text = details.text
    question.easy_read_text = details.easy_read_text
    question.easy_read_picture = (
        details.easy_read_picture if details.easy_read_picture in PICTURES else ""
    )
    question.help_text = details.help_text
    question.required = details.required
    if question.has_choices:
        easy = details.easy_read_options or []
        question.choices = [
            Choice(
                position=index,
                code=f"option-{index}",
                label=label,
                easy_read_label=(easy[index - 1] if index - 1 < len(easy) else ""),
            )
            for index, label in enumerate(details.options or [], start=1)
        ]
    else:
        question.choices = []


def add_question(engagement: Engagement, details: QuestionDetails, actor: User) -> Question:
    _ensure_questions_editable(engagement)
    question = Question(engagement=engagement, position=len(engagement.questions) + 1)
    _apply_question(question, details)
    db.session.add(question)
    db.session.commit()
    return question


def update_question(question: Question, details: QuestionDetails, actor: User) -> Question:
    _ensure_questions_editable(question.engagement)
    # Replacing the options: flush the removal first so new codes do not clash with old rows.
    question.choices = []
    db.session.flush()
    _apply_question(question, details)
    db.session.commit()
    return question


def delete_question(question: Question, actor: User) -> None:
    engagement = question.engagement
    _ensure_questions_editable(engagement)
    engagement.questions.remove(question)
    _renumber(engagement)
    db.session.commit()


def move_question(question: Question, direction: str, actor: User) -> None:
    engagement = question.engagement
    _ensure_questions_editable(engagement)
    questions = list(engagement.questions)
    index = questions.index(question)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
        for position, item in enumerate(questions, start=1):
            item.position = position
    db.session.commit()


def _renumber(engagement: Engagement) -> None:
    for position, item in enumerate(
        sorted(engagement.questions, key=lambda q: q.position), start=1
    ):
        item.position = position


def get_question(engagement: Engagement, question_id: int) -> Question | None:
    question = db.session.get(Question, question_id)
    return question if question is not None and question.engagement_id == engagement.id else None


# Translations. Allowed after publishing too: a translation does not change what was asked.


def translation_languages(engagement: Engagement) -> dict[str, str]:
    """The interface languages this engagement may be translated into: all but the original's."""
    return {
        code: name
        for code, name in current_app.config["LANGUAGES"].items()
        if code != engagement.language
    }


def translatable_parts(engagement: Engagement) -> list:
    """The engagement, its questions and their choices: everything one translation covers."""
    parts: list = [engagement]
    for question in engagement.questions:
        parts.append(question)
        parts.extend(question.choices)
    return parts


def translation_status(engagement: Engagement) -> dict[str, tuple[int, int]]:
    """Language -> (fields translated, fields to translate)."""
    parts = translatable_parts(engagement)
    return {
        code: content.translation_progress(parts, code)
        for code in translation_languages(engagement)
    }


def save_translation(
    engagement: Engagement,
    language: str,
    values: dict[tuple[str, int], dict[str, str]],
    actor: User,
) -> int:
    """Store the translation into ``language`` of the engagement, its questions and choices:
    ``values`` by ("engagement" | "question" | "choice", id). Returns the fields translated."""
    if language not in translation_languages(engagement):
        raise EngagementError(_("Choose one of the languages this service offers."))
    owners: dict[tuple[str, int], object] = {("engagement", engagement.id): engagement}
    for question in engagement.questions:
        owners[("question", question.id)] = question
        for choice in question.choices:
            owners[("choice", choice.id)] = choice
    translated = 0
    for key, fields in values.items():
        owner = owners.get(key)
        if owner is None:
            raise EngagementError(_("This engagement has changed. Open the translation again."))
        if "body_html" in fields:
            fields = {**fields, "body_html": clean_rich_text(fields["body_html"])}
        translated += content.store_translation(owner, language, fields)
    audit.record(actor, "engagement.translated", engagement, language=language, fields=translated)
    db.session.commit()
    return translated
