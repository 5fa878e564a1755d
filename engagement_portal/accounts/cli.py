"""`flask accounts ...`: what an operator needs before any administrator exists."""

from __future__ import annotations

import os

import click
from flask.cli import AppGroup

from engagement_portal.accounts import services
from engagement_portal.accounts.passwords import password_problem
from engagement_portal.core.access import Role

accounts_cli = AppGroup("accounts", help="Staff accounts.")


@accounts_cli.command("create-admin")
@click.option("--email", required=True, help="The administrator's email address.")
@click.option("--name", required=True, help="The administrator's full name.")
def create_admin(email: str, name: str) -> None:
    """Create an administrator. The password comes from ADMIN_PASSWORD or is asked for twice."""
    if services.find_user_by_email(email) is not None:
        raise click.ClickException(
            "An account with this email address already exists; nothing was changed."
        )
    password = os.environ.get("ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    try:
        user = services.create_user(
            email=email, name=name, password=password, role=Role.ADMINISTRATOR
        )
    except services.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Administrator account {user.id} created. Sign in at /sign-in.")
