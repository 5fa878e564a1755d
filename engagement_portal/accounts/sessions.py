"""How long a staff session lasts, and what happens when it ends.

A signed-in session records when the person signed in and when they were last seen. A request
past ``STAFF_IDLE_MINUTES`` without activity, or ``STAFF_SESSION_HOURS`` after signing in,
signs them out. So does a session that no longer matches the account (signed out everywhere,
deactivated, role changed: see ``User.get_id``). What follows depends on the request:

- a GET is answered as for anyone not signed in (a staff page sends them to sign in, with
  ``next`` back to it) and a message says why they were signed out;
- a POST is NOT carried out, and their work is NOT lost: a page (status 401) explains, shows
  what they typed (never passwords or tokens) and links to sign in again.

Citizens have no account, so none of this touches them; their drafts have their own lifetime.
This is web plumbing (it reads the request and the session), so it lives beside the routes
rather than in services.
"""

from __future__ import annotations

import datetime as dt

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from engagement_portal.accounts import services
from engagement_portal.core.timeutil import utcnow

SIGNED_IN_AT = "signed_in_at"  # seconds since the epoch (UTC), set at sign-in
LAST_SEEN_AT = "last_seen_at"  # …updated at most once a minute, so the cookie rarely changes
TOUCH_EVERY_SECONDS = 60

IDLE, TOO_LONG, ENDED = "idle", "too-long", "ended"

# Carried out as usual after signing the person out: nothing typed there is worth keeping.
_CARRY_ON_ENDPOINTS = {"accounts.sign_in", "accounts.sign_out"}


def _now() -> int:
    return int(utcnow().replace(tzinfo=dt.UTC).timestamp())


def start(user) -> None:
    """Sign ``user`` in with a brand new session (no fixation) and start its clocks."""
    session.clear()
    login_user(user)
    now = _now()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now


PENDING_USER = "two_step_user"  # password right, code still to come
PENDING_AT = "two_step_since"
PENDING_SECONDS = 5 * 60
SETUP_PENDING = "two_step_setup"  # the secret being set up, until a code confirms it

# What a member of staff who must set up two-step sign-in may still open.
_SETUP_ENDPOINTS = {"accounts.two_step_setup", "accounts.sign_out", "static"}


def begin_two_step(user) -> None:
    """The password was right; the code is still to come. Nobody is signed in yet."""
    session.clear()
    session[PENDING_USER] = user.id
    session[PENDING_AT] = _now()


def pending_user_id() -> int | None:
    """The user waiting to type a code, for ``PENDING_SECONDS`` after their password."""
    user_id, since = session.get(PENDING_USER), session.get(PENDING_AT)
    if not isinstance(user_id, int) or not isinstance(since, int):
        return None
    if _now() - since >= PENDING_SECONDS:
        session.pop(PENDING_USER, None)
        session.pop(PENDING_AT, None)
        return None
    return user_id


def setup_secret() -> str:
    """The secret shown on the setup page, the same one until a code confirms it."""
    secret = session.get(SETUP_PENDING)
    if not isinstance(secret, str) or not secret:
        secret = services.new_totp_secret()
        session[SETUP_PENDING] = secret
    return secret


def forget_setup_secret() -> None:
    session.pop(SETUP_PENDING, None)


def end() -> None:
    logout_user()
    session.clear()


def _expiry(now: int) -> str | None:
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT)
    if not isinstance(signed_in_at, int) or not isinstance(last_seen_at, int):
        return TOO_LONG  # a session that never started its clocks is not trusted
    if now - signed_in_at >= current_app.config["STAFF_SESSION_HOURS"] * 3600:
        return TOO_LONG
    if now - last_seen_at >= current_app.config["STAFF_IDLE_MINUTES"] * 60:
        return IDLE
    return None


def reason_text(reason: str) -> str:
    if reason == IDLE:
        minutes = current_app.config["STAFF_IDLE_MINUTES"]
        return ngettext(
            "You were signed out because you had not used the site for %(num)d minute.",
            "You were signed out because you had not used the site for %(num)d minutes.",
            minutes,
        )
    if reason == TOO_LONG:
        hours = current_app.config["STAFF_SESSION_HOURS"]
        return ngettext(
            "You were signed out because you had been signed in for %(num)d hour.",
            "You were signed out because you had been signed in for %(num)d hours.",
            hours,
        )
    return _(
        "You were signed out because your account was signed out everywhere, or an "
        "administrator changed it."
    )


def _never_echo(name: str) -> bool:
    name = name.lower()
    return any(secret in name for secret in ("password", "token", "secret", "otp", "recovery"))


def _typed() -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if not _never_echo(name) and value.strip() and len(value) > 1
    ]


def _way_back() -> str:
    """Where to return after signing in again: this page if it can be opened, else their work."""
    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or ()):
        return request.full_path.rstrip("?")
    return url_for("site.staff_home")


def end_expired_session():
    """before_request, after the CSRF check and before the access check. A member of staff
    whose role requires two-step sign-in and who has not set it up is sent to set it up."""
    if request.endpoint in (None, "static") or "_user_id" not in session:
        return None
    if current_user.is_authenticated:
        now = _now()
        reason = _expiry(now)
        if reason is None:
            if now - session[LAST_SEEN_AT] >= TOUCH_EVERY_SECONDS:
                session[LAST_SEEN_AT] = now
            if request.endpoint not in _SETUP_ENDPOINTS and services.must_set_up_two_step(
                current_user
            ):
                return redirect(url_for("accounts.two_step_setup"))
            return None
    else:
        reason = ENDED  # the account no longer accepts this session
    end()
    message = reason_text(reason)
    if request.method in {"GET", "HEAD", "OPTIONS"} or request.endpoint in _CARRY_ON_ENDPOINTS:
        flash(message + " " + _("Sign in again to carry on."), "error")
        if request.endpoint == "accounts.sign_out":
            return redirect(url_for("accounts.sign_in"))
        return None  # the access check sends them to sign in if this page needs it
    sign_in_url = url_for("accounts.sign_in", next=_way_back())
    page = render_template(
        "accounts/signed_out.html", message=message, typed=_typed(), sign_in_url=sign_in_url
    )
    return page, 401
