"""Shared fixtures: one database per test session built by the Alembic migrations (so the
migrations are exercised on every run), emptied after each test.

Set TEST_DATABASE_URL to run the whole suite on PostgreSQL; otherwise a temporary SQLite file
is used.
"""

from __future__ import annotations

import itertools
import os

import pytest
from bs4 import BeautifulSoup
from flask_migrate import upgrade
from sqlalchemy import text

from engagement_portal import create_app
from engagement_portal.extensions import db

_counter = itertools.count(1)


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def _reset_postgres_schema() -> None:
    with db.engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = _test_database_url(tmp_path_factory)
    application = create_app(
        "testing",
        TESTING=True,
        SECRET_KEY="test-secret-key",
        SQLALCHEMY_DATABASE_URI=url,
        SESSION_COOKIE_SECURE=False,
        WTF_CSRF_ENABLED=True,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=1,  # nothing listens: a test that sends mail starts its own SMTP server
        SAFEGUARDING_EMAIL="safeguarding-lead@example.org",
        BASE_URL="http://localhost",
    )
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            _reset_postgres_schema()
        upgrade()
    yield application


@pytest.fixture(autouse=True)
def _empty_database(app):
    yield
    with app.app_context():
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def html(response) -> BeautifulSoup:
    """Parsed page, for tests that look at what a person sees."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_token(client, url: str) -> str:
    """The CSRF token a real browser would have from loading ``url`` first."""
    page = html(client.get(url))
    field = page.find("input", attrs={"name": "csrf_token"})
    assert field is not None, f"no CSRF token on {url}"
    return field["value"]


def post_form(
    client, url: str, data: dict, *, follow_redirects: bool = False, token_from: str | None = None
):
    """POST as a browser does: load the page (for its CSRF token), then send the form."""
    payload = dict(data)
    payload["csrf_token"] = csrf_token(client, token_from or url)
    return client.post(url, data=payload, follow_redirects=follow_redirects)
