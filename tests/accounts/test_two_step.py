"""Two-step sign-in: a code from an authenticator app (or a recovery code) after the password."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select

from engagement_portal import create_app
from engagement_portal.accounts import services, sessions
from engagement_portal.accounts.models import User
from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from tests.conftest import FreshClient, html, post_form
from tests.factories import PASSWORD, make_user


@pytest.fixture
def required(app):
    """Two-step sign-in required for administrators and commissioners, as in production."""
    before = app.config["TWO_STEP_REQUIRED_ROLES"]
    app.config["TWO_STEP_REQUIRED_ROLES"] = "administrator,commissioner"
    yield
    app.config["TWO_STEP_REQUIRED_ROLES"] = before


def _with_two_step(role: Role = Role.ADVOCATE) -> tuple[str, str, list[str]]:
    """A user with two-step sign-in on: their e-mail, secret and recovery codes."""
    user = make_user(role)
    secret = services.new_totp_secret()
    codes = services.enable_two_step(user, secret, pyotp.TOTP(secret).now())
    # Forget the step just used, so the test can sign in with the current code.
    user.totp_last_timestep = None
    db.session.commit()
    return user.email, secret, codes


def _password(client, email: str):
    return post_form(client, "/sign-in", {"email": email, "password": PASSWORD})


def _actions(email: str) -> list[str]:
    user = db.session.scalar(select(User).where(User.email == email))
    return [
        event.action
        for event in db.session.scalars(
            select(AuditEvent).where(AuditEvent.subject_id == str(user.id))
        )
    ]


def test_required_roles_are_sent_to_set_it_up_until_they_do(app_context, client, required):
    user = make_user(Role.COMMISSIONER)
    response = _password(client, user.email)
    assert response.status_code == 302
    assert client.get("/staff").headers["Location"].endswith("/staff/two-step")
    assert client.get("/").headers["Location"].endswith("/staff/two-step")
    page = html(client.get("/staff/two-step"))
    image = page.select_one("img[src^='data:image/svg+xml;base64,']")
    assert image is not None and image["alt"]
    key = page.select_one("code").get_text().replace(" ", "")
    assert len(key) >= 16

    wrong = post_form(client, "/staff/two-step", {"code": "000000"})
    assert "Error:" in html(wrong).title.get_text()
    assert client.get("/staff").status_code == 302

    done = post_form(client, "/staff/two-step", {"code": pyotp.TOTP(key).now()})
    codes = [item.get_text() for item in html(done).select("ul.govuk-list code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/staff").status_code == 200
    assert "account.two_step_enabled" in _actions(user.email)


def test_other_roles_are_not_forced(app_context, client, required):
    user = make_user(Role.ADVOCATE)
    _password(client, user.email)
    assert client.get("/staff").status_code == 200


def test_a_wrong_code_is_refused_and_a_right_one_signs_in(app_context, client):
    email, secret, _codes = _with_two_step()
    response = _password(client, email)
    assert response.headers["Location"].startswith("/sign-in/code")
    assert client.get("/staff").status_code == 302  # not signed in yet

    wrong = post_form(client, "/sign-in/code", {"code": "123456"})
    assert wrong.status_code == 200
    assert "not correct" in wrong.get_data(as_text=True)
    assert client.get("/staff").status_code == 302

    right = post_form(client, "/sign-in/code", {"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 302
    assert client.get("/staff").status_code == 200


def test_a_code_cannot_be_used_twice(app_context, client, app):
    email, secret, _codes = _with_two_step()
    code = pyotp.TOTP(secret).now()
    _password(client, email)
    assert post_form(client, "/sign-in/code", {"code": code}).status_code == 302

    other = FreshClient(app, app.response_class, use_cookies=True)
    _password(other, email)
    again = post_form(other, "/sign-in/code", {"code": code})
    assert again.status_code == 200
    assert other.get("/staff").status_code == 302


def test_a_recovery_code_works_once(app_context, client, app):
    email, _secret, codes = _with_two_step()
    _password(client, email)
    assert post_form(client, "/sign-in/code", {"code": codes[0].upper()}).status_code == 302
    assert client.get("/staff").status_code == 200
    assert "account.recovery_code_used" in _actions(email)

    other = FreshClient(app, app.response_class, use_cookies=True)
    _password(other, email)
    assert post_form(other, "/sign-in/code", {"code": codes[0]}).status_code == 200
    assert other.get("/staff").status_code == 302


def test_the_pending_state_expires(app_context, client, monkeypatch):
    email, secret, _codes = _with_two_step()
    _password(client, email)
    real_now = sessions._now
    monkeypatch.setattr(sessions, "_now", lambda: real_now() + sessions.PENDING_SECONDS)
    response = post_form(
        client, "/sign-in/code", {"code": pyotp.TOTP(secret).now()}, token_from="/sign-in"
    )
    assert html(response).select_one("main a[href='/sign-in']") is not None
    assert html(response).select_one("input[name='code']") is None
    assert client.get("/staff").status_code == 302


def test_the_code_page_needs_a_password_first(client):
    page = html(client.get("/sign-in/code"))
    assert page.select_one("input[name='code']") is None
    assert page.select_one("main a[href='/sign-in']") is not None


def test_turning_it_off_needs_the_password_and_a_role_that_allows_it(app_context, client, required):
    email, secret, _codes = _with_two_step(Role.ADVOCATE)
    _password(client, email)
    post_form(client, "/sign-in/code", {"code": pyotp.TOTP(secret).now()})

    wrong = post_form(
        client, "/staff/two-step/off", {"current_password": "wrong"}, token_from="/staff/two-step"
    )
    assert "Error:" in html(wrong).title.get_text()
    off = post_form(
        client, "/staff/two-step/off", {"current_password": PASSWORD}, token_from="/staff/two-step"
    )
    assert off.status_code == 302
    assert "account.two_step_disabled" in _actions(email)
    fresh = FreshClient(client.application, client.application.response_class, use_cookies=True)
    assert _password(fresh, email).headers["Location"] == "/staff"

    admin_email, _s, _c = _with_two_step(Role.ADMINISTRATOR)
    admin = db.session.scalar(select(User).where(User.email == admin_email))
    with pytest.raises(services.TwoStepNotAllowedOff):
        services.disable_two_step(admin, PASSWORD)


def test_typing_codes_is_rate_limited_per_address(app):
    limited = create_app(
        "testing",
        TESTING=True,
        SECRET_KEY="test-secret-key",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        SESSION_COOKIE_SECURE=False,
        WTF_CSRF_ENABLED=False,
        SMTP_PORT=1,
        BASE_URL="http://localhost",
        PAGE_CACHE_SECONDS=0,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_SIGN_IN_PER_IP="3 per minute",
        RATELIMIT_SIGN_IN_PER_EMAIL="100 per minute",
        TWO_STEP_REQUIRED_ROLES="",
    )
    try:
        with limited.app_context():
            email, _secret, _codes = _with_two_step()
        client = limited.test_client()
        client.post("/sign-in", data={"email": email, "password": PASSWORD})
        statuses = [
            client.post("/sign-in/code", data={"code": "000000"}).status_code for _ in range(4)
        ]
        assert statuses == [200, 200, 200, 429]  # the fourth within the minute
    finally:
        with limited.app_context():
            db.engine.dispose()


def test_two_requests_racing_with_one_code_let_only_one_in(app_context):
    from sqlalchemy.orm.attributes import set_committed_value

    email, secret, _codes = _with_two_step()
    user = db.session.scalar(select(User).where(User.email == email))
    before = user.totp_last_timestep
    code = pyotp.TOTP(secret).now()
    assert services.complete_two_step(user.id, code) is not None
    # The second request read the user before the first one's update landed.
    set_committed_value(user, "totp_last_timestep", before)
    assert services.complete_two_step(user.id, code) is None
