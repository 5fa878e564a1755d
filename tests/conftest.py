"""Shared fixtures: one database per test session built by the Alembic migrations (so the
migrations are exercised on every run), emptied after each test.

Set TEST_DATABASE_URL to run the whole suite on PostgreSQL; otherwise a temporary SQLite file
is used. Safe under pytest-xdist (`pytest -n 2`): each worker gets its own SQLite file, or on
PostgreSQL its own database created beside TEST_DATABASE_URL's and dropped at the end.
"""

from __future__ import annotations

import itertools
import os

import pytest
from bs4 import BeautifulSoup
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from engagement_portal import create_app
from engagement_portal.extensions import db

_counter = itertools.count(1)


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        is_postgres = make_url(url).get_backend_name() == "postgresql"
        return _own_postgres_database(url) if is_postgres and _xdist_worker() else url
    # Under pytest-xdist tmp_path_factory is already per worker, so each has its own file.
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def _xdist_worker() -> str | None:
    """``gw0``, ``gw1``… when pytest-xdist runs this process as a worker, otherwise None."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def _own_postgres_database(url: str) -> str:
    """A fresh database for this xdist worker beside the one in ``url`` (``test`` becomes
    ``test_gw0_<run>``), so that workers and concurrent runs never share tables."""
    base = make_url(url)
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8]
    name = f"{base.database}_{_xdist_worker()}_{run}".rstrip("_").lower()
    _postgres_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _postgres_admin(base, f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_own_postgres_database(url: str, own_url: str) -> None:
    name = make_url(own_url).database
    _postgres_admin(make_url(url), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_admin(url, statement: str) -> None:
    # CREATE/DROP DATABASE cannot run inside a transaction: autocommit, via the shared database.
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


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
        # Per worker: a commit in another worker or run must not empty this one's page cache.
        PAGE_CACHE_VERSION_FILE=str(tmp_path_factory.mktemp("cache") / "page-cache-version"),
        # The suite signs in and sends views many times from one address, and faster than a
        # person: tests/test_rate_limits.py and tests/responses/test_automation.py build or set
        # their own.
        RATELIMIT_ENABLED=False,
        MIN_SECONDS_TO_RESPOND=0,
        # The suite signs administrators and commissioners in with a password alone:
        # tests/accounts/test_two_step.py turns the requirement on.
        TWO_STEP_REQUIRED_ROLES="",
    )
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            _reset_postgres_schema()
        upgrade()
    yield application
    shared_url = os.environ.get("TEST_DATABASE_URL")
    if shared_url and url != shared_url:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
        _drop_own_postgres_database(shared_url, url)


@pytest.fixture(autouse=True)
def _empty_database(app):
    yield
    with app.app_context():
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # The audit log's trigger refuses DELETE (see migrations/versions/
                # audit_append_only_manual.py); a superuser emptying the test database skips it.
                connection.execute(text("SET LOCAL session_replication_role = replica"))
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield
        db.session.remove()


class FreshClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``, as a real request does.

    Tests that hold an application context (the ``app_context`` fixture) share that context, and
    so one ``g``, across all their requests. Flask-Login caches the signed-in user in ``g`` and
    Flask-WTF the CSRF token: without this, a second client would be served as whoever the first
    signed in as, and a form after signing in would carry the token of the old session.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    return FreshClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def other_client(app):
    """A second browser: another person's cookies."""
    return FreshClient(app, app.response_class, use_cookies=True)


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


@pytest.fixture(autouse=True)
def _cheap_password_hashing(request, monkeypatch):
    """argon2id at production cost takes most of a second per hash on these machines, and most
    tests create a few users. Tests are about behaviour, not cost, so they hash with argon2id's
    cheapest parameters; tests marked ``production_hashing`` keep the real ones."""
    if request.node.get_closest_marker("production_hashing"):
        return
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    from engagement_portal.accounts import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(CHEAPEST))
