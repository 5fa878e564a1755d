"""Building an engagement with views, ready for outcomes: open while views come in, then closed."""

from __future__ import annotations

from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db
from engagement_portal.responses import services as responses
from engagement_portal.responses.services import Submission
from tests.conftest import unique
from tests.factories import make_engagement


def give_view(engagement, text: str = "The staff know me.", **fields):
    first = min(engagement.questions, key=lambda q: q.position)
    values = {"respondent_type": "myself", "publication_consent": "anonymous", **fields}
    return responses.record_response(
        engagement,
        Submission(answers={first.id: text}, **values),
        idempotency_token=unique("token"),
    )


def close(engagement):
    engagement.closed_early_at = utcnow()
    db.session.commit()
    return engagement


def closed_engagement_with_views(*views: dict):
    engagement = make_engagement(views_shown="once_closed")
    given = [give_view(engagement, **view) for view in views]
    return close(engagement), given
