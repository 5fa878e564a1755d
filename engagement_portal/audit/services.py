"""Writing to and reading the audit log.

Each entry carries the hash of the one before it, so editing or deleting an entry breaks the
chain and ``verify_chain`` finds it. Entries are added in the same transaction as the change
they describe: a rolled-back change leaves no entry, a committed one always has one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

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
    # Two transactions must never link to the same previous entry: take the write lock before
    # reading the last hash (PostgreSQL: an advisory lock; SQLite: a no-op write, which makes
    # this transaction the one writer until it ends).
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(7265746)"))
    else:
        db.session.execute(text("UPDATE audit_event SET id = id WHERE 0 = 1"))
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


PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    events: list[AuditEvent]
    number: int
    count: int  # how many pages there are (at least 1)
    total: int  # how many entries there are
    broken: list[int]  # ids of entries that fail verification (see verify_chain)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def page(number: int, per_page: int = PAGE_SIZE) -> Page:
    """One page of the log, newest first, and whether the whole chain verifies. A page number
    out of range gives the nearest page."""
    total = db.session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    count = max(1, -(-total // per_page))
    number = min(max(1, number), count)
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .options(selectinload(AuditEvent.actor))
            .order_by(AuditEvent.id.desc())
            .limit(per_page)
            .offset((number - 1) * per_page)
        )
    )
    return Page(events=events, number=number, count=count, total=total, broken=verify_chain())
