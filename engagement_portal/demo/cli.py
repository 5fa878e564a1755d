"""`flask demo ...`: load the demo data and show the demo sign-ins (`make run` calls both)."""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import AppGroup

from engagement_portal.demo import services

demo_cli = AppGroup("demo", help="Demo data for trying the portal on your own machine.")


def _may_load_demo() -> bool:
    # The demo accounts' password is published in the README: never on a live site by accident.
    return current_app.testing or os.environ.get("APP_ENV") == "development"


@demo_cli.command("load")
@click.option(
    "--force",
    is_flag=True,
    help="Load even though APP_ENV is not development (a staging site, say). Never on a live "
    "site: everyone knows the demo passwords.",
)
def load(force: bool) -> None:
    """Add the demo organisations, staff, engagements, views, themes, restrictions and
    outcomes. Safe to run again: only what is missing is added."""
    if not (force or _may_load_demo()):
        raise click.ClickException(
            "The demo has staff accounts with published passwords, so it only loads when "
            "APP_ENV=development. Use --force if you really mean to load it here."
        )
    try:
        report = services.load()
    except services.DemoError as error:
        raise click.ClickException(str(error)) from None
    click.echo(report.summary())


@demo_cli.command("sign-ins")
def sign_ins() -> None:
    """Print the demo staff sign-ins: e-mail address, role and password."""
    rows = services.sign_ins()
    if not any(row.exists for row in rows):
        click.echo("No demo staff accounts yet: run `flask demo load` first.")
        return
    click.echo("Demo staff sign-ins (at /sign-in):")
    width = max(len(row.email) for row in rows)
    for row in rows:
        detail = f" ({row.organisation})" if row.organisation and row.role == "provider" else ""
        missing = "" if row.exists else "  [not in this database]"
        click.echo(f"  {row.email:<{width}}  {row.role:<13}  {row.password}{detail}{missing}")
