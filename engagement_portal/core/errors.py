"""Friendly error pages. Nothing here shows a traceback or any part of what a person typed
except back to that same person (the CSRF page), and every page keeps the site's layout."""

from __future__ import annotations

import datetime as dt
import logging

from flask import Flask, g, render_template, request
from flask_babel import format_timedelta
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, TooManyRequests

from engagement_portal.core import rate_limits
from engagement_portal.extensions import db, login_manager

log = logging.getLogger(__name__)

# Fields whose values are never echoed back, even to the person who typed them.
_NEVER_ECHO = {"csrf_token", "password", "password_confirm", "current_password"}


def _render_as_anonymous() -> None:
    """The layout asks who is signed in, which needs the database: an error page must render
    even when the database is what failed, so it is shown as to someone not signed in."""
    g._login_user = login_manager.anonymous_user()


def register(app: Flask) -> None:
    @app.teardown_appcontext
    def end_the_session_even_if_the_database_went_away(exc):
        # Registered after Flask-SQLAlchemy's, so it runs first. Ending the session sends a
        # ROLLBACK; when the database restarted after the page was ready, that fails, and the
        # person would get a bare 500 instead of their page (after their views were stored).
        # Dropping the connection ends its transaction just as well.
        try:
            db.session.remove()
        except DBAPIError:
            log.warning("database connection lost while ending a request")
            db.session().invalidate()  # the Session itself: the scoped proxy lacks this
            db.session.remove()

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        typed = [
            (name, value)
            for name, value in request.form.items(multi=True)
            if name not in _NEVER_ECHO and value.strip() and len(value) > 1
        ]
        return render_template("errors/csrf.html", typed=typed, retry_url=request.path), 400

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        # Roll back so that nothing half-done survives; the request's work is lost as a whole.
        db.session.rollback()
        log.error(
            "database error on %s %s: %s", request.method, request.endpoint, type(error).__name__
        )
        _render_as_anonymous()
        return render_template("errors/503.html"), 503

    @app.errorhandler(TooManyRequests)
    def too_many_requests(error: TooManyRequests):
        seconds = rate_limits.retry_after_seconds(error)
        giving_views = request.blueprint == "responses"
        page = render_template(
            "errors/429.html",
            wait=format_timedelta(dt.timedelta(seconds=seconds), granularity="second"),
            giving_views=giving_views,
            # Sending from the check page: every answer is already in the draft on the server.
            answers_kept=giving_views and request.endpoint == "responses.check",
            retry_url=request.path,
        )
        return page, 429, {"Retry-After": str(seconds)}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        template = {
            400: "errors/400.html",
            403: "errors/403.html",
            404: "errors/404.html",
            405: "errors/405.html",
            413: "errors/413.html",
        }.get(code, "errors/generic.html")
        return render_template(template, error=error), code

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        log.exception("unexpected error on %s %s", request.method, request.endpoint)
        _render_as_anonymous()
        return render_template("errors/500.html"), 500
