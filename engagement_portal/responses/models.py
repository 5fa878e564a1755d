"""A person's views on an engagement, and the draft that collects them page by page.

A response is never edited by staff once stored: staff add decisions (safeguarding), and later
themes, flags and notes, in their own tables.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engagement_portal.accounts.models import User
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement, Question
from engagement_portal.extensions import db

if TYPE_CHECKING:
    from engagement_portal.themes.models import Theme


class RespondentType(enum.StrEnum):
    MYSELF = "myself"
    KEY_PERSON_OWN = "key_person_own"  # a family member or carer giving their own view
    ON_BEHALF = "on_behalf"  # an advocate or key person giving someone else's views
    STAKEHOLDER = "stakeholder"  # an organisation or stakeholder


class GatheringMethod(enum.StrEnum):
    TALKED = "talked"
    PICTURES = "pictures"
    INTERPRETER = "interpreter"
    OTHER = "other"


class PublicationConsent(enum.StrEnum):
    WITH_NAME = "with_name"
    ANONYMOUS = "anonymous"
    DO_NOT_PUBLISH = "do_not_publish"


class Channel(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    PHONE = "phone"
    EVENT = "event"
    EMAIL = "email"


class SafeguardingState(enum.StrEnum):
    CLEAR = "clear"  # nothing matched, or never needed review
    HELD = "held"  # matched: waiting for a decision, never public
    RELEASED = "released"  # reviewed: no concern, ordinary publication rules apply
    REFERRED = "referred"  # reviewed: referred on; stays withheld from the public


class Response(db.Model):
    __tablename__ = "response"
    # What the publication policy counts on every public page: one index-only scan on SQLite.
    __table_args__ = (
        Index(
            "ix_response_publication",
            "engagement_id",
            "withdrawn_at",
            "safeguarding_state",
            "publication_consent",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id"), index=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    idempotency_token: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    respondent_type: Mapped[str] = mapped_column(String(20))
    respondent_name: Mapped[str] = mapped_column(String(200), default="")
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    # When someone gives views on behalf of another person.
    relationship_to_person: Mapped[str] = mapped_column(String(200), default="")
    gathering_method: Mapped[str] = mapped_column(String(20), default="")
    gathering_detail: Mapped[str] = mapped_column(Text, default="")
    person_agreed: Mapped[bool] = mapped_column(default=False)
    publication_consent: Mapped[str] = mapped_column(String(20))
    hear_back: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(10), default="en")
    channel: Mapped[str] = mapped_column(String(10), default=Channel.ONLINE)
    support_used: Mapped[list[str]] = mapped_column(JSON, default=list)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    safeguarding_state: Mapped[str] = mapped_column(
        String(10), default=SafeguardingState.CLEAR, index=True
    )
    safeguarding_matches: Mapped[list[str]] = mapped_column(JSON, default=list)
    safeguarding_decided_at: Mapped[dt.datetime | None]
    safeguarding_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    safeguarding_note: Mapped[str] = mapped_column(Text, default="")
    # Withdrawn (privacy/services.py): content and identifying data removed, this row kept as an
    # anonymous tombstone so counts stay honest. The note says how staff checked identity.
    withdrawn_at: Mapped[dt.datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    withdrawal_note: Mapped[str] = mapped_column(Text, default="")
    # Retention (privacy/services.py): when name, e-mail and the like were removed.
    personal_data_removed_at: Mapped[dt.datetime | None]

    engagement: Mapped[Engagement] = relationship()
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    safeguarding_decided_by: Mapped[User | None] = relationship(
        foreign_keys=[safeguarding_decided_by_id]
    )
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )

    @property
    def is_on_behalf(self) -> bool:
        return self.respondent_type == RespondentType.ON_BEHALF

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_held(self) -> bool:
        return self.safeguarding_state == SafeguardingState.HELD


class Answer(db.Model):
    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    choice_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The interface language a free-text answer was typed in ("" for choices, and for answers
    # stored before this was recorded).
    language: Mapped[str] = mapped_column(String(10), default="")

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    # Tags staff give (themes/models.py); the association lives there.
    themes: Mapped[list[Theme]] = relationship(secondary="answer_theme", order_by="Theme.name")


class ResponseDraft(db.Model):
    """Answers collected page by page before the person checks and sends them.

    Kept on the server, not in the cookie, because a few 10,000-character answers do not fit in
    a cookie. Its random token doubles as the idempotency token of the response it becomes, so
    a double click or a resubmitted form can never store two responses.
    """

    __tablename__ = "response_draft"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id"), index=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    submitted_reference: Mapped[str | None] = mapped_column(String(12))

    engagement: Mapped[Engagement] = relationship()
