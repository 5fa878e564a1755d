import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup

from engagement_portal.responses import services

drafts_cli = AppGroup("drafts", help="Unfinished views people were giving.")


@drafts_cli.command("purge")
@click.option(
    "--hours",
    type=int,
    default=None,
    help="Age after which drafts go (default: DRAFT_LIFETIME_HOURS).",
)
def purge(hours: int | None):
    """Remove drafts not touched for a while; safe to run as often as you like."""
    hours = hours if hours is not None else current_app.config["DRAFT_LIFETIME_HOURS"]
    removed = services.purge_stale_drafts(dt.timedelta(hours=hours))
    click.echo(f"Removed {removed} drafts older than {hours} hours.")
