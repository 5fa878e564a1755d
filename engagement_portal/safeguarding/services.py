"""Safeguarding (C-P2): views that suggest danger, harm or abuse are held at once, kept from the
public, queued for staff and the safeguarding lead is e-mailed, all in the transaction that
stores the view.

Matching is on words and phrases from a list (``terms.txt`` or the file named by
SAFEGUARDING_TERMS_FILE): case-insensitive, Unicode-normalised, whole words only, tolerant of
extra spaces and line breaks inside a phrase. Nothing here writes what a person said to a log
or an e-mail.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from engagement_portal.accounts.models import User
from engagement_portal.audit import services as audit
from engagement_portal.core.page_cache import note_public_change
from engagement_portal.core.references import normalise_reference
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement, Question
from engagement_portal.extensions import db
from engagement_portal.outbox import services as outbox
from engagement_portal.responses.models import Answer, Response, SafeguardingState

log = logging.getLogger(__name__)

DEFAULT_TERMS_FILE = Path(__file__).with_name("terms.txt")
PURPOSE = "safeguarding"


class SafeguardingError(Exception):
    """A safeguarding rule was broken; the message is safe to show to staff."""


# --- Normalising text -------------------------------------------------------------------------

# Apostrophes and hyphens people (and phone keyboards) type in several ways.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def normalise(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Text made comparable (NFKC, casefold, one kind of apostrophe and hyphen, invisible
    formatting characters dropped), with, for each character of the result, the span of the
    original text it came from, so that matches can be shown where they are."""
    out: list[str] = []
    origins: list[tuple[int, int]] = []
    i, length = 0, len(text)
    while i < length:
        j = i + 1
        while j < length and _is_mark(text[j]):  # a letter and its accents stay together
            j += 1
        cluster = text[i:j]
        if unicodedata.category(cluster[0]) != "Cf":  # zero-width and direction marks
            folded = unicodedata.normalize("NFKC", cluster).casefold().translate(_FOLD)
            out.append(folded)
            origins.extend([(i, j)] * len(folded))
        i = j
    return "".join(out), origins


def normalised(text: str) -> str:
    return normalise(text)[0]


# --- The list of terms ------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str  # as written in the list, lower case, single spaces
    pattern: re.Pattern


def _compile(term: str) -> re.Pattern:
    words = []
    for word in term.split():
        parts = [re.escape(part) for part in word.split("-")]
        # A hyphen in the list also matches a space, a line break or nothing: self-harm, self harm.
        words.append(r"[-\s]*".join(part for part in parts if part))
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def parse_terms(lines: Iterable[str]) -> tuple[Term, ...]:
    terms: dict[str, Term] = {}
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        text = " ".join(normalised(stripped).split())
        if text and re.search(r"\w", text) and text not in terms:
            terms[text] = Term(text, _compile(text))
    return tuple(terms.values())


@functools.lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int) -> tuple[Term, ...]:
    with open(path, encoding="utf-8-sig") as handle:
        terms = parse_terms(handle)
    log.info("safeguarding: %d terms loaded", len(terms))
    return terms


def _terms_file() -> Path:
    configured = current_app.config.get("SAFEGUARDING_TERMS_FILE") or ""
    if configured:
        path = Path(configured)
        if path.is_file():
            return path
        # Screening with no list would hold nothing: far safer to fall back to the default.
        log.error("safeguarding: SAFEGUARDING_TERMS_FILE cannot be read; using the default list")
    return DEFAULT_TERMS_FILE


def load_terms() -> tuple[Term, ...]:
    """The terms in use, read again only when the file changes."""
    path = _terms_file()
    stat = os.stat(path)
    return _load(str(path), stat.st_mtime_ns, stat.st_size)


# --- Matching ---------------------------------------------------------------------------------


def find_concerns(texts: Iterable[str | None]) -> list[str]:
    """The distinct terms of the list in use found in any of ``texts``, in the list's order."""
    return match_terms(load_terms(), texts)


def match_terms(terms: Iterable[Term], texts: Iterable[str | None]) -> list[str]:
    """The distinct ``terms`` found in any of ``texts``. A phrase never spans two texts."""
    prepared = [normalised(text) for text in texts if text]
    return [term.text for term in terms if any(term.pattern.search(text) for text in prepared)]


def highlight(text: str, matched: Iterable[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (segment, is_a_match) pieces for staff pages, which mark the matches.
    Segments are plain text: the template escapes them as usual."""
    if not text:
        return []
    wanted = {" ".join(normalised(m).split()) for m in matched}
    patterns = [_compile(term) for term in wanted if term]
    folded, origins = normalise(text)
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        for found in pattern.finditer(folded):
            if found.end() > found.start():
                spans.append((origins[found.start()][0], origins[found.end() - 1][1]))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in merged:
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def texts_of(response: Response) -> list[str]:
    """Everything a person wrote in a response: every answer and the free-text fields."""
    return [
        *(answer.text for answer in response.answers),
        response.gathering_detail,
        response.relationship_to_person,
        response.organisation_name,
        response.respondent_name,
    ]


# --- Screening a new response -----------------------------------------------------------------


def screen_response(response: Response) -> bool:
    """Hold ``response`` if anything it says matches the list, and queue one e-mail to the
    safeguarding lead. Called inside the caller's transaction; does not flush or commit. Returns
    whether the response is held."""
    if response.safeguarding_state not in (None, "", SafeguardingState.CLEAR):
        return response.is_held  # screened before and held or decided: leave it as it is
    matches = find_concerns(texts_of(response))
    if not matches:
        response.safeguarding_state = SafeguardingState.CLEAR
        response.safeguarding_matches = []
        return False
    response.safeguarding_state = SafeguardingState.HELD
    response.safeguarding_matches = matches
    _notify_lead(response)
    log.info("safeguarding: a response was held (%d terms matched)", len(matches))
    return True


def review_link(reference: str) -> str:
    # Built from BASE_URL, not from a request: screening also runs from the command line, and
    # the response has no id until the caller's transaction is flushed.
    path = current_app.url_map.bind("localhost").build(
        "safeguarding.review_by_reference", {"reference": reference}
    )
    return current_app.config["BASE_URL"].rstrip("/") + path


def _notify_lead(response: Response) -> None:
    config = current_app.config
    recipient = (config.get("SAFEGUARDING_EMAIL") or "").strip()
    if not recipient:
        # Never let a missing setting stop a view from being stored: it is held and queued.
        log.warning("safeguarding: SAFEGUARDING_EMAIL is not set; the lead was not e-mailed")
        return
    engagement = response.engagement or db.session.get(Engagement, response.engagement_id)
    # The lead reads the e-mail in the organisation's language, whatever the respondent's.
    with force_locale(config.get("BABEL_DEFAULT_LOCALE", "en")):
        subject = _(
            "A response needs safeguarding review: %(reference)s", reference=response.reference
        )
        body = _(
            "A response to “%(engagement)s” contains words or phrases that can suggest danger, "
            "harm or abuse.\n\n"
            "It is held: it will not be published while it waits for review.\n\n"
            "Reference: %(reference)s\n\n"
            "Please review it promptly (you will need to sign in):\n"
            "%(link)s\n\n"
            "For the person's privacy, this email does not contain anything they wrote.\n"
            "— %(service)s, %(org)s\n",
            engagement=engagement.title if engagement else "",
            reference=response.reference,
            link=review_link(response.reference),
            service=config["SERVICE_NAME"],
            org=config["ORG_NAME"],
        )
    outbox.enqueue(recipient=recipient, subject=subject, body=body, purpose=PURPOSE)


# --- The queue and decisions ------------------------------------------------------------------

RELEASE = "release"
REFER = "refer"
_DECISIONS = {
    RELEASE: (SafeguardingState.RELEASED, "safeguarding.released"),
    REFER: (SafeguardingState.REFERRED, "safeguarding.referred"),
}
NOTE_MAX_LENGTH = 5000


def queue() -> list[Response]:
    """Held responses, the longest waiting first."""
    return list(
        db.session.scalars(
            select(Response)
            .where(
                Response.safeguarding_state == SafeguardingState.HELD,
                Response.withdrawn_at.is_(None),
            )
            .options(selectinload(Response.engagement))
            .order_by(Response.submitted_at, Response.id)
        )
    )


def held_count() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Response)
        .where(
            Response.safeguarding_state == SafeguardingState.HELD, Response.withdrawn_at.is_(None)
        )
    )


def for_review(response_id: int) -> Response | None:
    """A response that was held for safeguarding (waiting or decided), with everything the
    review page shows; None for an unknown id or a response that was never held."""
    return db.session.scalar(
        select(Response)
        .where(
            Response.id == response_id,
            Response.safeguarding_state != SafeguardingState.CLEAR,
        )
        .options(
            selectinload(Response.engagement),
            selectinload(Response.entered_by),
            selectinload(Response.safeguarding_decided_by),
            selectinload(Response.answers)
            .selectinload(Answer.question)
            .selectinload(Question.choices),
        )
    )


def id_for_reference(text: str) -> int | None:
    reference = normalise_reference(text)
    if reference is None:
        return None
    return db.session.scalar(
        select(Response.id).where(
            Response.reference == reference,
            Response.safeguarding_state != SafeguardingState.CLEAR,
        )
    )


def decide(response: Response, actor: User, decision: str, note: str) -> Response:
    """Record a reviewer's decision on a held response: "release" (no concern: the ordinary
    publication rules apply) or "refer" (referred to the safeguarding team: never public).
    A response is decided once; a second decision is refused."""
    if decision not in _DECISIONS:
        raise SafeguardingError(_("Select whether to release the response or refer it"))
    note = (note or "").strip()
    if not note:
        raise SafeguardingError(_("Enter a note about your decision"))
    if len(note) > NOTE_MAX_LENGTH:
        raise SafeguardingError(
            _("The note must be %(max)d characters or fewer", max=NOTE_MAX_LENGTH)
        )
    state, action = _DECISIONS[decision]
    values = {
        "safeguarding_state": state,
        "safeguarding_decided_at": utcnow(),
        "safeguarding_decided_by_id": actor.id,
        "safeguarding_note": note,
    }
    # One conditional update: of two reviewers deciding at the same moment, exactly one wins.
    result = db.session.execute(
        update(Response)
        .where(
            Response.id == response.id,
            Response.safeguarding_state == SafeguardingState.HELD,
            Response.withdrawn_at.is_(None),  # a withdrawn view has nothing left to decide on
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise SafeguardingError(already_decided_message(response))
    for key, value in values.items():  # the object now says what the database says
        set_committed_value(response, key, value)
    set_committed_value(response, "safeguarding_decided_by", actor)
    audit.record(actor, action, response, reference=response.reference)
    note_public_change(db.session)  # a released view may now be public
    db.session.commit()
    log.info("safeguarding: a held response was %s", state.value)
    return response


def already_decided_message(response: Response) -> str:
    db.session.refresh(response)
    if response.withdrawn_at is not None:
        return _("This view has been withdrawn, so there is nothing left to decide on.")
    if response.safeguarding_state == SafeguardingState.REFERRED:
        return _(
            "This response has already been reviewed and referred to the safeguarding team. "
            "A decision cannot be made twice."
        )
    if response.safeguarding_state == SafeguardingState.RELEASED:
        return _(
            "This response has already been reviewed and released. A decision cannot be made twice."
        )
    return _("This response is not waiting for a safeguarding decision.")


def waiting_time(response: Response, now: dt.datetime | None = None) -> dt.timedelta:
    return (now or utcnow()) - response.submitted_at
