"""`flask outbox send`, once and in a loop."""

from __future__ import annotations

import pytest

from engagement_portal.extensions import db
from engagement_portal.outbox import cli as outbox_cli
from engagement_portal.outbox import services as outbox


def queue_one(subject: str = "Hello") -> None:
    outbox.enqueue(recipient="lead@example.org", subject=subject, body="Body\n", purpose="test")
    db.session.commit()


def test_send_delivers_and_prints_a_summary(app, app_context, mailbox):
    queue_one()

    result = app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert "1 sent, 0 to retry, 0 given up; 0 waiting" in result.output
    assert [m["Subject"] for m in mailbox.messages] == ["Hello"]
    assert "lead@example.org" not in result.output


def test_send_exits_0_when_a_message_has_to_wait_for_a_retry(app, app_context, smtp_port):
    queue_one()

    result = app.test_cli_runner().invoke(args=["outbox", "send"])

    assert result.exit_code == 0, result.output
    assert "0 sent, 1 to retry, 0 given up; 1 waiting" in result.output


def test_loop_keeps_draining_until_interrupted(app, app_context, mailbox, monkeypatch):
    queue_one("First")
    rounds = []

    def fake_sleep(seconds):
        rounds.append(seconds)
        if len(rounds) == 1:
            queue_one("Second")  # new mail arrives while the sender waits
            return
        raise KeyboardInterrupt

    monkeypatch.setattr(outbox_cli.time, "sleep", fake_sleep)

    result = app.test_cli_runner().invoke(args=["outbox", "send", "--loop", "5"])

    assert result.exit_code == 0, result.output
    assert rounds == [5, 5]
    assert sorted(m["Subject"] for m in mailbox.messages) == ["First", "Second"]
    assert result.output.strip().endswith("Outbox: stopped.")


@pytest.mark.parametrize("seconds", ["0", "-1", "soon"])
def test_loop_refuses_a_nonsense_interval(app, seconds):
    result = app.test_cli_runner().invoke(args=["outbox", "send", "--loop", seconds])
    assert result.exit_code == 2
