"""`flask outbox send`: drain the e-mail outbox over SMTP, once or in a loop."""

from __future__ import annotations

import logging
import time

import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from engagement_portal.extensions import db
from engagement_portal.outbox import services

log = logging.getLogger(__name__)

outbox_cli = AppGroup("outbox", help="Send the e-mail waiting in the outbox.")


@outbox_cli.command("send")
@click.option(
    "--loop",
    "loop_seconds",
    type=click.FloatRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Keep sending until interrupted, looking for new mail every SECONDS.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="At most this many messages per pass.",
)
def send(loop_seconds: float | None, limit: int) -> None:
    """Send every message that is due. Messages that fail are retried later with back-off;
    that is not an error, so the exit status is 0 unless the command itself cannot run."""
    if loop_seconds is None:
        report = services.send_due(limit)
        click.echo(f"Outbox: {report}; {services.pending_count()} waiting.")
        return

    click.echo(f"Outbox: sending every {loop_seconds:g} seconds; press Ctrl+C to stop.")
    try:
        while True:
            try:
                report = services.send_due(limit)
            except OperationalError:
                # The database went away (restart, network): try again on the next round.
                db.session.rollback()
                log.warning("outbox: database unavailable; will try again")
                report = services.SendReport()
            if report.attempted:
                click.echo(f"Outbox: {report}.")
            if report.attempted < limit:  # a full pass means more may be due right now
                time.sleep(loop_seconds)
    except KeyboardInterrupt:
        click.echo("Outbox: stopped.")
    finally:
        db.session.remove()
