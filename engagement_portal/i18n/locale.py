"""Which language a page is shown in.

Order: an explicit ``?lang=`` in the link (so a page can be shared in a language), then the
remembered choice, then the browser's Accept-Language, then the default. An unknown code is
ignored, never an error.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request

LANGUAGE_COOKIE = "ep_lang"
ONE_YEAR = 365 * 24 * 3600


def available_languages() -> dict[str, str]:
    """Code -> the language's name in itself, for languages with an interface catalogue."""
    return current_app.config["LANGUAGES"]


def select_locale() -> str:
    if not has_request_context():  # commands, and services called outside a request
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = available_languages()
    if len(languages) == 1:  # nothing to choose between: skip parsing the request
        return next(iter(languages))
    for candidate in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in languages:
            return candidate
    best = request.accept_languages.best_match(list(languages))
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The language this page is shown in (the reader's), as a code."""
    from flask_babel import get_locale

    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


@functools.cache
def text_direction(code: str) -> str:
    return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"


def _remember_choice(response):
    chosen = request.args.get("lang")
    if (
        chosen
        and chosen in available_languages()
        and request.cookies.get(LANGUAGE_COOKIE) != chosen
    ):
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=ONE_YEAR,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def url_with(**changes) -> str:
    """This page's address with some query arguments changed (None removes one): the language
    switcher's and the easy-read switch's links, which keep whatever else the page was showing."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    query = urlencode(args, doseq=True)
    return f"{request.path}?{query}" if query else request.path


def alternates() -> list[tuple[str, str]]:
    """(hreflang, absolute address) of this page in every language, for <link rel=alternate>.
    Built on BASE_URL, never on the request's Host header, which cached pages must not echo."""
    base = current_app.config["BASE_URL"]
    pages = [(code, base + url_with(lang=code)) for code in available_languages()]
    return [*pages, ("x-default", base + url_with(lang=None))]


def init_app(app: Flask) -> None:
    app.config.setdefault("LANGUAGES", {"en": "English"})
    app.after_request(_remember_choice)
    app.add_template_global(url_with)
    app.add_template_global(alternates)
    app.add_template_global(text_direction)
    app.add_template_global(available_languages)

    @app.context_processor
    def language_context():
        from flask_babel import get_locale

        code = str(get_locale() or "en")
        g.language = code
        return {"page_language": code, "page_direction": text_direction(code)}
