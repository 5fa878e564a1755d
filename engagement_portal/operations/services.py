"""Health and backups. Backups use each database's own tools: SQLite's online backup API (the
same as the sqlite3 shell's `.backup`), and pg_dump / pg_restore for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from engagement_portal.extensions import db


def database_is_up() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        db.session.rollback()
        return False


def _tool(name: str) -> str:
    """The PostgreSQL client program, found on PATH (Debian: postgresql-client)."""
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed: install the PostgreSQL client tools")
    return path


def _pg_env(url) -> dict[str, str]:
    return {**os.environ, "PGPASSWORD": url.password or ""}


def _pg_arguments(url) -> list[str]:
    arguments = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432)]
    if url.username:
        arguments += ["--username", url.username]
    return arguments


def backup(database_url: str, destination: Path) -> None:
    """A consistent copy of the whole database, taken while the site keeps running."""
    url = make_url(database_url)
    destination = Path(destination)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(url.database) as source, sqlite3.connect(destination) as target:
            source.backup(target)
        return
    subprocess.run(  # noqa: S603 - fixed program, arguments from our own settings
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--file",
            str(destination),
            *_pg_arguments(url),
            url.database,
        ],
        check=True,
        env=_pg_env(url),
    )


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with a backup (the site should be stopped)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(source) as backup_copy, sqlite3.connect(url.database) as target:
            backup_copy.backup(target)
        return
    subprocess.run(  # noqa: S603 - fixed program, arguments from our own settings
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--dbname",
            url.database,
            *_pg_arguments(url),
            str(source),
        ],
        check=True,
        env=_pg_env(url),
    )
