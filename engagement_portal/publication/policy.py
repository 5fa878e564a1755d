"""The one place that decides what the public may see (DESIGN.md, "The publication policy").

Every public read path asks this module; nothing else filters for the public. Decisions are
made against the clock at read time, so nothing has to run for a date to take effect.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select

from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement, Status


def public_engagements(query: Select) -> Select:
    """Rule 1: nothing from a draft engagement is public."""
    return query.where(Engagement.published_at.is_not(None))


def engagement_is_public(engagement: Engagement | None, now: dt.datetime | None = None) -> bool:
    if engagement is None:
        return False
    return engagement.status_at(now or utcnow()) is not Status.DRAFT
