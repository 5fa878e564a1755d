"""The rules about engagements: creating, editing, publishing, and what the public list shows."""

from __future__ import annotations

from sqlalchemy import select

from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement, Status
from engagement_portal.extensions import db
from engagement_portal.publication import policy


def public_list(status_filter: str | None = None) -> list[Engagement]:
    now = utcnow()
    engagements = db.session.scalars(
        policy.public_engagements(select(Engagement)).order_by(Engagement.closes_at.desc())
    ).all()
    if status_filter in {s.value for s in Status}:
        engagements = [e for e in engagements if e.status_at(now) == status_filter]
    return engagements
