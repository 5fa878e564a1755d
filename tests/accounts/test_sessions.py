"""Staff sessions: hardened cookies, an idle and an absolute lifetime that never lose typed work,
and "sign out everywhere" (also what deactivating or changing an account does)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from engagement_portal import create_app
from engagement_portal.accounts import services
from engagement_portal.accounts.models import User
from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.engagements.models import Engagement
from engagement_portal.extensions import db
from tests.conftest import csrf_token, html, post_form
from tests.factories import make_engagement, make_user, sign_in
from tests.responses.helpers import step

MINUTE = dt.timedelta(minutes=1)


def set_cookies(response) -> dict[str, str]:
    """Set-Cookie headers by cookie name: ``{"name": "name=value; Secure; ..."}``."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def cookie_attributes(header: str) -> set[str]:
    return {part.strip().split("=", 1)[0].lower() for part in header.split(";")[1:]}


def to_sign_in(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == (
        "/sign-in"
    )


def staff(app, role: Role = Role.COMMISSIONER) -> User:
    with app.app_context():
        return make_user(role)


# Cookies


@pytest.fixture
def production_app(app):
    """The site as deployed on https: same database as ``app``, production cookie settings."""
    production = create_app(
        "production",
        TESTING=True,
        SECRET_KEY="test-secret-key",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        SESSION_COOKIE_SECURE=True,
        PAGE_CACHE_SECONDS=0,
        RATELIMIT_ENABLED=False,
        TWO_STEP_REQUIRED_ROLES="",  # as the suite's app: see tests/accounts/test_two_step.py
    )
    yield production
    with production.app_context():
        db.engine.dispose()


def test_in_production_the_session_cookie_is_host_prefixed_secure_httponly_and_lax(
    production_app, app
):
    user = staff(app)
    client = production_app.test_client()

    first = client.get("/sign-in")  # the form's CSRF token starts a session
    signed_in = sign_in(client, user)

    for response in (first, signed_in):
        cookies = set_cookies(response)
        assert "session" not in cookies
        header = cookies["__Host-session"]
        assert {"secure", "httponly", "path"} <= cookie_attributes(header)
        assert "samesite=lax" in header.lower()
        assert "path=/;" in header.lower() + ";"
        assert "domain" not in cookie_attributes(header)  # `__Host-` forbids one
    assert client.get("/staff").status_code == 200  # and the session works under that name


def test_on_plain_http_for_development_the_cookie_keeps_a_plain_name(tmp_path, monkeypatch):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    development = create_app(
        "development", SECRET_KEY="x", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/d.sqlite"
    )
    assert development.config["SESSION_COOKIE_NAME"] == "session"
    assert development.config["SESSION_COOKIE_SECURE"] is False
    assert development.config["SESSION_COOKIE_HTTPONLY"] is True
    assert development.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_signing_in_starts_a_new_session(client, app):
    user = staff(app)
    client.get("/sign-in")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"  # e.g. a session fixed by an attacker
    sign_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == f"{user.id}:0"


# Idle and absolute lifetime


def test_a_session_ends_after_30_minutes_without_activity(client, app):
    user = staff(app)
    start = utcnow()
    with frozen_clock(start):
        sign_in(client, user)
    # Each visit within 30 minutes keeps the session alive for another 30.
    for minutes in (29, 58, 87):
        with frozen_clock(start + minutes * MINUTE):
            assert client.get("/staff").status_code == 200, f"signed out at {minutes} minutes"

    with frozen_clock(start + 117 * MINUTE):
        response = client.get("/staff/engagements/")
        assert to_sign_in(response)
        assert parse_qs(urlsplit(response.headers["Location"]).query)["next"] == [
            "/staff/engagements/"
        ]
        page = html(client.get(response.headers["Location"]))
    banner = page.find(class_="govuk-notification-banner").get_text(" ", strip=True)
    assert "You were signed out because you had not used the site for 30 minutes" in banner
    assert "Sign in again" in banner
    assert page.find("a", string="Staff sign in")  # the header no longer offers "Sign out"
    assert to_sign_in(client.get("/staff"))


def test_a_session_ends_12_hours_after_signing_in_however_busy(client, app):
    user = staff(app)
    start = utcnow()
    with frozen_clock(start):
        sign_in(client, user)
    for minutes in range(20, 12 * 60, 20):
        with frozen_clock(start + minutes * MINUTE):
            assert client.get("/staff").status_code == 200, f"signed out at {minutes} minutes"

    with frozen_clock(start + dt.timedelta(hours=12)):
        response = client.get("/staff")
        assert to_sign_in(response)
        page = html(client.get(response.headers["Location"]))
    assert "because you had been signed in for 12 hours" in page.get_text()
    with frozen_clock(start + dt.timedelta(hours=12, minutes=1)):
        sign_in(client, user)  # signing in again starts both clocks afresh
        assert client.get("/staff").status_code == 200


def test_a_form_sent_after_a_timeout_is_not_saved_but_what_was_typed_is_shown(client, app):
    user = staff(app)
    start = utcnow()
    with frozen_clock(start):
        sign_in(client, user)
        token = csrf_token(client, "/staff/engagements/new")
    with frozen_clock(start + 45 * MINUTE):
        response = client.post(
            "/staff/engagements/new",
            data={
                "csrf_token": token,
                "title": "Respite care review",
                "summary": "Everything I wrote over the last three quarters of an hour.",
                "current_password": "my secret passphrase",
                "recovery_code": "ABCD-EFGH",
            },
        )
    assert response.status_code == 401
    page = html(response)
    assert page.find("h1").get_text(strip=True) == "You have been signed out"
    typed = [box.get_text() for box in page.find_all(class_="ep-user-text")]
    assert typed == [
        "Respite care review",
        "Everything I wrote over the last three quarters of an hour.",
    ]
    body = response.get_data(as_text=True)
    assert "my secret passphrase" not in body and "ABCD-EFGH" not in body
    assert token not in body
    assert "had not used the site for 30 minutes" in page.get_text()
    again = page.find("a", string="Sign in again")["href"]
    assert urlsplit(again).path == "/sign-in"
    assert parse_qs(urlsplit(again).query)["next"] == ["/staff/engagements/new"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Engagement)) == 0
    assert to_sign_in(client.get("/staff"))


def test_people_without_an_account_are_not_timed_out(client, app):
    with app.app_context():
        slug = make_engagement().slug
    start = utcnow()
    with frozen_clock(start):
        step(client, slug, "who", {"respondent_type": "myself"})
    with frozen_clock(start + dt.timedelta(hours=13)):
        step(client, slug, "question/1", {"answer": "Still here after lunch."})


def test_signing_out_after_a_timeout_just_signs_out(client, app):
    user = staff(app)
    start = utcnow()
    with frozen_clock(start):
        sign_in(client, user)
        token = csrf_token(client, "/staff")
    with frozen_clock(start + 31 * MINUTE):
        response = client.post("/sign-out", data={"csrf_token": token})
    assert to_sign_in(response)
    assert "not used the site for 30 minutes" in html(client.get("/sign-in")).get_text()


# Sign out everywhere, and what administrators' changes do to sessions


def test_sign_out_everywhere_ends_the_session_in_every_browser(client, other_client, app):
    user = staff(app, Role.ADVOCATE)
    sign_in(client, user)
    sign_in(other_client, user)
    button = html(client.get("/staff")).find("form", action="/staff/sign-out-everywhere")
    assert button.find("button").get_text(strip=True) == "Sign out everywhere"

    response = post_form(client, "/staff/sign-out-everywhere", {}, token_from="/staff")

    assert response.status_code == 302
    assert "signed out on every device" in html(client.get("/")).get_text()
    assert to_sign_in(client.get("/staff"))
    assert to_sign_in(other_client.get("/staff/my-views"))
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "account.signed_out_everywhere")
        ).all()
        assert [(e.actor_id, e.subject_id) for e in events] == [(user.id, str(user.id))]
    sign_in(other_client, user)  # a new sign-in works as usual
    assert other_client.get("/staff").status_code == 200


def test_sign_out_everywhere_needs_the_csrf_token(client, app):
    user = staff(app)
    sign_in(client, user)
    assert client.post("/staff/sign-out-everywhere", data={}).status_code == 400
    assert client.get("/staff").status_code == 200


def test_a_form_sent_from_a_session_ended_elsewhere_keeps_what_was_typed(client, other_client, app):
    user = staff(app)
    sign_in(client, user)
    token = csrf_token(client, "/staff/engagements/new")
    sign_in(other_client, user)
    post_form(other_client, "/staff/sign-out-everywhere", {}, token_from="/staff")

    response = client.post(
        "/staff/engagements/new", data={"csrf_token": token, "title": "Half-written title"}
    )

    assert response.status_code == 401
    page = html(response)
    assert "signed out everywhere" in page.get_text()
    assert [box.get_text() for box in page.find_all(class_="ep-user-text")] == [
        "Half-written title"
    ]


def test_a_deactivated_then_reactivated_account_keeps_its_old_sessions_ended(client, app):
    user = staff(app)
    sign_in(client, user)
    with app.app_context():
        admin = make_user(Role.ADMINISTRATOR)
        person = db.session.get(User, user.id)
        services.set_active(admin, person, False)
        services.set_active(admin, person, True)
        assert db.session.get(User, user.id).active is True

    assert to_sign_in(client.get("/staff"))
    sign_in(client, user)
    assert client.get("/staff").status_code == 200


def test_a_role_change_ends_the_persons_sessions(client, app):
    user = staff(app, Role.ADVOCATE)
    sign_in(client, user)
    with app.app_context():
        admin = make_user(Role.ADMINISTRATOR)
        services.change_role(admin, db.session.get(User, user.id), role=Role.COMMISSIONER)

    assert to_sign_in(client.get("/staff"))


def test_an_administrator_changing_their_own_organisation_stays_signed_in(client, app):
    admin = staff(app, Role.ADMINISTRATOR)
    sign_in(client, admin)
    with app.app_context():
        me = db.session.get(User, admin.id)
        services.change_role(me, me, role=Role.ADMINISTRATOR, organisation_name="Northshire")

    assert client.get("/staff").status_code == 200


def test_a_session_id_is_accepted_only_with_the_accounts_current_version(app_context):
    user = make_user(Role.COMMISSIONER)
    assert services.load_user(f"{user.id}:0") == user
    for stale in (str(user.id), f"{user.id}:1", f"{user.id}:", f"{user.id}:x", "x:0", "", "9999:0"):
        assert services.load_user(stale) is None, stale
    services.sign_out_everywhere(user)
    assert user.get_id() == f"{user.id}:1"
    assert services.load_user(f"{user.id}:0") is None
    assert services.load_user(f"{user.id}:1") == user
