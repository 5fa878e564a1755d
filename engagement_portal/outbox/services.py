"""Queueing e-mail with the change that causes it, and sending it over SMTP later.

``enqueue`` only adds a row to the caller's transaction: the message exists if and only if the
change that caused it was committed. ``send_due`` drains the queue, one message at a time:

1. claim: one statement picks the oldest due message and moves its ``next_attempt_at`` a lease
   into the future (on PostgreSQL the pick uses ``FOR UPDATE SKIP LOCKED``, so two senders never
   pick the same row; SQLite serialises writers), then commits. No database lock is held while
   talking to the SMTP server.
2. send over SMTP;
3. record the outcome and commit, per message: a message committed as sent is never sent again.
   A failure is retried with exponential back-off; after ``MAX_ATTEMPTS`` it is given up.

If the sender dies between 2 and 3, the lease runs out and the message is sent again: delivery is
at least once, with that one narrow window. Logs carry counts only, never recipients, subjects or
bodies.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import func, select, update

from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db
from engagement_portal.outbox.models import OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_RETRY = dt.timedelta(hours=6)
# How long a claimed message is left alone by other senders; far longer than one SMTP exchange.
CLAIM_LEASE = dt.timedelta(minutes=10)
ERROR_LENGTH = 200


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0  # failed this time, will be tried again later
    failed: int = 0  # failed for the last time: given up

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.failed

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.retrying} to retry, {self.failed} given up"


# Messages whose body carries a single-use link or code: the body is blanked once sent.
SINGLE_USE_SECRET_PURPOSES = frozenset({"invitation", "password-reset", "privacy-code"})
REMOVED_BODY = "[removed after sending: it held a single-use link or code]"


def enqueue(*, recipient: str, subject: str, body: str, purpose: str) -> OutboxMessage:
    """Add a message to the current transaction. Does not commit: the caller's commit does."""
    recipient = recipient.strip()
    if not recipient or any(ch in recipient for ch in "\r\n"):
        raise ValueError("a message needs one recipient address")
    # A header cannot hold line breaks; a subject is one line.
    subject = " ".join(subject.split())[:300]
    now = utcnow()
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body=body,
        purpose=purpose[:40],
        created_at=now,
        next_attempt_at=now,
        attempts=0,
        last_error="",
    )
    db.session.add(message)
    return message


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait after the ``attempts``-th failed attempt: 1, 2, 4, 8 ... minutes, at most 6 hours."""
    exponent = max(attempts - 1, 0)
    if exponent >= 20:  # 2**20 minutes is far past the cap; avoid huge numbers
        return LONGEST_RETRY
    return min(FIRST_RETRY * (2**exponent), LONGEST_RETRY)


def send_due(limit: int = 100) -> SendReport:
    """One pass over the messages that are due, at most ``limit`` of them."""
    report = SendReport()
    connection: _Connection | None = None
    try:
        for _ in range(limit):
            message = _claim_next()
            if message is None:
                break
            try:
                if connection is None:
                    connection = _Connection.open(current_app.config)
                connection.send(_build(message, current_app.config))
            except Exception as error:  # any failure is one failed attempt for this message
                db.session.rollback()
                _record_failure(message, error, report)
                if connection is None:
                    # The server cannot be reached: the rest would fail the same way. They stay
                    # due, untouched, for the next pass.
                    break
                connection.close()
                connection = None
            else:
                message.sent_at = utcnow()
                message.last_error = ""
                if message.purpose in SINGLE_USE_SECRET_PURPOSES:
                    # The invitation, reset or code keeps only a hash of its secret; the sent
                    # copy must not keep it whole, or a database copy could still use it.
                    message.body = REMOVED_BODY
                db.session.commit()
                report.sent += 1
    finally:
        if connection is not None:
            connection.close()
    if report.attempted:
        log.info(
            "outbox: %d sent, %d to retry, %d given up", report.sent, report.retrying, report.failed
        )
    return report


def pending_count() -> int:
    """Messages neither sent nor given up (for the CLI and health checks)."""
    return db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None))
    )


def _claim_next() -> OutboxMessage | None:
    now = utcnow()
    due = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has no row locks and ignores it
        .scalar_subquery()
    )
    claimed_id = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == due)
        .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + CLAIM_LEASE)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).scalar()
    db.session.commit()
    if claimed_id is None:
        return None
    return db.session.get(OutboxMessage, claimed_id, populate_existing=True)


def _record_failure(message: OutboxMessage, error: Exception, report: SendReport) -> None:
    now = utcnow()
    message.last_error = describe_error(error, message.recipient)
    if message.attempts >= MAX_ATTEMPTS:
        message.failed_at = now
        report.failed += 1
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)
        report.retrying += 1
    db.session.commit()


def describe_error(error: Exception, recipient: str = "") -> str:
    """A short description of what went wrong, safe to store: never the recipient's address."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _ in error.recipients.values()})
        text = f"{name}: {', '.join(codes)}"
    elif isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        if isinstance(reply, bytes):
            reply = reply.decode("utf-8", "replace")
        text = f"{name}: {error.smtp_code} {reply}"
    elif isinstance(error, OSError):
        text = f"{name}: {error.strerror or error}"
    else:
        text = name
    # Servers often repeat the address in their reply; keep it out of what is stored.
    for address in {recipient, parseaddr(recipient)[1]} - {""}:
        text = re.sub(re.escape(address), "<recipient>", text, flags=re.IGNORECASE)
    return " ".join(text.split())[:ERROR_LENGTH]


def _build(message: OutboxMessage, config) -> EmailMessage:
    email = EmailMessage()
    sender = config["MAIL_FROM"]
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(usegmt=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    email["Message-ID"] = make_msgid(domain=domain)
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies, please
    email.set_content(message.body)
    return email


class _Connection:
    """One SMTP session, reused for every message of a pass while it works."""

    def __init__(self, smtp: smtplib.SMTP) -> None:
        self.smtp = smtp

    @classmethod
    def open(cls, config) -> _Connection:
        smtp = smtplib.SMTP(
            config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=float(config["SMTP_TIMEOUT"])
        )
        try:
            smtp.ehlo()
            if config.get("SMTP_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
        except BaseException:
            _quietly_close(smtp)
            raise
        return cls(smtp)

    def send(self, email: EmailMessage) -> None:
        refused = self.smtp.send_message(email)
        if refused:  # only possible with several recipients; we always send to one
            raise smtplib.SMTPRecipientsRefused(refused)

    def close(self) -> None:
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            _quietly_close(self.smtp)


def _quietly_close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.close()
    except OSError:  # pragma: no cover - closing a dead socket
        log.debug("outbox: SMTP socket already closed")
