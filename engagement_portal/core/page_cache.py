"""A small cache of whole public pages, for visitors who have no session yet.

Rendering a page from GOV.UK macros costs milliseconds; most visitors read the same few public
pages. A page is cached only when it is the same for everyone who could receive it: a GET to a
route marked ``@cached_page``, from a request without a session cookie, whose rendering put
nothing in the session but (at most) a CSRF token. The token is cut out of the stored page and a
fresh one, bound to the new visitor's own session, is put back on every hit.

A cached page is dropped:
- when anything marked as public content (``__public_content__ = True`` on a model) is committed
  on this host: the commit touches a version file that every worker checks with one ``stat``;
- when a date the page depends on arrives (a view sets ``g.page_valid_until``, for example the
  next opening or closing time): statuses are derived from the clock, so must the cache be;
- after ``PAGE_CACHE_SECONDS`` in any case, which bounds staleness across several hosts.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from flask import Flask, Response, current_app, g, get_flashed_messages, request, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.orm import Session

from engagement_portal.core.timeutil import utcnow

F = TypeVar("F", bound=Callable)

CSRF_PLACEHOLDER = "\x00csrf-token\x00"
MAX_ENTRIES = 512


def cached_page(view: F) -> F:
    """Mark a public GET view whose page may be shared between visitors without a session."""
    view.page_cache = True  # type: ignore[attr-defined]
    return view


@dataclass(frozen=True)
class _Entry:
    body: bytes
    mimetype: str
    has_csrf: bool
    version: int
    expires_at: dt.datetime


class PageCache:
    def __init__(self, version_file: Path, seconds: int) -> None:
        self.version_file = version_file
        self.seconds = seconds
        self._entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    # The shared version: the version file's modification time, bumped by content commits.

    def current_version(self) -> int:
        try:
            return self.version_file.stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def bump(self) -> None:
        self.version_file.parent.mkdir(parents=True, exist_ok=True)
        self.version_file.touch()
        with self._lock:
            self._entries.clear()

    # Entries

    def get(self, key: tuple) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.version != self.current_version() or utcnow() >= entry.expires_at:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: _Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _cache() -> PageCache | None:
    return current_app.extensions.get("page_cache")


def _eligible_request() -> bool:
    if request.method != "GET" or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "page_cache", False):
        return False
    return current_app.config["SESSION_COOKIE_NAME"] not in request.cookies


def _key() -> tuple:
    # The same choice Flask-Babel makes for the page, without its per-request machinery.
    from engagement_portal.i18n.easy_read import easy_read_mode
    from engagement_portal.i18n.locale import select_locale

    return (request.full_path, select_locale(), easy_read_mode())


def serve_from_cache():
    """before_request: answer from the cache when we can."""
    cache = _cache()
    if cache is None or not _eligible_request():
        return None
    g.page_cache_version = cache.current_version()  # taken before rendering, see store_in_cache
    entry = cache.get(_key())
    if entry is None:
        return None
    body = entry.body
    if entry.has_csrf:
        body = body.replace(CSRF_PLACEHOLDER.encode(), generate_csrf().encode())
    g.page_from_cache = True
    return Response(body, mimetype=entry.mimetype)


def _session_holds_only_a_csrf_token() -> bool:
    # Flask-Login marks any session without a signed-in user as not fresh (_fresh: False);
    # that says nothing about the visitor, so the page is still the same for everyone.
    extra = set(session.keys()) - {"csrf_token", "_fresh"}
    return not extra and session.get("_fresh", False) is False


def store_in_cache(response: Response) -> Response:
    """after_request: keep the page if it is the same for everyone without a session."""
    cache = _cache()
    if cache is None or g.get("page_from_cache") or "page_cache_version" not in g:
        return response
    if response.status_code != 200 or response.direct_passthrough or not _eligible_request():
        return response
    if not _session_holds_only_a_csrf_token() or get_flashed_messages():
        return response
    body = response.get_data()
    token = g.get("csrf_token")
    has_csrf = bool(token) and token.encode() in body
    if has_csrf:
        body = body.replace(token.encode(), CSRF_PLACEHOLDER.encode())
    now = utcnow()
    expires_at = now + dt.timedelta(seconds=cache.seconds)
    valid_until = g.get("page_valid_until")
    if valid_until is not None:
        expires_at = min(expires_at, valid_until)
    if expires_at <= now:
        return response
    # The version read before rendering: a commit during rendering leaves this entry stale.
    entry = _Entry(body, response.mimetype, has_csrf, g.page_cache_version, expires_at)
    cache.put(_key(), entry)
    return response


def page_valid_until(moment: dt.datetime | None) -> None:
    """Views call this with the next time their page would change by the clock alone."""
    if moment is None:
        return
    current = g.get("page_valid_until")
    g.page_valid_until = moment if current is None else min(current, moment)


def note_public_change(session_: Session) -> None:
    """For changes to rows that are not public content themselves but change what public pages
    show (a view withdrawn, released after review): cached pages are dropped on commit."""
    session_.info["public_content_changed"] = True


@event.listens_for(Session, "after_flush")
def _note_public_changes(session_, flush_context) -> None:
    changed = [*session_.new, *session_.dirty, *session_.deleted]
    if any(getattr(obj, "__public_content__", False) for obj in changed):
        session_.info["public_content_changed"] = True


@event.listens_for(Session, "after_commit")
def _bump_after_commit(session_) -> None:
    if session_.info.pop("public_content_changed", False):
        cache = current_app.extensions.get("page_cache") if current_app else None
        if cache is not None:
            cache.bump()


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session_) -> None:
    session_.info.pop("public_content_changed", None)


def init_app(app: Flask) -> None:
    seconds = int(app.config.get("PAGE_CACHE_SECONDS", 30))
    if seconds <= 0:
        return
    version_file = Path(
        app.config.get("PAGE_CACHE_VERSION_FILE") or Path(app.instance_path) / "page-cache-version"
    )
    cache = PageCache(version_file, seconds)
    app.extensions["page_cache"] = cache
    app.before_request(serve_from_cache)
    app.after_request(store_in_cache)
