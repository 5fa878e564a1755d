"""Write a few audit entries the way the application does, and tamper with them the way the
application never does."""

from sqlalchemy import text

from engagement_portal.audit import services as audit
from engagement_portal.extensions import db


def write_entries(actor, count: int) -> list[int]:
    ids = []
    for number in range(count):
        ids.append(audit.record(actor, "test.thing_done", actor, number=number).id)
    db.session.commit()
    return ids


def tamper(statement=None) -> None:
    """Run ``statement`` (or flush the session's changes) against the audit log as someone with
    full rights over the database would, and commit: on PostgreSQL a superuser can switch the
    append-only trigger off for one transaction, which is what the hash chain is there to catch."""
    if db.session.get_bind().dialect.name == "postgresql":
        with db.session.no_autoflush:  # the switch must come before any pending change
            db.session.execute(text("SET LOCAL session_replication_role = replica"))
    if statement is not None:
        db.session.execute(statement)
    db.session.commit()
