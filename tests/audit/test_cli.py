import pytest
from sqlalchemy import delete, update

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from tests.audit.helpers import tamper, write_entries
from tests.factories import make_user


@pytest.fixture
def entries(app_context):
    return write_entries(make_user(Role.ADMINISTRATOR), 4)


def _verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def test_verify_passes_on_an_intact_log(app, entries):
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_verify_fails_and_names_an_edited_entry(app, entries):
    tamper(update(AuditEvent).where(AuditEvent.id == entries[2]).values(subject_id="999"))

    result = _verify(app)

    assert result.exit_code == 1
    assert f"do not match: {entries[2]}" in result.output


def test_verify_fails_when_an_entry_is_deleted(app, entries):
    tamper(delete(AuditEvent).where(AuditEvent.id == entries[1]))

    result = _verify(app)

    assert result.exit_code == 1
    assert f"do not match: {entries[2]}" in result.output
