"""The audit log cannot be changed through the application's connection. What each database
promises: PostgreSQL refuses UPDATE, DELETE and TRUNCATE outright (a trigger, added by
migrations/versions/audit_append_only_manual.py); SQLite has no such trigger, and there, as
behind any superuser who switches the trigger off, the hash chain shows the change."""

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.exc import DBAPIError

from engagement_portal.audit import services as audit
from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from tests.audit.helpers import write_entries
from tests.factories import make_user


@pytest.fixture
def ids(app_context):
    return write_entries(make_user(Role.ADMINISTRATOR), 3)


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


CHANGES = {
    "update": lambda ids: (
        update(AuditEvent).where(AuditEvent.id == ids[1]).values(action="test.rewritten")
    ),
    "delete": lambda ids: delete(AuditEvent).where(AuditEvent.id == ids[1]),
}


@pytest.mark.parametrize("change", CHANGES)
def test_an_entry_cannot_be_changed_unseen(ids, change):
    statement = CHANGES[change](ids)
    if _on_postgresql():
        with pytest.raises(DBAPIError, match="audit_event is append-only"):
            db.session.execute(statement)
        db.session.rollback()
        assert audit.verify_chain() == []
        assert db.session.get(AuditEvent, ids[1]).action == "test.thing_done"
    else:
        db.session.execute(statement)
        db.session.commit()
        assert audit.verify_chain() == [ids[2] if change == "delete" else ids[1]]


def test_the_log_cannot_be_emptied(ids):
    if _on_postgresql():
        with pytest.raises(DBAPIError, match="audit_event is append-only"):
            db.session.execute(text("TRUNCATE audit_event"))
        db.session.rollback()
        assert audit.verify_chain() == []
        assert len(db.session.scalars(db.select(AuditEvent)).all()) == 4  # 3 + account.created
    else:
        db.session.execute(delete(AuditEvent).where(AuditEvent.id > ids[0]))
        db.session.commit()
        # An emptied tail leaves a chain that still verifies: SQLite only detects what changes an
        # entry that remains, which is why production runs on PostgreSQL with the trigger.
        assert audit.verify_chain() == []
