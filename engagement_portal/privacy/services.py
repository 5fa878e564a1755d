"""A person's rights over the views they gave (UK GDPR), and removing personal data on time.

- A copy and withdrawal are reached with the response's reference plus a one-time code sent to
  the e-mail address given with it. Asking for a code says nothing about whether the reference
  exists or has an address (no enumeration). Only a keyed hash of the code is stored; it expires
  after ``CODE_LIFETIME`` and dies after ``MAX_ATTEMPTS`` wrong tries.
- Withdrawal removes the content and identifying data and keeps an anonymous tombstone (the
  response row with ``withdrawn_at``, its engagement, channel and date) so counts stay honest.
- Retention removes name, e-mail, organisation and on-behalf details a number of months after an
  engagement closed; the answers themselves stay (they are the views) unless withdrawn.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import secrets
import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from engagement_portal.accounts.models import User
from engagement_portal.audit import services as audit
from engagement_portal.core.exports import spreadsheet_safe
from engagement_portal.core.page_cache import note_public_change
from engagement_portal.core.references import normalise_reference
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement, QuestionKind
from engagement_portal.extensions import db
from engagement_portal.outbox import services as outbox
from engagement_portal.outbox.models import OutboxMessage
from engagement_portal.privacy.models import PrivacyCode
from engagement_portal.responses.models import Response, ResponseDraft

CODE_LIFETIME = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 5
MAX_CODES_PER_WINDOW = 3  # codes sent for one reference…
CODES_WINDOW = dt.timedelta(hours=1)  # …in this long
CODE_PURPOSE = "privacy-code"


class PrivacyError(Exception):
    """The request cannot be done; the message is safe to show."""


class CodeRefused(PrivacyError):
    """Wrong, expired, used up, or no code at all: one answer for all, so nothing is revealed."""


# One-time codes


def _code_hash(response_id: int, code: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"{response_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _find(reference_text: str) -> Response | None:
    reference = normalise_reference(reference_text or "")
    if reference is None:
        return None
    return db.session.scalar(select(Response).where(Response.reference == reference))


def request_code(reference_text: str) -> None:
    """Send a code to the e-mail address given with this reference, if there is one.

    Returns nothing either way, and does the same work either way (the same queries, the same
    message, one commit; only the two INSERTs differ), so neither the page nor the time it takes
    says whether the reference exists or has an e-mail address."""
    response = _find(reference_text)
    real = response is not None and not response.is_withdrawn and bool(response.email)
    response_id = response.id if real else 0
    now = utcnow()
    recent = db.session.scalar(
        select(func.count())
        .select_from(PrivacyCode)
        .where(PrivacyCode.response_id == response_id, PrivacyCode.created_at > now - CODES_WINDOW)
    )
    # Past the cap nothing changes, not even the code already sent: nobody can flood a person's
    # inbox, reset the wrong-try count, or keep cancelling the person's own code.
    sending = real and recent < MAX_CODES_PER_WINDOW
    # A new code ends any earlier one; the rows stay (expired) so that they count towards the cap.
    db.session.execute(
        update(PrivacyCode)
        .where(PrivacyCode.response_id == (response_id if sending else 0))
        .where(PrivacyCode.expires_at > now)
        .values(expires_at=now)
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    code_hash = _code_hash(response_id, code)
    with force_locale(response.language if real else "en"):
        subject = _("Your code to see or withdraw your views")
        body = _(
            "Your code is %(code)s\n\n"
            "Enter it on the page where you typed your reference %(reference)s. It works for "
            "15 minutes, once.\n\n"
            "If you did not ask for this code, you do not need to do anything: nobody can see "
            "your views without it.",
            code=code,
            reference=response.reference if real else "EP-0000-0000",
        )
    if sending:
        db.session.add(
            PrivacyCode(
                response_id=response_id,
                code_hash=code_hash,
                created_at=now,
                expires_at=now + CODE_LIFETIME,
                attempts=0,
            )
        )
        outbox.enqueue(recipient=response.email, subject=subject, body=body, purpose=CODE_PURPOSE)
    db.session.commit()


def verify_code(reference_text: str, code_text: str) -> Response:
    """The response the code opens. Raises CodeRefused, with one message for every failure."""
    refused = CodeRefused(
        _("The code is not right or has expired. Check it, or ask for a new one.")
    )
    response = _find(reference_text)
    if response is None or response.is_withdrawn:
        raise refused
    now = utcnow()
    code = db.session.scalar(
        select(PrivacyCode)
        .where(
            PrivacyCode.response_id == response.id,
            PrivacyCode.used_at.is_(None),
            PrivacyCode.expires_at > now,
            PrivacyCode.attempts < MAX_ATTEMPTS,
        )
        .order_by(PrivacyCode.id.desc())
        .limit(1)
    )
    if code is None:
        raise refused
    typed = _ascii_digits(code_text)
    if not hmac.compare_digest(code.code_hash, _code_hash(response.id, typed)):
        # Counted in the database, not in Python: parallel wrong guesses all count.
        db.session.execute(
            update(PrivacyCode)
            .where(PrivacyCode.id == code.id)
            .values(attempts=PrivacyCode.attempts + 1)
        )
        db.session.commit()
        raise refused
    # Claimed with one conditional update, so two requests with the right code cannot both win.
    claimed = db.session.execute(
        update(PrivacyCode)
        .where(
            PrivacyCode.id == code.id,
            PrivacyCode.used_at.is_(None),
            PrivacyCode.attempts < MAX_ATTEMPTS,
        )
        .values(used_at=now)
    ).rowcount
    db.session.commit()
    if claimed != 1:
        raise refused
    return response


def _ascii_digits(text: str | None) -> str:
    """What was typed, as ASCII digits: people may type a code in their own script's digits."""
    digits = []
    for character in "".join((text or "").split()):
        value = unicodedata.digit(character, None)
        digits.append(str(value) if value is not None else character)
    return "".join(digits)


def open_response(response_id: int | None) -> Response | None:
    """The response a verified person may reach, unless it has since been withdrawn."""
    response = db.session.get(Response, response_id) if response_id else None
    if response is None or response.is_withdrawn:
        return None
    return response


# A copy of what they gave (subject access)


def _answer_text(answer) -> str:
    question = answer.question
    if question.kind == QuestionKind.FREE_TEXT:
        return answer.text
    labels = {choice.code: choice.label for choice in question.choices}
    return ", ".join(labels.get(code, code) for code in answer.choice_codes)


def copy_of(response: Response) -> dict:
    """Everything held about the person with this response, as plain values."""
    return {
        "reference": response.reference,
        "engagement": response.engagement.title,
        "submitted_at": response.submitted_at.replace(microsecond=0).isoformat() + "Z",
        "channel": response.channel,
        "respondent_type": response.respondent_type,
        "name": response.respondent_name,
        "organisation": response.organisation_name,
        "relationship_to_person": response.relationship_to_person,
        "gathering_method": response.gathering_method,
        "gathering_detail": response.gathering_detail,
        "person_agreed": response.person_agreed,
        "publication_consent": response.publication_consent,
        "hear_back": response.hear_back,
        "email": response.email,
        "language": response.language,
        "support_used": list(response.support_used or []),
        "answers": [
            {"question": answer.question.text, "answer": _answer_text(answer)}
            for answer in response.answers
        ],
    }


def export_json(response: Response) -> str:
    return json.dumps(copy_of(response), ensure_ascii=False, indent=2)


def export_csv(response: Response) -> str:
    """Two columns, field and value; each answer is a row named by its question."""
    data = copy_of(response)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Field"), _("Value")])
    for key, value in data.items():
        if key == "answers":
            continue
        if isinstance(value, list):
            value = "; ".join(value)
        writer.writerow([key, spreadsheet_safe(str(value))])
    for answer in data["answers"]:
        writer.writerow([spreadsheet_safe(answer["question"]), spreadsheet_safe(answer["answer"])])
    return out.getvalue()


# Withdrawal


def _remove_identifying(response: Response) -> None:
    if response.email:
        # Codes sent to this address (their bodies hold the reference) go with the address.
        db.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.recipient == response.email, OutboxMessage.purpose == CODE_PURPOSE
            )
        )
    response.respondent_name = ""
    response.email = ""
    response.organisation_name = ""
    response.relationship_to_person = ""
    response.gathering_detail = ""
    response.hear_back = False


def withdraw(response: Response, *, actor: User | None = None, note: str = "") -> Response:
    """Withdraw the views: by the person (``actor`` None, after a code) or by staff on their
    behalf, who must say how they checked the person's identity. Safe to call twice."""
    note = (note or "").strip()
    if actor is not None and not note:
        raise PrivacyError(_("Enter how you checked the person's identity"))
    if response.is_withdrawn:
        return response
    for answer in response.answers:
        answer.text = ""
        answer.choice_codes = []
        answer.themes = []
    _remove_identifying(response)
    response.gathering_method = ""
    response.person_agreed = False
    response.safeguarding_matches = []
    response.safeguarding_note = ""  # staff notes about the person go with the view
    response.withdrawn_at = utcnow()
    response.withdrawn_by_id = actor.id if actor is not None else None
    response.withdrawal_note = note
    db.session.execute(
        delete(ResponseDraft).where(ResponseDraft.submitted_reference == response.reference)
    )
    db.session.execute(delete(PrivacyCode).where(PrivacyCode.response_id == response.id))
    audit.record(
        actor, "response.withdrawn", response, by="staff" if actor is not None else "respondent"
    )
    note_public_change(db.session)  # the view leaves every public page now, not in 30 s
    db.session.commit()
    return response


def withdraw_for_person(response_id: int, actor: User, note: str) -> Response:
    response = db.session.get(Response, response_id)
    if response is None:
        raise PrivacyError(_("There is no such view."))
    return withdraw(response, actor=actor, note=note)


# Retention


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    years, month_index = divmod(moment.month - 1 + months, 12)
    year = moment.year + years
    month = month_index + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def retention_ends(engagement: Engagement) -> dt.datetime:
    # Until outcomes are published (issue 4), retention counts from the closing date.
    return add_months(engagement.effective_closes_at, engagement.retention_months)


@dataclass
class RetentionReport:
    engagements: int = 0
    responses: int = 0
    dry_run: bool = False

    def __str__(self) -> str:
        verb = "Would remove" if self.dry_run else "Removed"
        return (
            f"{verb} personal data from {self.responses} responses "
            f"in {self.engagements} engagements."
        )


def run_retention(*, dry_run: bool = False, now: dt.datetime | None = None) -> RetentionReport:
    """Remove personal data whose time is up. Idempotent: a response is done once."""
    now = now or utcnow()
    report = RetentionReport(dry_run=dry_run)
    closed = db.session.scalars(select(Engagement).where(Engagement.closes_at <= now))
    # closed_early_at can only bring the date forward, so closes_at <= now is a safe pre-filter
    # for most; engagements closed early are caught below as well.
    early = db.session.scalars(
        select(Engagement).where(
            Engagement.closed_early_at.is_not(None), Engagement.closed_early_at <= now
        )
    )
    due = {e.id: e for e in [*closed, *early] if retention_ends(e) <= now}
    for engagement in sorted(due.values(), key=lambda e: e.id):
        responses = list(
            db.session.scalars(
                select(Response).where(
                    Response.engagement_id == engagement.id,
                    Response.personal_data_removed_at.is_(None),
                    Response.withdrawn_at.is_(None),
                )
            )
        )
        if not responses:
            continue
        report.engagements += 1
        report.responses += len(responses)
        if dry_run:
            continue
        for response in responses:
            _remove_identifying(response)
            response.personal_data_removed_at = now
        audit.record(None, "engagement.personal_data_removed", engagement, responses=len(responses))
        note_public_change(db.session)  # published names go from cached pages at once
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report
