"""Easy read: a mode of every page, chosen like the language: ``?easy_read=1`` (or ``0``) in a
link, then remembered in a cookie. Pages then show the easy-read wording, larger text, pictures
and faces (templates read ``easy_read_mode()``)."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request

EASY_READ_COOKIE = "ep_easy_read"
ONE_YEAR = 365 * 24 * 3600
_CHOICES = {"1": True, "on": True, "0": False, "off": False}


def easy_read_mode() -> bool:
    if not has_request_context():
        return False
    if "easy_read" in g:
        return g.easy_read
    asked = _CHOICES.get(request.args.get("easy_read", ""))
    chosen = asked if asked is not None else request.cookies.get(EASY_READ_COOKIE) == "1"
    g.easy_read = chosen
    return chosen


def _remember_choice(response):
    asked = _CHOICES.get(request.args.get("easy_read", ""))
    if asked is None:
        return response
    value = "1" if asked else "0"
    if request.cookies.get(EASY_READ_COOKIE) != value:
        response.set_cookie(
            EASY_READ_COOKIE,
            value,
            max_age=ONE_YEAR,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def init_app(app: Flask) -> None:
    app.after_request(_remember_choice)
    app.add_template_global(easy_read_mode)
