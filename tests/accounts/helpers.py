"""Shared by the account tests: the invitation link as the invited person receives it."""

from __future__ import annotations

import re

from sqlalchemy import select

from engagement_portal.extensions import db
from engagement_portal.outbox.models import OutboxMessage

_LINK = re.compile(r"http://localhost(/invitation/[A-Za-z0-9_\-]+)")


def invitation_messages(recipient: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.purpose == "invitation")
    if recipient is not None:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def invitation_path(recipient: str) -> str:
    """The path of the newest invitation link e-mailed to ``recipient``."""
    messages = invitation_messages(recipient)
    assert messages, f"no invitation queued for {recipient}"
    match = _LINK.search(messages[-1].body)
    assert match, "the invitation e-mail has no link"
    return match.group(1)


def invitation_token(recipient: str) -> str:
    return invitation_path(recipient).rsplit("/", 1)[1]
