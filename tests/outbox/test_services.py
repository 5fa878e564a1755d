"""The outbox against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from engagement_portal.core.timeutil import frozen_clock
from engagement_portal.extensions import db
from engagement_portal.outbox import services as outbox
from engagement_portal.outbox.models import OutboxMessage
from tests.outbox.smtp import Collector, accept_only, smtp_server

T0 = dt.datetime(2030, 5, 1, 9, 0, 0)


def queue(n: int = 1, **fields) -> list[OutboxMessage]:
    messages = [
        outbox.enqueue(
            recipient=fields.get("recipient", f"person{i}@example.org"),
            subject=fields.get("subject", f"Message {i}"),
            body=fields.get("body", f"Body of message {i}.\n"),
            purpose=fields.get("purpose", "test"),
        )
        for i in range(n)
    ]
    db.session.commit()
    return messages


def stored() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_queued_mail_is_delivered_with_the_right_headers_and_body(app, app_context, mailbox):
    queue(
        recipient="lead@example.org",
        subject="A response needs review",
        body="Dear colleague,\nPlease look at EP-2345-6789 – diolch yn fawr, Siân.\n",
    )

    report = outbox.send_due()

    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["lead@example.org"]
    assert envelope.mail_from == "no-reply@example.org"
    [message] = mailbox.messages
    assert message["From"] == app.config["MAIL_FROM"]
    assert message["To"] == "lead@example.org"
    assert message["Subject"] == "A response needs review"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@example.org>")
    assert message["Date"]
    # SMTP carries lines ending in CRLF; the text is otherwise exactly what was queued.
    assert message.get_content().replace("\r\n", "\n") == (
        "Dear colleague,\nPlease look at EP-2345-6789 – diolch yn fawr, Siân.\n"
    )
    [row] = stored()
    assert row.sent_at is not None
    assert row.attempts == 1
    assert row.last_error == ""


def test_a_message_is_never_sent_twice_by_two_passes(app_context, mailbox):
    queue(2)

    first = outbox.send_due()
    second = outbox.send_due()

    assert first.sent == 2
    assert second.attempted == 0
    assert sorted(m["Subject"] for m in mailbox.messages) == ["Message 0", "Message 1"]


def test_a_pass_sends_at_most_its_limit_and_leaves_the_rest_queued(app_context, mailbox):
    queue(3)

    assert outbox.send_due(limit=2).sent == 2
    assert outbox.pending_count() == 1
    assert outbox.send_due(limit=2).sent == 1
    assert len(mailbox.envelopes) == 3


def test_with_no_server_the_message_waits_and_a_later_pass_delivers_it(app_context, smtp_port):
    queue(recipient="lead@example.org")

    with frozen_clock(T0):
        report = outbox.send_due()

    assert (report.sent, report.retrying, report.failed) == (0, 1, 0)
    [row] = stored()
    assert row.sent_at is None
    assert row.failed_at is None
    assert row.attempts == 1
    assert row.next_attempt_at == T0 + dt.timedelta(minutes=1)
    assert "ConnectionRefusedError" in row.last_error
    assert "lead@example.org" not in row.last_error

    with smtp_server(smtp_port) as server:
        with frozen_clock(T0 + dt.timedelta(seconds=59)):
            assert outbox.send_due().attempted == 0, "not due yet: back-off is respected"
        with frozen_clock(T0 + dt.timedelta(minutes=1)):
            report = outbox.send_due()

    assert report.sent == 1
    assert [m["To"] for m in server.messages] == ["lead@example.org"]
    [row] = stored()
    assert row.sent_at == T0 + dt.timedelta(minutes=1)
    assert row.attempts == 2


def test_an_unreachable_server_ends_the_pass_without_touching_the_other_messages(
    app_context, smtp_port
):
    queue(3)

    report = outbox.send_due()

    assert report.retrying == 1
    assert [row.attempts for row in stored()] == [1, 0, 0]


def test_back_off_doubles_from_one_minute_and_stops_at_six_hours():
    minutes = [outbox.retry_delay(n) / dt.timedelta(minutes=1) for n in range(1, 11)]
    assert minutes == [1, 2, 4, 8, 16, 32, 64, 128, 256, 360]
    assert outbox.retry_delay(1000) == dt.timedelta(hours=6)


def test_after_ten_failed_attempts_a_message_is_given_up(app_context, smtp_port):
    [message] = queue()
    message.attempts = outbox.MAX_ATTEMPTS - 1
    db.session.commit()

    with frozen_clock(T0):
        report = outbox.send_due()

    assert (report.retrying, report.failed) == (0, 1)
    [row] = stored()
    assert row.attempts == outbox.MAX_ATTEMPTS
    assert row.failed_at == T0
    with smtp_server(smtp_port) as server, frozen_clock(T0 + dt.timedelta(days=30)):
        assert outbox.send_due().attempted == 0
    assert server.envelopes == []
    assert outbox.pending_count() == 0


def test_a_refused_recipient_is_retried_and_its_address_is_not_stored(app_context, smtp_port):
    queue(2, recipient="Someone.Private@example.org")

    with smtp_server(smtp_port, Collector(refuse_recipients=True)), frozen_clock(T0):
        report = outbox.send_due()

    # The server was reachable, so both messages were tried (each on a fresh connection).
    assert report.retrying == 2
    for row in stored():
        assert row.last_error.startswith("SMTPRecipientsRefused: 550")
        assert "someone.private" not in row.last_error.lower()
        assert row.next_attempt_at == T0 + dt.timedelta(minutes=1)


def test_error_descriptions_never_contain_the_recipient_address():
    import smtplib

    error = smtplib.SMTPDataError(554, b"Message to <Lead@Example.org> rejected")
    text = outbox.describe_error(error, "lead@example.org")
    assert text == "SMTPDataError: 554 Message to <<recipient>> rejected"


def test_a_rolled_back_transaction_leaves_no_message(app_context):
    outbox.enqueue(recipient="a@example.org", subject="s", body="b", purpose="test")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    outbox.enqueue(recipient="a@example.org", subject="s", body="b", purpose="test")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


@pytest.mark.parametrize("recipient", ["", "   ", "a@example.org\r\nBcc: b@example.org"])
def test_enqueue_refuses_a_missing_or_multi_line_recipient(app_context, recipient):
    with pytest.raises(ValueError):
        outbox.enqueue(recipient=recipient, subject="s", body="b", purpose="test")


def test_a_subject_with_line_breaks_becomes_one_line(app_context, mailbox):
    queue(subject="Hello\r\nBcc: someone@example.org")
    outbox.send_due()
    [message] = mailbox.messages
    assert message["Subject"] == "Hello Bcc: someone@example.org"
    assert message["Bcc"] is None
    assert mailbox.envelopes[0].rcpt_tos == ["person0@example.org"]


def test_two_senders_at_once_never_send_the_same_message_twice(app, app_context, smtp_port):
    queue(12)
    reports = []

    def sender():
        with app.app_context():
            try:
                reports.append(outbox.send_due())
            finally:
                db.session.remove()

    with smtp_server(smtp_port, Collector(delay=0.05)) as server:
        threads = [threading.Thread(target=sender) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    subjects = sorted(m["Subject"] for m in server.messages)
    assert subjects == sorted(f"Message {i}" for i in range(12))
    assert sum(report.sent for report in reports) == 12
    assert all(row.sent_at is not None and row.attempts == 1 for row in stored())


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_it_signs_in_to_the_server_when_a_user_name_is_configured(app, app_context, smtp_port):
    queue(2)
    server_options = {
        "authenticator": accept_only("mailer", "s3cret"),
        "auth_require_tls": False,  # test only: a real server offers STARTTLS first
        "auth_required": True,  # so mail is refused unless the sender signs in
    }
    with smtp_server(smtp_port, **server_options) as server:
        with frozen_clock(T0):
            refused = outbox.send_due()  # no user name configured: no sign-in, mail refused
        error = stored()[0].last_error
        app.config.update(SMTP_USERNAME="mailer", SMTP_PASSWORD="s3cret")
        with frozen_clock(T0 + dt.timedelta(minutes=1)):
            accepted = outbox.send_due()

    assert refused.retrying == 2
    assert error.startswith("SMTPSenderRefused: 530")
    assert accepted.sent == 2
    assert len(server.envelopes) == 2


def test_a_sent_invitation_does_not_keep_its_single_use_link(app_context, mailbox):
    queue(body="Accept: http://localhost/invitation/secret-token\n", purpose="invitation")
    queue(body="Keep me\n", purpose="safeguarding")
    outbox.send_due()
    assert "secret-token" in mailbox.messages[0].get_content()
    invitation, other = stored()
    assert invitation.sent_at is not None and "secret-token" not in invitation.body
    assert other.body == "Keep me\n"


def test_a_sent_privacy_code_is_not_kept(app_context, mailbox):
    queue(body="Your code is 493021\n", purpose="privacy-code")
    outbox.send_due()
    [message] = stored()
    assert message.sent_at is not None and "493021" not in message.body
