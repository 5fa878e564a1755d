from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from engagement_portal.extensions import db
from engagement_portal.outbox.models import OutboxMessage
from engagement_portal.responses.services import Submission, record_response
from tests.factories import make_engagement

NAME = "Morwenna Trelawny-Pask"
EMAIL = "morwenna.pask@example.org"
VIEW = "The minibus driver waits for me when my legs are slow."


def give_views(engagement=None, *, email: str = EMAIL, **fields):
    """A stored response with a name, an e-mail address and every kind of answer."""
    engagement = engagement or make_engagement()
    first, second, third = sorted(engagement.questions, key=lambda q: q.position)
    values = {
        "respondent_type": "on_behalf",
        "publication_consent": "with_name",
        "respondent_name": NAME,
        "organisation_name": "Friends of Penhallow Day Centre",
        "relationship_to_person": "Her daughter",
        "gathering_method": "talked",
        "gathering_detail": "We talked at home over two evenings.",
        "person_agreed": True,
        "hear_back": bool(email),
        "email": email,
        **fields,
    }
    return record_response(
        engagement,
        Submission(answers={first.id: VIEW, second.id: "weekly", third.id: "agree"}, **values),
        idempotency_token=secrets.token_hex(16),
    )


def codes_sent() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.purpose == "privacy-code")
            .order_by(OutboxMessage.id)
        )
    )


def code_in(text: str) -> str:
    match = re.search(r"\b(\d{6})\b", text)
    assert match, "no 6-digit code in the message"
    return match.group(1)
