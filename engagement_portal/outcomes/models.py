"""Outcomes ("you said, we did"): per theme or for a whole engagement, the changes that result,
and later progress on each change (E-P18, E-P19, E-P20)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engagement_portal.accounts.models import User
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement
from engagement_portal.extensions import db
from engagement_portal.themes.models import Theme


class Alignment(enum.StrEnum):
    """How a decision sits with what people said."""

    IN_LINE = "in_line"
    PARTLY = "partly"
    NOT_IN_LINE = "not_in_line"


class ChangeStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Outcome(db.Model):
    __tablename__ = "outcome"
    __public_content__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id"), index=True)
    what_people_said: Mapped[str] = mapped_column(Text)
    what_we_did: Mapped[str] = mapped_column(Text)
    alignment: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")  # required unless in line (E-P19)
    easy_read_said: Mapped[str] = mapped_column(Text, default="")
    easy_read_did: Mapped[str] = mapped_column(Text, default="")
    easy_read_reason: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    engagement: Mapped[Engagement] = relationship()
    theme: Mapped[Theme | None] = relationship()
    changes: Mapped[list[OutcomeChange]] = relationship(
        back_populates="outcome", order_by="OutcomeChange.position", cascade="all, delete-orphan"
    )
    translations: Mapped[list[OutcomeTranslation]] = relationship(
        cascade="all, delete-orphan", order_by="OutcomeTranslation.language"
    )

    @property
    def needs_reason(self) -> bool:
        return self.alignment != Alignment.IN_LINE


class OutcomeChange(db.Model):
    """A change that results from an outcome, with its status and dates."""

    __tablename__ = "outcome_change"
    __public_content__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    description: Mapped[str] = mapped_column(Text)
    easy_read_description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ChangeStatus.PLANNED)
    expected_on: Mapped[dt.date | None]
    done_on: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    outcome: Mapped[Outcome] = relationship(back_populates="changes")
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="change", order_by="ProgressUpdate.id", cascade="all, delete-orphan"
    )
    translations: Mapped[list[ChangeTranslation]] = relationship(
        cascade="all, delete-orphan", order_by="ChangeTranslation.language"
    )


# Translations of an outcome and its changes, one row per language; an empty field falls back
# to the original (i18n/content.py).


class OutcomeTranslation(db.Model):
    __tablename__ = "outcome_translation"
    __public_content__ = True
    __table_args__ = (UniqueConstraint("outcome_id", "language"),)
    fields: ClassVar[tuple[str, ...]] = (
        "what_people_said",
        "what_we_did",
        "reason",
        "easy_read_said",
        "easy_read_did",
        "easy_read_reason",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id"))
    language: Mapped[str] = mapped_column(String(10))
    what_people_said: Mapped[str] = mapped_column(Text, default="")
    what_we_did: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    easy_read_said: Mapped[str] = mapped_column(Text, default="")
    easy_read_did: Mapped[str] = mapped_column(Text, default="")
    easy_read_reason: Mapped[str] = mapped_column(Text, default="")


class ChangeTranslation(db.Model):
    __tablename__ = "change_translation"
    __public_content__ = True
    __table_args__ = (UniqueConstraint("change_id", "language"),)
    fields: ClassVar[tuple[str, ...]] = ("description", "easy_read_description")

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("outcome_change.id"))
    language: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")
    easy_read_description: Mapped[str] = mapped_column(Text, default="")


class ProgressUpdate(db.Model):
    """A dated note of progress on a change; each is kept, none edited."""

    __tablename__ = "progress_update"
    __public_content__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("outcome_change.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # the change's status after this update
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    change: Mapped[OutcomeChange] = relationship(back_populates="updates")
    created_by: Mapped[User | None] = relationship()


class HearBackNotice(db.Model):
    """That a person who asked to hear back was told about something: one row per person and
    event, so the same news is never queued for them twice."""

    __tablename__ = "hear_back_notice"
    __table_args__ = (UniqueConstraint("response_id", "event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    event: Mapped[str] = mapped_column(String(60))  # "outcomes:<engagement id>", "done:<change id>"
    queued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
