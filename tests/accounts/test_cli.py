import pytest
from sqlalchemy import func, select

from engagement_portal.accounts import services
from engagement_portal.accounts.models import User
from engagement_portal.audit.models import AuditEvent
from engagement_portal.extensions import db

GOOD = "a very long admin passphrase"


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _create_admin(runner, *, env=None, input=None, email="admin@example.org"):
    return runner.invoke(
        args=["accounts", "create-admin", "--email", email, "--name", "First Admin"],
        env={"ADMIN_PASSWORD": None, **(env or {})},
        input=input,
    )


def _users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_create_admin_reads_the_password_from_the_environment(runner, app_context):
    result = _create_admin(runner, env={"ADMIN_PASSWORD": GOOD})

    assert result.exit_code == 0, result.output
    assert "created" in result.output
    assert GOOD not in result.output
    user = services.authenticate("admin@example.org", GOOD)
    assert (user.role, user.name) == ("administrator", "First Admin")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.created"))
    assert (event.actor_id, event.details["via"]) == (None, "command")


def test_create_admin_asks_twice_when_there_is_no_environment_variable(runner, app_context):
    result = _create_admin(runner, input=f"{GOOD}\n{GOOD}\n")

    assert result.exit_code == 0, result.output
    assert "Password:" in result.output
    assert "Repeat for confirmation:" in result.output
    assert services.authenticate("admin@example.org", GOOD) is not None


def test_create_admin_refuses_mismatched_then_accepts_matching_entries(runner, app_context):
    result = _create_admin(runner, input=f"{GOOD}\nsomething else\n{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert "do not match" in result.output.lower()


def test_create_admin_refuses_a_short_password(runner, app_context):
    result = _create_admin(runner, env={"ADMIN_PASSWORD": "elevenchars"})

    assert result.exit_code != 0
    assert "12 characters" in result.output
    assert _users() == 0


def test_create_admin_twice_says_the_account_exists_and_changes_nothing(runner, app_context):
    assert _create_admin(runner, env={"ADMIN_PASSWORD": GOOD}).exit_code == 0

    again = _create_admin(
        runner, env={"ADMIN_PASSWORD": "another long passphrase"}, email="ADMIN@example.org"
    )

    assert again.exit_code != 0
    assert "already exists" in again.output
    assert _users() == 1
    assert services.authenticate("admin@example.org", GOOD) is not None
