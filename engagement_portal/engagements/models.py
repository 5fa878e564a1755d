"""Engagements, their questions and choices.

An engagement's status is derived from its dates every time it is read (see ``status_at``), so
it closes at its closing time without any job having to run.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engagement_portal.accounts.models import Organisation, User
from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db


class Status(enum.StrEnum):
    DRAFT = "draft"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"
    RESPONDED = "responded"


class QuestionKind(enum.StrEnum):
    FREE_TEXT = "free_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    AGREEMENT = "agreement"


class Agreement(enum.StrEnum):
    """The five points of an agreement question, shown with faces in easy read."""

    STRONGLY_AGREE = "strongly_agree"
    AGREE = "agree"
    NEUTRAL = "neutral"
    DISAGREE = "disagree"
    STRONGLY_DISAGREE = "strongly_disagree"


class ViewsShown(enum.StrEnum):
    """When the public may read individual views (DESIGN.md: once closed is the default)."""

    WHILE_OPEN = "while_open"
    ONCE_CLOSED = "once_closed"


class Engagement(db.Model):
    __tablename__ = "engagement"
    __public_content__ = True  # a commit that changes one drops cached public pages

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    easy_read_summary: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # cleaned by bleach on the way in
    language: Mapped[str] = mapped_column(String(10), default="en")
    # The plan of what everyone can expect (E-P14).
    plan_how_views_used: Mapped[str] = mapped_column(Text, default="")
    plan_who_decides: Mapped[str] = mapped_column(Text, default="")
    plan_hear_back: Mapped[str] = mapped_column(Text, default="")
    # Ways to take part and support on offer (E-P9, E-P11), communities to reach (E-P10).
    ways_to_take_part: Mapped[list[str]] = mapped_column(JSON, default=list)
    support_offered: Mapped[list[str]] = mapped_column(JSON, default=list)
    communities: Mapped[str] = mapped_column(Text, default="")
    # Codes of the pictures shown beside the easy-read summary.
    easy_read_pictures: Mapped[list[str]] = mapped_column(JSON, default=list)
    opens_at: Mapped[dt.datetime]
    closes_at: Mapped[dt.datetime]
    views_shown: Mapped[str] = mapped_column(String(20), default=ViewsShown.ONCE_CLOSED)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # Months after closing when respondents' personal data is removed (privacy/services.py).
    retention_months: Mapped[int] = mapped_column(default=12)
    published_at: Mapped[dt.datetime | None]
    closed_early_at: Mapped[dt.datetime | None]
    responded_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    provider: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    questions: Mapped[list[Question]] = relationship(
        back_populates="engagement",
        order_by="Question.position",
        cascade="all, delete-orphan",
    )
    # Staff's translations into other interface languages (i18n/content.py reads them).
    translations: Mapped[list[EngagementTranslation]] = relationship(
        cascade="all, delete-orphan", order_by="EngagementTranslation.language"
    )

    def status_at(self, now: dt.datetime) -> Status:
        if self.published_at is None:
            return Status.DRAFT
        if self.responded_at is not None:
            return Status.RESPONDED
        if now >= self.effective_closes_at:
            return Status.CLOSED
        if now < self.opens_at:
            return Status.UPCOMING
        return Status.OPEN

    @property
    def status(self) -> Status:
        return self.status_at(utcnow())

    @property
    def effective_closes_at(self) -> dt.datetime:
        if self.closed_early_at is not None and self.closed_early_at < self.closes_at:
            return self.closed_early_at
        return self.closes_at

    @property
    def is_open(self) -> bool:
        return self.status is Status.OPEN

    def __repr__(self) -> str:
        return f"<Engagement {self.id} {self.slug}>"


class Question(db.Model):
    __tablename__ = "question"
    __public_content__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    easy_read_text: Mapped[str] = mapped_column(Text, default="")
    help_text: Mapped[str] = mapped_column(Text, default="")
    easy_read_picture: Mapped[str] = mapped_column(String(30), default="")
    required: Mapped[bool] = mapped_column(default=False)

    engagement: Mapped[Engagement] = relationship(back_populates="questions")
    choices: Mapped[list[Choice]] = relationship(
        back_populates="question", order_by="Choice.position", cascade="all, delete-orphan"
    )
    translations: Mapped[list[QuestionTranslation]] = relationship(
        cascade="all, delete-orphan", order_by="QuestionTranslation.language"
    )

    @property
    def has_choices(self) -> bool:
        return self.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)


class Choice(db.Model):
    __tablename__ = "choice"
    __public_content__ = True
    __table_args__ = (UniqueConstraint("question_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))
    easy_read_label: Mapped[str] = mapped_column(String(300), default="")

    question: Mapped[Question] = relationship(back_populates="choices")
    translations: Mapped[list[ChoiceTranslation]] = relationship(
        cascade="all, delete-orphan", order_by="ChoiceTranslation.language"
    )


# Translations of what staff wrote, one row per thing and language. A field left empty falls
# back to the original (i18n/content.py). ``fields`` names the translatable columns, which are
# those of the original with the same names.


class EngagementTranslation(db.Model):
    __tablename__ = "engagement_translation"
    __public_content__ = True
    __table_args__ = (UniqueConstraint("engagement_id", "language"),)
    fields: ClassVar[tuple[str, ...]] = (
        "title",
        "summary",
        "easy_read_summary",
        "body_html",
        "plan_how_views_used",
        "plan_who_decides",
        "plan_hear_back",
        "communities",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id"))
    language: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    easy_read_summary: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # cleaned by bleach on the way in
    plan_how_views_used: Mapped[str] = mapped_column(Text, default="")
    plan_who_decides: Mapped[str] = mapped_column(Text, default="")
    plan_hear_back: Mapped[str] = mapped_column(Text, default="")
    communities: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class QuestionTranslation(db.Model):
    __tablename__ = "question_translation"
    __public_content__ = True
    __table_args__ = (UniqueConstraint("question_id", "language"),)
    fields: ClassVar[tuple[str, ...]] = ("text", "easy_read_text", "help_text")

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    language: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    easy_read_text: Mapped[str] = mapped_column(Text, default="")
    help_text: Mapped[str] = mapped_column(Text, default="")


class ChoiceTranslation(db.Model):
    __tablename__ = "choice_translation"
    __public_content__ = True
    __table_args__ = (UniqueConstraint("choice_id", "language"),)
    fields: ClassVar[tuple[str, ...]] = ("label", "easy_read_label")

    id: Mapped[int] = mapped_column(primary_key=True)
    choice_id: Mapped[int] = mapped_column(ForeignKey("choice.id"))
    language: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(String(300), default="")
    easy_read_label: Mapped[str] = mapped_column(String(300), default="")
