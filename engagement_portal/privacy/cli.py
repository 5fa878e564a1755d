import click
from flask.cli import AppGroup

from engagement_portal.privacy import services

retention_cli = AppGroup("retention", help="Removing personal data when its time is up.")


@retention_cli.command("run")
@click.option("--dry-run", is_flag=True, help="Say what would be removed; change nothing.")
def run(dry_run: bool):
    """Remove respondents' personal data from engagements past their retention period.

    Safe to run as often as you like: a response is only done once."""
    click.echo(str(services.run_retention(dry_run=dry_run)))
