"""Forgotten passwords and changing one's own: a reset link is e-mailed only to a real, active
account, yet whoever asks sees the same page after the same work; a link works once, expires,
dies when a newer one is asked for, and ends every session of the account when used."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from sqlalchemy import event, func, select

from engagement_portal.accounts import services
from engagement_portal.accounts.models import PasswordReset, User
from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.extensions import db
from engagement_portal.outbox import services as outbox
from engagement_portal.outbox.models import OutboxMessage
from tests.conftest import html, post_form
from tests.factories import PASSWORD, make_user, sign_in
from tests.outbox.smtp import mailbox, smtp_port  # noqa: F401  (fixtures)

NEW_PASSWORD = "a brand new staff passphrase"
SENT = "If there is an account for that address, we have sent a link to it."
UNAVAILABLE = "This link has expired or been used"
_LINK = re.compile(r"http://localhost(/sign-in/reset/[A-Za-z0-9_\-]+)")


def reset_messages(recipient: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.purpose == "password-reset")
    if recipient is not None:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def reset_path(recipient: str) -> str:
    """The path of the newest reset link e-mailed to ``recipient``."""
    messages = reset_messages(recipient)
    assert messages, f"no reset link queued for {recipient}"
    match = _LINK.search(messages[-1].body)
    assert match, "the e-mail has no reset link"
    return match.group(1)


def ask_for_link(client, email: str):
    return post_form(client, "/sign-in/reset", {"email": email})


def main_text(response) -> str:
    return html(response).find("main").get_text(" ", strip=True)


def counts() -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(OutboxMessage)),
        db.session.scalar(select(func.count()).select_from(PasswordReset)),
        db.session.scalar(select(func.count()).select_from(AuditEvent)),
    )


def to_sign_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


@pytest.fixture
def staff(app_context) -> User:
    return make_user(Role.ADVOCATE)


# Asking for a link


def test_the_sign_in_page_offers_a_reset_link(client, app_context):
    link = html(client.get("/sign-in")).find("a", string="Forgotten your password?")
    assert link["href"] == "/sign-in/reset"
    form = html(client.get(link["href"])).find("form")
    assert form.find("input", attrs={"name": "email"})


def test_the_answer_is_the_same_whether_or_not_there_is_an_account(client, staff):
    inactive = make_user(Role.COMMISSIONER)
    inactive.active = False
    db.session.commit()
    pages, effects = {}, {}
    for label, email in (
        ("account", staff.email.upper()),
        ("no account", "nobody.here@example.org"),
        ("deactivated", inactive.email),
    ):
        before = counts()
        response = ask_for_link(client, email)
        after = counts()
        assert response.status_code == 200, label
        pages[label] = main_text(response)
        effects[label] = tuple(b - a for a, b in zip(before, after, strict=True))

    assert SENT in pages["account"]
    assert pages["no account"] == pages["account"]
    assert pages["deactivated"] == pages["account"]
    assert effects == {
        "account": (1, 1, 0),  # one e-mail and one link; nothing else anywhere
        "no account": (0, 0, 0),
        "deactivated": (0, 0, 0),
    }
    assert [m.recipient for m in reset_messages()] == [staff.email]


def test_unknown_addresses_cost_the_same_statements_as_real_ones(app, staff):
    """The same queries and commit either way; only the new rows of a real account differ."""

    def statements(email: str) -> list[str]:
        seen = []

        def record(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement.split()[0].upper())

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            services.request_password_reset(email)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return [verb for verb in seen if verb != "INSERT"]

    assert statements(staff.email) == statements("nobody.here@example.org")
    assert len(reset_messages(staff.email)) == 1


def test_a_badly_typed_address_is_explained_and_kept(client, app_context):
    response = ask_for_link(client, "not-an-email")
    page = html(response)
    assert page.find("title").get_text().startswith("Error:")
    assert "Enter an email address in the correct format" in page.find(
        class_="govuk-error-summary"
    ).get_text(" ", strip=True)
    assert page.find("input", attrs={"name": "email"})["value"] == "not-an-email"
    assert reset_messages() == []


def test_the_link_is_emailed_and_the_stored_copy_loses_it_once_sent(app, staff, mailbox):  # noqa: F811
    services.request_password_reset(staff.email)
    path = reset_path(staff.email)
    token = path.rsplit("/", 1)[1]
    assert db.session.scalars(select(PasswordReset.token_hash)).all() == [
        hashlib.sha256(token.encode()).hexdigest()  # only a hash of the token is kept
    ]

    assert outbox.send_due().sent == 1
    [delivered] = mailbox.messages
    assert app.config["BASE_URL"] + path in delivered.get_content()
    assert "60 minutes" in delivered.get_content()
    db.session.expire_all()
    assert reset_messages(staff.email)[0].body == outbox.REMOVED_BODY


# Using the link


def test_a_link_sets_a_new_password_once(client, other_client, staff):
    ask_for_link(client, staff.email)
    path = reset_path(staff.email)
    form = html(other_client.get(path)).find("form")
    assert form.find("input", attrs={"name": "username"})["value"] == staff.email

    mismatch = post_form(
        other_client, path, {"password": NEW_PASSWORD, "password_confirm": "something else"}
    )
    assert "The passwords do not match" in main_text(mismatch)
    common = post_form(
        other_client, path, {"password": "password1234", "password_confirm": "password1234"}
    )
    assert "list of common passwords" in main_text(common)

    done = post_form(
        other_client, path, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.headers["Location"] == "/sign-in"
    assert "Your password has been changed" in main_text(other_client.get("/sign-in"))
    sign_in(other_client, staff, NEW_PASSWORD)
    assert (
        post_form(client, "/sign-in", {"email": staff.email, "password": PASSWORD}).status_code
        == 200
    )

    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.password_reset")
    ).all()
    assert [(e.actor_id, e.subject_id) for e in events] == [(staff.id, str(staff.id))]

    again = client.get(path)
    reposted = post_form(
        client, path, {"password": "x", "password_confirm": "x"}, token_from="/sign-in"
    )
    unknown = client.get("/sign-in/reset/not-a-real-token")
    for response in (again, reposted, unknown):
        assert response.status_code == 200
        assert html(response).find("h1").get_text(strip=True) == UNAVAILABLE
        assert html(response).find("input", attrs={"name": "password"}) is None
    assert main_text(again) == main_text(unknown)


def test_a_link_expires(client, staff, app):
    now = utcnow()
    with frozen_clock(now):
        services.request_password_reset(staff.email)
    path = reset_path(staff.email)
    minutes = app.config["RESET_LIFETIME_MINUTES"]
    with frozen_clock(now + dt.timedelta(minutes=minutes, seconds=-1)):
        assert html(client.get(path)).find("input", attrs={"name": "password"})
    with frozen_clock(now + dt.timedelta(minutes=minutes)):
        response = client.get(path)
        assert html(response).find("h1").get_text(strip=True) == UNAVAILABLE
        with pytest.raises(services.ResetLinkUnavailable):
            services.reset_password(path.rsplit("/", 1)[1], NEW_PASSWORD)


def test_asking_again_ends_the_older_links(client, staff):
    services.request_password_reset(staff.email)
    older = reset_path(staff.email)
    services.request_password_reset(staff.email)
    newer = reset_path(staff.email)
    assert newer != older
    assert html(client.get(older)).find("h1").get_text(strip=True) == UNAVAILABLE
    assert html(client.get(newer)).find("input", attrs={"name": "password"})


def test_of_two_uses_racing_for_one_link_exactly_one_wins(staff, monkeypatch):
    services.request_password_reset(staff.email)
    token = reset_path(staff.email).rsplit("/", 1)[1]
    seen_before_the_other_won = services.reset_for_token(token)
    services.reset_password(token, NEW_PASSWORD)
    hash_after_the_winner = staff.password_hash

    # The loser had found the link still open just before the winner's UPDATE.
    monkeypatch.setattr(services, "reset_for_token", lambda _token: seen_before_the_other_won)
    with pytest.raises(services.ResetLinkUnavailable):
        services.reset_password(token, "the losing racer's passphrase")
    db.session.expire_all()
    assert db.session.get(User, staff.id).password_hash == hash_after_the_winner


def test_using_a_link_ends_every_session_of_the_account(client, other_client, staff):
    sign_in(other_client, staff)  # e.g. a stolen session
    assert other_client.get("/staff").status_code == 200
    services.request_password_reset(staff.email)
    path = reset_path(staff.email)
    post_form(client, path, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert to_sign_in(other_client.get("/staff"))


def test_changing_the_password_ends_waiting_reset_links(client, staff):
    services.request_password_reset(staff.email)
    path = reset_path(staff.email)
    services.change_password(staff, current_password=PASSWORD, new_password=NEW_PASSWORD)
    assert html(client.get(path)).find("h1").get_text(strip=True) == UNAVAILABLE


def test_a_link_for_a_since_deactivated_account_does_not_work(client, staff):
    services.request_password_reset(staff.email)
    path = reset_path(staff.email)
    staff.active = False
    db.session.commit()
    assert html(client.get(path)).find("h1").get_text(strip=True) == UNAVAILABLE


# Changing one's own password


def test_a_signed_in_person_changes_their_password_and_stays_signed_in(client, other_client, staff):
    sign_in(client, staff)
    sign_in(other_client, staff)
    link = html(client.get("/staff")).find("a", string="Change your password")
    assert link["href"] == "/staff/password"

    wrong = post_form(
        client,
        "/staff/password",
        {
            "current_password": "not my password",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    page = html(wrong)
    assert page.find("title").get_text().startswith("Error:")
    assert (
        "Your current password is not correct" in page.find(class_="govuk-error-summary").get_text()
    )

    done = post_form(
        client,
        "/staff/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done.headers["Location"] == "/staff"
    assert "Your password has been changed" in main_text(client.get("/staff"))
    assert client.get("/staff").status_code == 200  # still signed in here
    assert to_sign_in(other_client.get("/staff"))  # …and nowhere else
    sign_in(other_client, staff, NEW_PASSWORD)

    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "account.password_changed")
    ).all()
    assert [(e.actor_id, e.subject_id) for e in events] == [(staff.id, str(staff.id))]


def test_changing_to_a_common_password_is_refused(client, staff):
    sign_in(client, staff)
    response = post_form(
        client,
        "/staff/password",
        {
            "current_password": PASSWORD,
            "password": "password1234",
            "password_confirm": "password1234",
        },
    )
    assert "list of common passwords" in main_text(response)
    assert client.get("/staff").status_code == 200
    sign_in(client, staff)  # the old password still works
