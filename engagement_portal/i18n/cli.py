"""``flask i18n status``: how complete each interface catalogue is, and what is missing."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from engagement_portal.i18n.catalogues import status_of

i18n_cli = AppGroup("i18n", help="Interface translations.")


@i18n_cli.command("status")
@click.option("--missing", is_flag=True, help="List every message without a translation.")
def status(missing: bool) -> None:
    """Strings translated per language; fails if a translation drops a placeholder."""
    problems = 0
    for code in current_app.config["LANGUAGES"]:
        result = status_of(code)
        review = "reviewed" if result.reviewed else "awaiting review by native speakers"
        click.echo(
            f"{code:3} {result.name:12} {result.translated:5}/{result.total} "
            f"({result.share:.0%}), {result.fuzzy} fuzzy, {len(result.missing)} missing; {review}"
        )
        for error in result.placeholder_errors:
            problems += 1
            click.echo(f"    placeholder: {error}")
        if missing:
            for key in result.missing:
                click.echo(f"    missing: {key!r}")
    if problems:
        raise click.ClickException(f"{problems} translations lose a placeholder")
