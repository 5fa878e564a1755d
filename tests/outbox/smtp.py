"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 and a free port, collecting what it
receives. The application's SMTP settings are pointed at it for one test and restored after."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import socket
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Collector:
    """aiosmtpd handler: keeps every message it accepts; can refuse recipients or go slowly."""

    def __init__(self, *, delay: float = 0.0, refuse_recipients: bool = False) -> None:
        self.envelopes = []
        self.delay = delay
        self.refuse_recipients = refuse_recipients

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            for envelope in self.envelopes
        ]


def accept_only(username: str, password: str):
    """An aiosmtpd authenticator that accepts one user name and password."""

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            username.encode(),
            password.encode(),
        )
        return AuthResult(success=ok)

    return authenticator


@contextlib.contextmanager
def smtp_server(port: int, handler: Collector | None = None, **smtp_options):
    """A real SMTP server on 127.0.0.1:port. ``smtp_options`` go to aiosmtpd's SMTP class,
    e.g. authenticator=accept_only(...), auth_require_tls=False, auth_required=True."""
    handler = handler or Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **smtp_options)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_port(app):
    """A free port the application sends mail to; nothing listens on it until a test starts a
    server there. app.config lasts the whole session, so the old settings are put back."""
    port = free_port()
    keys = (
        "SMTP_HOST",
        "SMTP_PORT",
        "SMTP_TIMEOUT",
        "SMTP_STARTTLS",
        "SMTP_USERNAME",
        "SMTP_PASSWORD",
    )
    saved = {key: app.config[key] for key in keys}
    app.config.update(
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=port,
        SMTP_TIMEOUT=5,
        SMTP_STARTTLS=False,
        SMTP_USERNAME="",
        SMTP_PASSWORD="",
    )
    yield port
    app.config.update(saved)


@pytest.fixture
def mailbox(smtp_port):
    """A running SMTP server the application is configured to use."""
    with smtp_server(smtp_port) as handler:
        yield handler
