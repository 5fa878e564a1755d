"""`flask audit ...`: check that nobody has edited or removed entries from the audit log."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from engagement_portal.audit import services

audit_cli = AppGroup("audit", help="The audit log.")


@audit_cli.command("verify")
def verify() -> None:
    """Check every entry's hash and link; exit 1 and name the broken entries if any."""
    broken = services.verify_chain()
    if broken:
        click.echo(
            "The audit log has been changed: entries that do not match: "
            + ", ".join(str(event_id) for event_id in broken),
            err=True,
        )
        raise SystemExit(1)
    click.echo("The audit log is intact.")
