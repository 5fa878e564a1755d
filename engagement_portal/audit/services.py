"""Writing to and reading the audit log.

Each entry carries the hash of the one before it, so editing or deleting an entry breaks the
chain and ``verify_chain`` finds it. Entries are added in the same transaction as the change
they describe: a rolled-back change leaves no entry, a committed one always has one.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select, text

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db

GENESIS = "0" * 64


def _entry_hash(previous_hash: str, event: AuditEvent) -> str:
    payload = json.dumps(
        {
            "previous": previous_hash,
            "at": event.occurred_at.isoformat(),
            "actor": event.actor_id,
            "action": event.action,
            "subject": [event.subject_type, event.subject_id],
            "details": event.details,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def record(actor, action: str, subject, **details) -> AuditEvent:
    """Add an entry for ``actor`` doing ``action`` to ``subject`` (a model instance)."""
    if db.session.get_bind().dialect.name == "postgresql":
        # Two transactions must not both link to the same previous entry; SQLite already
        # serialises writers.
        db.session.execute(text("SELECT pg_advisory_xact_lock(7265746)"))
    last = db.session.scalar(select(AuditEvent.entry_hash).order_by(AuditEvent.id.desc()).limit(1))
    previous = last or GENESIS
    event = AuditEvent(
        occurred_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        action=action,
        subject_type=type(subject).__name__,
        subject_id=str(getattr(subject, "id", subject)),
        details={key: value for key, value in details.items() if value is not None},
        previous_hash=previous,
    )
    event.entry_hash = _entry_hash(previous, event)
    db.session.add(event)
    db.session.flush()
    return event


def verify_chain() -> list[int]:
    """Ids of entries whose hash or link does not match: empty when the log is intact."""
    broken = []
    previous = GENESIS
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        if event.previous_hash != previous or _entry_hash(previous, event) != event.entry_hash:
            broken.append(event.id)
        previous = event.entry_hash
    return broken


def recent(limit: int = 200, offset: int = 0) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
        )
    )
