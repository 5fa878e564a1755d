"""What every template can use: the organisation's branding, dates in the reader's language,
the error summary helper and the signed-in person's role."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from flask import Flask, Response, current_app, url_for
from flask_babel import (
    format_date,
    format_datetime,
    format_number,
    format_percent,
    get_locale,
    gettext,
)
from flask_login import current_user
from markupsafe import Markup

from engagement_portal.core.access import Role, access_of, may_call
from engagement_portal.core.forms import error_summary
from engagement_portal.core.sanitise import cleaned_markup
from engagement_portal.engagements import vocab
from engagement_portal.i18n import content
from engagement_portal.i18n.languages import SUPPORTED
from engagement_portal.publication.services import KIND_LABELS

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _as_local(moment: dt.datetime | None):
    if moment is None:
        return None
    # Stored times are naive UTC; Flask-Babel converts aware times to the configured zone.
    return moment.replace(tzinfo=dt.UTC)


def long_date(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        return format_datetime(_as_local(moment), "d MMMM y")
    return format_date(moment, "d MMMM y")


def date_and_time(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return format_datetime(_as_local(moment), "d MMMM y, HH:mm")


def until_moment(moment: dt.datetime | None) -> str:
    """When an embargo ends: the date alone when it ends at midnight, otherwise date and time."""
    if moment is None:
        return ""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = moment.replace(tzinfo=dt.UTC).astimezone(zone)
    return long_date(moment) if local.time() == dt.time(0, 0) else date_and_time(moment)


def org_colour() -> str:
    colour = current_app.config["ORG_COLOUR"]
    return colour if _HEX_COLOUR.match(colour) else "#1d5b79"


def brand_stylesheet() -> Response:
    # Served as a tiny stylesheet so that no inline style is needed (a strict CSP stays possible).
    css = f":root{{--org-colour:{org_colour()}}}\n"
    response = Response(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def register(app: Flask) -> None:
    app.add_template_filter(long_date)
    app.add_template_filter(date_and_time)
    app.add_template_filter(until_moment)

    @app.template_filter("atom_time")
    def atom_time(moment: dt.datetime) -> str:
        return moment.replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")

    app.add_template_global(error_summary)
    app.add_template_global(format_number)
    app.add_template_global(format_percent)
    app.add_template_filter(cleaned_markup, "rich_text")

    vocabularies = {
        "ways": vocab.WAYS_TO_TAKE_PART,
        "support": vocab.SUPPORT,
        "agreement": vocab.AGREEMENT_LABELS,
        "channels": vocab.CHANNELS,
        "respondent_types": vocab.RESPONDENT_TYPES,
        "consent": vocab.PUBLICATION_CONSENT,
        "gathering": vocab.GATHERING_METHODS,
        "alignment": vocab.ALIGNMENT,
        "alignment_easy_read": vocab.ALIGNMENT_EASY_READ,
        "change_status": vocab.CHANGE_STATUS,
        "restriction_kinds": KIND_LABELS,
    }

    @app.template_global()
    def face_label(code: str, label) -> Markup:
        """An agreement option: a face for people who read pictures more easily, then words."""
        face = vocab.AGREEMENT_FACES.get(code, "")
        return Markup('<span class="ep-choice-face" aria-hidden="true">{}</span>{}').format(
            face, label
        )

    @app.template_global()
    def question_hint(question) -> dict | None:
        """The hint under a question: its easy-read wording, then its help text. ``question``
        is a Question or its wording in the reader's language (i18n.content.Localised)."""
        parts = []
        if question.easy_read_text:
            parts.append(
                Markup(
                    '<span class="ep-easy-read-hint" dir="auto"{}><span class="govuk-visually-hidden">{}</span>{}</span>'
                ).format(
                    lang_of(question.easy_read_text),
                    gettext("In easy read: "),
                    question.easy_read_text,
                )
            )
        if question.help_text:
            parts.append(local_html(question.help_text))
        return {"html": Markup("<br>").join(parts)} if parts else None

    @app.template_global()
    def picture(code: str) -> Markup:
        """An easy-read picture. Its words always stand beside it, so it is decorative to a
        screen reader (alt=""), and it never carries meaning the text does not."""
        if code not in vocab.PICTURES:
            return Markup("")
        src = url_for("static", filename=f"pictures/{code}.svg")
        return Markup(
            '<img class="ep-easy-line__picture" src="{}" alt="" width="64" height="64">'
        ).format(src)

    @app.template_global()
    def easy_line(code: str, text) -> Markup:
        """One easy-read idea: a picture at the start of the line, the words beside it."""
        return Markup(
            '<span class="ep-easy-line">{}<span class="ep-easy-line__text" dir="auto"{}>{}</span></span>'
        ).format(picture(code), lang_of(text), text)

    @app.template_global()
    def easy_read_lines(text, pictures=(), default: str = "have-your-say") -> list[tuple[str, str]]:
        """The non-empty lines of an easy-read text, each with the picture staff chose for it
        (``pictures`` by position) or ``default``."""
        lines = [line.strip() for line in str(text or "").splitlines() if line.strip()]
        chosen = list(pictures or [])
        return [
            (chosen[i] if i < len(chosen) and chosen[i] in vocab.PICTURES else default, line)
            for i, line in enumerate(lines)
        ]

    app.add_template_global(vocab.PICTURES, "PICTURES")
    app.add_template_global(lambda: Markup("<br>"), "markup_break")

    @app.template_filter("vocab_labels")
    def vocab_labels(codes, name: str) -> list[str]:
        return vocab.labels(codes or [], vocabularies[name])

    @app.template_filter("vocab_label")
    def vocab_label(code, name: str) -> str:
        labels = vocab.labels([code], vocabularies[name])
        return labels[0] if labels else ""

    app.add_template_global(Role)

    # Content in several languages (i18n/content.py).

    @app.template_global()
    def language_name(code: str, in_language: str | None = None) -> str:
        """A language's name in itself (or in ``in_language``), or its code if unknown."""
        if in_language:
            try:
                name = Locale.parse(code, sep="-").get_display_name(in_language)
            except (ValueError, UnknownLocaleError):
                name = None
            if name:
                return name
        return SUPPORTED.get(code, code)

    @app.template_global()
    def lang_of(text) -> Markup:
        """` lang="xx"` on an element whose text is in another language than the page."""
        return content.lang_attribute(text, str(get_locale() or "en"))

    @app.template_global()
    def local_html(text) -> Markup:
        """A text in a span that says its language when it is not the page's."""
        return Markup('<span dir="auto"{}>{}</span>').format(lang_of(text), text)

    @app.template_global()
    def text_attributes(text) -> dict:
        """Attributes for a GOV.UK component showing ``text``: dir, and lang if not the page's."""
        lang = getattr(text, "lang", "")
        if text and lang and lang != str(get_locale() or "en"):
            return {"dir": "auto", "lang": lang}
        return {"dir": "auto"}

    @app.template_global()
    def untranslated_languages(*things) -> list[str]:
        """The original languages shown on this page where there was no translation."""
        return content.untranslated(things, str(get_locale() or "en"))

    @app.template_global()
    def can_visit(endpoint: str) -> bool:
        """Whether to offer a link: the route exists and the signed-in person may call it."""
        return may_call(access_of(endpoint), current_user)

    @app.template_filter("count_label")
    def count_label(count: int | None) -> str:
        """A count the policy may have hidden: None means fewer than 5 (never zero)."""
        if count is None:
            return gettext("fewer than %(num)d", num=5)
        return format_number(count)

    @app.context_processor
    def branding():
        return {
            "org_name": app.config["ORG_NAME"],
            "org_logo_url": app.config["ORG_LOGO_URL"],
            "service_name": app.config["SERVICE_NAME"],
            "contact_email": app.config["CONTACT_EMAIL"],
            "contact_phone": app.config["CONTACT_PHONE"],
        }
