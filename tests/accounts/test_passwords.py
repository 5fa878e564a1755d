"""New passwords: at least 12 characters, and not on the shipped list of common and breached
passwords, whatever their capital letters. Wherever a password is chosen the same rule applies."""

import socket

import pytest
from sqlalchemy import func, select

from engagement_portal.accounts import passwords, services
from engagement_portal.accounts.models import User
from engagement_portal.accounts.passwords import MIN_LENGTH, common_passwords, password_problem
from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from tests.accounts.helpers import invitation_path
from tests.conftest import html, post_form
from tests.factories import PASSWORD, make_user

COMMON = "qwertyuiop123"  # on the list, and long enough to pass the length rule


def test_the_list_ships_with_the_code_and_is_read_once_without_the_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the password list must never be downloaded")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    common_passwords.cache_clear()
    listed = common_passwords()

    assert len(listed) >= 10_000
    assert common_passwords() is listed  # loaded once
    header = passwords.COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "MIT License" in header and "SecLists" in header
    assert not {line.lower() for line in header.splitlines()} & listed  # the header is not read
    # The list holds entries right at the minimum length: were the minimum lowered, this fails
    # until the list is rebuilt with the shorter passwords (see the file's header).
    assert min(len(entry) for entry in listed) <= MIN_LENGTH


@pytest.mark.parametrize(
    "password", [COMMON, "QwertyUIOP123", "PASSWORD1234", "1qaz2wsx3edc", "iloveyou1234"]
)
def test_common_passwords_are_refused_whatever_their_case(app_context, password):
    problem = password_problem(password)
    assert problem is not None
    assert "common passwords" in problem


@pytest.mark.parametrize("password", [PASSWORD, "tea kettle lighthouse", "Qwertyuiop123 and more"])
def test_uncommon_passwords_of_twelve_characters_or_more_are_accepted(app_context, password):
    assert password_problem(password) is None


def test_the_length_rule_still_comes_first(app_context):
    assert "12 characters" in password_problem("qwerty")


def test_accepting_an_invitation_with_a_common_password_is_refused(client, app_context):
    admin = make_user(Role.ADMINISTRATOR)
    services.invite(admin, email="new@example.org", name="New Person", role=Role.ADVOCATE)
    path = invitation_path("new@example.org")

    refused = post_form(
        client, path, {"password": COMMON.upper(), "password_confirm": COMMON.upper()}
    )
    assert refused.status_code == 200
    assert "common passwords" in html(refused).find(class_="govuk-error-summary").get_text()
    assert services.find_user_by_email("new@example.org") is None

    accepted = post_form(client, path, {"password": PASSWORD, "password_confirm": PASSWORD})
    assert accepted.status_code == 302


def test_create_admin_refuses_a_common_password(app):
    result = app.test_cli_runner().invoke(
        args=["accounts", "create-admin", "--email", "admin@example.org", "--name", "Admin"],
        env={"ADMIN_PASSWORD": "Password1234"},
    )
    assert result.exit_code != 0
    assert "common passwords" in result.output
    assert "Password1234" not in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
