"""Health check, and a backup that really restores the views."""

import os
import shutil
import subprocess
import uuid

import pytest
from sqlalchemy import create_engine, make_url, text

from engagement_portal.operations import services
from engagement_portal.responses import services as responses
from engagement_portal.responses.services import Submission
from tests.factories import make_engagement


def test_health_check_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_says_unavailable_when_the_database_is_not(tmp_path):
    from engagement_portal import create_app

    broken = create_app(
        "testing",
        TESTING=True,
        SECRET_KEY="x",
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2",
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def _fresh_target(app, tmp_path) -> str:
    """An empty database of the same kind as the test database, to restore into."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite'}"
    name = f"restore_{uuid.uuid4().hex[:10]}"
    subprocess.run(  # noqa: S603
        [
            shutil.which("createdb"),
            "--host",
            url.host or "127.0.0.1",
            "--port",
            str(url.port or 5432),
            "--username",
            url.username or "postgres",
            name,
        ],
        check=True,
        env={**os.environ, "PGPASSWORD": url.password or ""},
    )
    return url.set(database=name).render_as_string(hide_password=False)


def _drop(target: str) -> None:
    url = make_url(target)
    if url.get_backend_name() != "sqlite":
        subprocess.run(  # noqa: S603
            [
                shutil.which("dropdb"),
                "--host",
                url.host or "127.0.0.1",
                "--port",
                str(url.port or 5432),
                "--username",
                url.username or "postgres",
                url.database,
            ],
            check=True,
            env={**os.environ, "PGPASSWORD": url.password or ""},
        )


@pytest.mark.usefixtures("app_context")
def test_a_backup_restores_into_an_empty_database_with_the_views(app, tmp_path):
    engagement = make_engagement()
    first = min(engagement.questions, key=lambda q: q.position)
    view = responses.record_response(
        engagement,
        Submission(
            respondent_type="myself",
            answers={first.id: "Backed-up words"},
            publication_consent="anonymous",
        ),
        idempotency_token="backup-test",
    )
    backup_file = tmp_path / "portal.backup"
    services.backup(app.config["SQLALCHEMY_DATABASE_URI"], backup_file)
    assert backup_file.stat().st_size > 0

    target = _fresh_target(app, tmp_path)
    try:
        services.restore(target, backup_file)
        engine = create_engine(target)
        with engine.connect() as connection:
            found = connection.execute(
                text(
                    "SELECT answer.text FROM response JOIN answer ON answer.response_id = response.id "
                    "WHERE response.reference = :reference"
                ),
                {"reference": view.reference},
            ).scalar_one()
        engine.dispose()
        assert found == "Backed-up words"
    finally:
        _drop(target)
