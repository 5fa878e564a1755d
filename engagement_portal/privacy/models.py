"""One-time codes that let a person reach the views they gave, by reference and e-mail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db


class PrivacyCode(db.Model):
    """A 6-digit code sent to the e-mail address on a response. Only its keyed hash is kept."""

    __tablename__ = "privacy_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[dt.datetime | None]
