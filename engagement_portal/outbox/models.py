"""E-mail waiting to be sent. Written in the same transaction as the change that causes it, so a
message is never lost when SMTP is down and never sent for a change that was rolled back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    failed_at: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
