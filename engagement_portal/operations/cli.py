from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from engagement_portal.operations import services

backup_cli = AppGroup("backup", help="Back up and restore the database.")


@backup_cli.command("create")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
def create(destination: Path):
    """Write a backup of the database to DESTINATION (safe while the site runs)."""
    services.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], destination)
    click.echo(f"Backed up to {destination}.")


@backup_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces everything in the database. Carry on?")
def restore(source: Path):
    """Replace the database's contents with the backup SOURCE (stop the site first)."""
    services.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    click.echo(f"Restored from {source}.")
