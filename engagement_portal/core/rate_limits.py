"""Rate limits on the few POSTs that could be abused: signing in, accepting an invitation,
resetting or changing a password, and giving views. GET pages are never limited: the page cache serves them cheaply.

Each limit is declared on its route with a decorator from here (under the access decorator), or
for starting a draft counted where the draft is started. The numbers are settings (config.py,
explained in docs/decisions.md), read on every request, so operators can change them and tests
can make them small. A refused request gets the friendly 429 page (core/errors.py).

Flask-Limiter keeps its on/off switch and its storage on the one process-wide ``limiter``; tests
build several applications in one process, so each application's own ``RATELIMIT_ENABLED``
decides (a request filter), and an application with limits off never touches the limiter.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from engagement_portal.extensions import limiter

F = TypeVar("F", bound=Callable)

NEW_DRAFT_SCOPE = "responses.new_draft"


def init_app(app: Flask) -> None:
    # Flask-Limiter logs each refusal at INFO with the client's address as the key: an IP address
    # is personal data, and nothing identifying is logged here.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    if app.config.get("RATELIMIT_ENABLED", True):
        limiter.init_app(app)
        _check_posts_only(app)


def _check_posts_only(app: Flask) -> None:
    """Flask-Limiter evaluates its limits before every request, GETs included (tens of
    microseconds each, on the busiest, cached path). Only POSTs are limited here, so its check is
    swapped for one that runs on POSTs alone. tests/test_rate_limits.py fails if a Flask-Limiter
    upgrade moves the hook."""
    hooks = app.before_request_funcs.setdefault(None, [])
    position = hooks.index(limiter._check_request_limit)

    def check_posts() -> None:
        if request.method == "POST":
            limiter._check_request_limit()

    hooks[position] = check_posts


@limiter.request_filter
def _not_limited() -> bool:
    """Reading pages is never limited (and skips the limiter's work on the busiest path)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return True
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _typed_email() -> str:
    """A keyed hash of the e-mail address typed (sign-in, password reset), so that neither the
    counters nor Flask-Limiter's log line ever hold the address itself."""
    email = (request.form.get("email") or "").strip().lower()
    secret = current_app.config["SECRET_KEY"].encode()
    return "email:" + hmac.new(secret, email.encode(), hashlib.sha256).hexdigest()[:32]


def _no_email_typed() -> bool:
    return not (request.form.get("email") or "").strip()


def _engagement_key(slug: str | None = None) -> str:
    return "engagement:" + (slug or str((request.view_args or {}).get("slug", "")))


def sign_in_limits(view: F) -> F:
    """Per client address, and per e-mail address typed (a correct password is refused too
    until the window has passed: the limit is checked before the password)."""
    view = limiter.limit(
        _setting("RATELIMIT_SIGN_IN_PER_EMAIL"),
        methods=["POST"],
        key_func=_typed_email,
        exempt_when=_no_email_typed,
    )(view)
    return limiter.limit(_setting("RATELIMIT_SIGN_IN_PER_IP"), methods=["POST"])(view)


def two_step_limits(view: F) -> F:
    """Typing the code of two-step sign-in: per client address, as signing in."""
    return limiter.limit(_setting("RATELIMIT_SIGN_IN_PER_IP"), methods=["POST"])(view)


def invitation_limits(view: F) -> F:
    return limiter.limit(_setting("RATELIMIT_INVITATION_PER_IP"), methods=["POST"])(view)


def password_reset_request_limits(view: F) -> F:
    """Asking for a password-reset link: per client address, and per e-mail address typed (so
    nobody can fill someone's inbox). Both count whether or not the address has an account."""
    view = limiter.limit(
        _setting("RATELIMIT_PASSWORD_RESET_PER_EMAIL"),
        methods=["POST"],
        key_func=_typed_email,
        exempt_when=_no_email_typed,
    )(view)
    return limiter.limit(_setting("RATELIMIT_PASSWORD_RESET_PER_IP"), methods=["POST"])(view)


def password_limits(view: F) -> F:
    """Setting a password from a reset link, or changing one's own: per client address."""
    return limiter.limit(_setting("RATELIMIT_PASSWORD_RESET_PER_IP"), methods=["POST"])(view)


def send_views_limits(view: F) -> F:
    """Sending views (the check page's POST): per client address and per engagement."""
    view = limiter.limit(
        _setting("RATELIMIT_SEND_VIEWS_PER_ENGAGEMENT"), methods=["POST"], key_func=_engagement_key
    )(view)
    return limiter.limit(_setting("RATELIMIT_SEND_VIEWS_PER_IP"), methods=["POST"])(view)


def privacy_limits(view: F) -> F:
    """Asking for a code to see or withdraw views, and typing it: per client address (each
    code also dies after a few wrong tries: privacy/services.py). The routes share one count."""
    return limiter.shared_limit(
        _setting("RATELIMIT_PRIVACY_PER_IP"), scope="privacy", methods=["POST"]
    )(view)


def count_new_draft(slug: str) -> None:
    """Count a draft about to be started (the first page someone sends) against the same
    numbers as sending views, per client address and per engagement. Raises 429 when over.

    Counted here rather than on a route because any page of giving views may be the one that
    starts a draft, and only that POST should count."""
    if not current_app.config.get("RATELIMIT_ENABLED", True) or not limiter.initialized:
        return
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "")
    for setting, key in (
        ("RATELIMIT_SEND_VIEWS_PER_IP", get_remote_address()),
        ("RATELIMIT_SEND_VIEWS_PER_ENGAGEMENT", _engagement_key(slug)),
    ):
        for item in parse_many(current_app.config[setting]):
            identifiers = [part for part in (prefix, key, NEW_DRAFT_SCOPE) if part]
            if not limiter.limiter.hit(item, *identifiers):
                reset_at = limiter.limiter.get_window_stats(item, *identifiers).reset_time
                raise TooManyRequests(retry_after=_seconds_until(reset_at))


def _seconds_until(moment: float) -> int:
    return max(1, math.ceil(moment - time.time()))


def retry_after_seconds(error: TooManyRequests) -> int:
    """How long until the limit that refused this request lets the next one through."""
    if isinstance(error.retry_after, int):
        return max(1, error.retry_after)
    current = limiter.current_limit if limiter.initialized else None
    if current is not None:
        return _seconds_until(current.window.reset_time)
    return 60


def format_request_limits(view: F) -> F:
    """Asking for a page in another format: an e-mail to the council each time, so per client
    address, with the same numbers as privacy requests."""
    return limiter.shared_limit(
        _setting("RATELIMIT_PRIVACY_PER_IP"), scope="format-request", methods=["POST"]
    )(view)
