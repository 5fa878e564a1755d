"""A database that goes away after the page is ready (a restart: see `make bench-fault`) must not
turn that page into an error: ending the request's session cannot send its ROLLBACK, and the
connection is dropped instead."""

from engagement_portal.extensions import db
from tests.factories import make_engagement


def test_a_page_is_served_when_the_connection_is_lost_as_the_request_ends(app, monkeypatch):
    with app.app_context():
        slug = make_engagement().slug
        dialect = db.engine.dialect
    real_rollback = dialect.do_rollback
    failed = []

    def connection_lost_once(dbapi_connection):
        if not failed:
            failed.append(True)
            raise dialect.loaded_dbapi.OperationalError("server closed the connection")
        return real_rollback(dbapi_connection)

    monkeypatch.setattr(dialect, "do_rollback", connection_lost_once)
    client = app.test_client()

    lost = client.get(f"/engagements/{slug}/respond/sent")  # reads the engagement, then redirects
    assert failed, "the request never ended a transaction: the test proves nothing"
    assert lost.status_code == 302

    after = client.get(f"/engagements/{slug}/respond/sent")
    assert after.status_code == 302
