"""Asking for codes and trying them is limited per client address (with a small number here;
the suite's own app has limits off)."""

from __future__ import annotations

from engagement_portal import create_app
from engagement_portal.extensions import db

ADDRESS = {"environ_base": {"REMOTE_ADDR": "203.0.113.77"}}


def test_asking_for_codes_and_trying_them_is_limited_per_address(app):
    limited = create_app(
        "testing",
        TESTING=True,
        SECRET_KEY="test-secret-key",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        SESSION_COOKIE_SECURE=False,
        WTF_CSRF_ENABLED=False,
        SMTP_PORT=1,
        PAGE_CACHE_SECONDS=0,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_PRIVACY_PER_IP="3 per minute",
    )
    try:
        client = limited.test_client()
        statuses = [
            client.post("/your-views/", data={"reference": "EP-2222-3333"}, **ADDRESS).status_code
            for _ in range(3)
        ]
        assert statuses == [302, 302, 302]
        assert (
            client.post("/your-views/code", data={"code": "123456"}, **ADDRESS).status_code == 429
        )
        other = limited.test_client()
        assert (
            other.post(
                "/your-views/",
                data={"reference": "EP-2222-3333"},
                environ_base={"REMOTE_ADDR": "203.0.113.78"},
            ).status_code
            == 302
        )
    finally:
        with limited.app_context():
            db.engine.dispose()
