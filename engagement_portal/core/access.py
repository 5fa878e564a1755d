"""Who may call a route: declared on the route, enforced in one place.

Every view function carries an ``access`` attribute set by exactly one of the decorators
below. ``enforce_access`` runs before every request and denies by default: a view without a
declaration is refused (and a test fails for it), so forgetting to declare is never an opening.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

F = TypeVar("F", bound=Callable)


class Role(enum.StrEnum):
    COMMISSIONER = "commissioner"
    ADVOCATE = "advocate"
    PROVIDER = "provider"
    ADMINISTRATOR = "administrator"


EVERYONE = "everyone"
SIGNED_IN = "signed-in"
STAFF_ROLES = frozenset(Role)


def _declare(access: frozenset[str]) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        view.access = access  # type: ignore[attr-defined]
        return view

    return decorator


def public(view: F) -> F:
    """Anyone, signed in or not, may call this route."""
    return _declare(frozenset({EVERYONE}))(view)


def signed_in(view: F) -> F:
    """Any active staff account, whatever its role."""
    return _declare(frozenset({SIGNED_IN}))(view)


def roles(*allowed: Role) -> Callable[[F], F]:
    """Only signed-in staff holding one of these roles."""
    if not allowed:
        raise ValueError("name at least one role")
    return _declare(frozenset(allowed))


def access_of(endpoint: str) -> frozenset[str] | None:
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access", None)


def may_call(access: frozenset[str] | None, user) -> bool:
    if not access:
        return False
    if EVERYONE in access:
        return True
    if not user.is_authenticated:
        return False
    return SIGNED_IN in access or user.role in access


def enforce_access():
    """before_request hook: the one place where route access is checked."""
    endpoint = request.endpoint
    if endpoint is None:
        return None  # no route matched: the 404 handler answers
    if endpoint == "static":
        return None
    access = access_of(endpoint)
    if may_call(access, current_user):
        return None
    if access and not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
    abort(403)
