"""Restrictions (publication flags) that commissioners put on views, answers, themes and outcomes.

A restriction is never deleted or edited: lifting it stamps who lifted it and when, so the record
of what was withheld, by whom and why stays whole. Whether one is *active* is decided against the
clock when it is read (an embargo ends at its time without anyone acting); see ``policy.py``.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engagement_portal.accounts.models import User
from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db


class RestrictionKind(enum.StrEnum):
    SAFEGUARDING = "safeguarding"
    DATA_PROTECTION = "data_protection"
    CONFIDENTIAL = "confidential"
    COMMERCIALLY_SENSITIVE = "commercially_sensitive"
    EMBARGOED = "embargoed"


class TargetType(enum.StrEnum):
    RESPONSE = "response"
    ANSWER = "answer"
    THEME = "theme"
    OUTCOME = "outcome"


class Restriction(db.Model):
    __tablename__ = "restriction"
    __public_content__ = True
    __table_args__ = (Index("ix_restriction_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The engagement the restricted item belongs to: one indexed lookup finds all of an
    # engagement's restrictions when its public pages are built.
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagement.id"), index=True)
    target_type: Mapped[str] = mapped_column(String(10))
    target_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    public_reason: Mapped[str] = mapped_column(String(300))  # shown to the public
    internal_note: Mapped[str] = mapped_column(Text, default="")  # staff only
    embargo_until: Mapped[dt.datetime | None]  # naive UTC; only for embargoes
    set_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    lifted_at: Mapped[dt.datetime | None]
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    lift_note: Mapped[str] = mapped_column(Text, default="")

    set_by: Mapped[User | None] = relationship(foreign_keys=[set_by_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])

    def is_active_at(self, now: dt.datetime) -> bool:
        if self.lifted_at is not None:
            return False
        if self.kind == RestrictionKind.EMBARGOED:
            return self.embargo_until is not None and now < self.embargo_until
        return True

    @property
    def is_active(self) -> bool:
        return self.is_active_at(utcnow())

    @property
    def has_ended_by_itself(self) -> bool:
        """An embargo whose time has passed, never lifted by hand."""
        return self.lifted_at is None and not self.is_active
