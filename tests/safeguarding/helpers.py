"""Responses built directly (not through the responses service) for safeguarding tests."""

from __future__ import annotations

import itertools

from engagement_portal.core.references import ALPHABET
from engagement_portal.extensions import db
from engagement_portal.responses.models import Answer, Response
from engagement_portal.safeguarding import services as safeguarding
from tests.conftest import unique

_numbers = itertools.count(1)


def next_reference() -> str:
    n = next(_numbers)
    symbols = "".join(ALPHABET[(n // len(ALPHABET) ** i) % len(ALPHABET)] for i in range(4))
    return f"EP-2345-{symbols}"


def build_response(engagement, *texts: str, **fields) -> Response:
    question = engagement.questions[0]
    fields.setdefault("reference", next_reference())
    fields.setdefault("respondent_type", "myself")
    fields.setdefault("publication_consent", "anonymous")
    return Response(
        engagement=engagement,
        idempotency_token=unique("tok"),
        answers=[Answer(question=question, text=text) for text in texts],
        **fields,
    )


def stored_response(engagement, *texts: str, **fields) -> tuple[Response, bool]:
    """A response screened and committed the way the responses service does it."""
    response = build_response(engagement, *texts, **fields)
    db.session.add(response)
    held = safeguarding.screen_response(response)
    db.session.commit()
    return response, held
