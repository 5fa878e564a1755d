"""Writing outcomes ("you said, we did"), the changes that follow, their progress, and telling the
people who asked to hear back.

The reason is required unless the decision is fully in line with what people said (E-P19): the
form asks for it, and ``_validate`` refuses an outcome without one whatever called it.
Publishing moves the engagement to "responded". Every publication and progress update is audited.
E-mails are queued in the outbox in the same transaction as the change that causes them, once per
person and event (``HearBackNotice``), in the language the person responded in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from engagement_portal.accounts.models import User
from engagement_portal.analysis import readability
from engagement_portal.audit import services as audit
from engagement_portal.core.timeutil import local_date, utcnow
from engagement_portal.engagements.models import Engagement, Status
from engagement_portal.extensions import db
from engagement_portal.i18n import content
from engagement_portal.outbox import services as outbox
from engagement_portal.outcomes.models import (
    Alignment,
    ChangeStatus,
    HearBackNotice,
    Outcome,
    OutcomeChange,
    ProgressUpdate,
)
from engagement_portal.responses.models import Response
from engagement_portal.themes.models import Theme

TEXT_MAX = 10_000
HEAR_BACK_PURPOSE = "hear-back"


class OutcomeError(Exception):
    """A rule about outcomes was broken; the message is safe to show."""


class ReasonRequired(OutcomeError):
    pass


@dataclass
class OutcomeDetails:
    what_people_said: str
    what_we_did: str
    alignment: str
    reason: str = ""
    theme_id: int | None = None
    easy_read_said: str = ""
    easy_read_did: str = ""
    easy_read_reason: str = ""


@dataclass
class ChangeDetails:
    description: str
    easy_read_description: str = ""
    status: str = ChangeStatus.PLANNED
    expected_on: dt.date | None = None


# Reading (staff)


def outcomes_of(engagement: Engagement) -> list[Outcome]:
    return list(
        db.session.scalars(
            select(Outcome)
            .where(Outcome.engagement_id == engagement.id)
            .options(
                selectinload(Outcome.changes).selectinload(OutcomeChange.updates),
                selectinload(Outcome.changes).selectinload(OutcomeChange.translations),
                selectinload(Outcome.translations),
            )
            .order_by(Outcome.theme_id.is_not(None), Outcome.id)
        )
    )


def readability_of(outcome: Outcome) -> list[readability.FieldFeedback]:
    """Feedback on the outcome's plain and easy-read words, in the engagement's language."""
    fields = [
        (_("What people said"), outcome.what_people_said, False),
        (_("What we decided or did"), outcome.what_we_did, False),
        (_("Reason for the decision"), outcome.reason, False),
        (_("Easy read: what people said"), outcome.easy_read_said, True),
        (_("Easy read: what we decided or did"), outcome.easy_read_did, True),
        (_("Easy read: the reason"), outcome.easy_read_reason, True),
    ]
    for number, change in enumerate(outcome.changes, start=1):
        fields.append((_("Change %(number)d", number=number), change.description, False))
    return readability.report(fields, outcome.engagement.language or "en")


def get_outcome(engagement: Engagement, outcome_id: int) -> Outcome | None:
    outcome = db.session.get(Outcome, outcome_id)
    return outcome if outcome is not None and outcome.engagement_id == engagement.id else None


def get_outcome_with_content(engagement: Engagement, outcome_id: int) -> Outcome | None:
    """An outcome with its changes and all their translations, one query per table."""
    outcome = db.session.scalar(
        select(Outcome)
        .where(Outcome.id == outcome_id, Outcome.engagement_id == engagement.id)
        .options(
            selectinload(Outcome.translations),
            selectinload(Outcome.changes).selectinload(OutcomeChange.translations),
        )
        .execution_options(populate_existing=True)
    )
    return outcome


def get_change(outcome: Outcome, change_id: int) -> OutcomeChange | None:
    change = db.session.get(OutcomeChange, change_id)
    return change if change is not None and change.outcome_id == outcome.id else None


def publishing_problems(engagement: Engagement) -> list[str]:
    problems = []
    if engagement.status not in (Status.CLOSED, Status.RESPONDED):
        problems.append(_("Outcomes can be published once the engagement has closed."))
    unpublished = [o for o in outcomes_of(engagement) if o.published_at is None]
    if not unpublished:
        problems.append(_("Write at least one outcome that is not yet published."))
    for outcome in unpublished:
        if outcome.needs_reason and not outcome.reason.strip():
            problems.append(_("Every outcome not fully in line with the views needs a reason."))
            break
    return problems


# Writing


def _validate(engagement: Engagement, details: OutcomeDetails) -> OutcomeDetails:
    try:
        alignment = Alignment(details.alignment)
    except ValueError:
        raise OutcomeError(_("Select how the decision sits with what people said")) from None
    said = (details.what_people_said or "").strip()
    did = (details.what_we_did or "").strip()
    reason = (details.reason or "").strip()
    if not said:
        raise OutcomeError(_("Enter what people said"))
    if not did:
        raise OutcomeError(_("Enter what was decided or done"))
    if alignment is not Alignment.IN_LINE and not reason:
        raise ReasonRequired(
            _("Give the reason for a decision that is not fully in line with what people said")
        )
    texts = (said, did, reason, details.easy_read_said, details.easy_read_did)
    if any(len(text or "") > TEXT_MAX for text in (*texts, details.easy_read_reason)):
        raise OutcomeError(_("Each text must be 10,000 characters or fewer"))
    if details.theme_id is not None:
        theme = db.session.get(Theme, details.theme_id)
        if theme is None or theme.engagement_id != engagement.id:
            raise OutcomeError(_("Choose a theme of this engagement"))
    return OutcomeDetails(
        what_people_said=said,
        what_we_did=did,
        alignment=alignment.value,
        reason=reason,
        theme_id=details.theme_id,
        easy_read_said=(details.easy_read_said or "").strip(),
        easy_read_did=(details.easy_read_did or "").strip(),
        easy_read_reason=(details.easy_read_reason or "").strip(),
    )


def _apply(outcome: Outcome, details: OutcomeDetails) -> None:
    for name in (
        "what_people_said",
        "what_we_did",
        "alignment",
        "reason",
        "theme_id",
        "easy_read_said",
        "easy_read_did",
        "easy_read_reason",
    ):
        setattr(outcome, name, getattr(details, name))


def create_outcome(engagement: Engagement, details: OutcomeDetails, actor: User) -> Outcome:
    details = _validate(engagement, details)
    outcome = Outcome(engagement_id=engagement.id, created_by_id=actor.id)
    _apply(outcome, details)
    db.session.add(outcome)
    db.session.flush()
    audit.record(actor, "outcome.created", outcome, alignment=outcome.alignment)
    db.session.commit()
    return outcome


def update_outcome(outcome: Outcome, details: OutcomeDetails, actor: User) -> Outcome:
    details = _validate(outcome.engagement, details)
    _apply(outcome, details)
    action = "outcome.updated_after_publishing" if outcome.published_at else "outcome.updated"
    audit.record(actor, action, outcome, alignment=outcome.alignment)
    db.session.commit()
    return outcome


def add_change(outcome: Outcome, details: ChangeDetails, actor: User) -> OutcomeChange:
    description = (details.description or "").strip()
    if not description:
        raise OutcomeError(_("Describe the change"))
    if len(description) > TEXT_MAX or len(details.easy_read_description or "") > TEXT_MAX:
        raise OutcomeError(_("Each text must be 10,000 characters or fewer"))
    try:
        status = ChangeStatus(details.status)
    except ValueError:
        raise OutcomeError(_("Select the status of the change")) from None
    change = OutcomeChange(
        outcome=outcome,
        position=len(outcome.changes) + 1,
        description=description,
        easy_read_description=(details.easy_read_description or "").strip(),
        status=status.value,
        expected_on=details.expected_on,
        done_on=_today() if status is ChangeStatus.DONE else None,
    )
    db.session.add(change)
    db.session.flush()
    audit.record(actor, "outcome.change_added", change, outcome=outcome.id, status=status.value)
    db.session.commit()
    return change


def _today() -> dt.date:
    return local_date(utcnow(), current_app.config["BABEL_DEFAULT_TIMEZONE"])


def record_progress(change: OutcomeChange, text: str, status: str, actor: User) -> ProgressUpdate:
    """A dated progress note on a change, which may move its status. Marking a change done tells
    the people who asked to hear back, once (E-P20)."""
    text = (text or "").strip()
    if not text:
        raise OutcomeError(_("Enter what has happened"))
    if len(text) > TEXT_MAX:
        raise OutcomeError(_("Each text must be 10,000 characters or fewer"))
    try:
        new_status = ChangeStatus(status)
    except ValueError:
        raise OutcomeError(_("Select the status of the change")) from None
    became_done = new_status is ChangeStatus.DONE and change.status != ChangeStatus.DONE
    change.status = new_status.value
    if became_done:
        change.done_on = _today()
    elif new_status is not ChangeStatus.DONE:
        change.done_on = None
    update = ProgressUpdate(
        change=change, text=text, status=new_status.value, created_by_id=actor.id
    )
    db.session.add(update)
    db.session.flush()
    audit.record(actor, "outcome.progress", update, change=change.id, status=new_status.value)
    outcome = change.outcome
    if became_done and outcome.published_at is not None:
        _tell_people_who_asked(outcome.engagement, f"done:{change.id}", _change_done_message)
    db.session.commit()
    return update


def publish_outcomes(engagement: Engagement, actor: User) -> list[Outcome]:
    """Publish every outcome not yet published; the engagement becomes "responded"."""
    problems = publishing_problems(engagement)
    if problems:
        raise OutcomeError(problems[0])
    now = utcnow()
    batch = [o for o in outcomes_of(engagement) if o.published_at is None]
    for outcome in batch:
        outcome.published_at = now
    first_response = engagement.responded_at is None
    if first_response:
        engagement.responded_at = now
    audit.record(
        actor,
        "outcomes.published",
        engagement,
        outcomes=[o.id for o in batch],
        responded=first_response,
    )
    _tell_people_who_asked(engagement, f"outcomes:{batch[0].id}", _outcomes_message)
    db.session.commit()
    return batch


# Hearing back


def _link(engagement: Engagement) -> str:
    return f"{current_app.config['BASE_URL']}/engagements/{engagement.slug}/you-said-we-did"


def _outcomes_message(engagement: Engagement) -> tuple[str, str]:
    subject = _("We have said what we did: %(title)s", title=engagement.title)
    body = "\n\n".join(
        [
            _("Hello,"),
            _(
                "You gave your views on “%(title)s” and asked to hear back. We have published "
                "what people told us, what we decided and, where our decision is not what "
                "people asked for, why.",
                title=engagement.title,
            ),
            _("We published it on %(date)s.", date=format_date(_today(), "d MMMM y")),
            _("Read it here: %(link)s", link=_link(engagement)),
            _("Thank you for taking part."),
            current_app.config["ORG_NAME"],
        ]
    )
    return subject, body


def _change_done_message(engagement: Engagement) -> tuple[str, str]:
    subject = _("A change is done: %(title)s", title=engagement.title)
    body = "\n\n".join(
        [
            _("Hello,"),
            _(
                "You gave your views on “%(title)s” and asked to hear back. One of the changes "
                "we promised is now done.",
                title=engagement.title,
            ),
            _("See what we did and what is still to come: %(link)s", link=_link(engagement)),
            current_app.config["ORG_NAME"],
        ]
    )
    return subject, body


def _known_locale(language: str | None) -> str:
    try:
        return str(Locale.parse(language or "en", sep="-"))
    except (ValueError, UnknownLocaleError):
        return "en"


def _tell_people_who_asked(engagement: Engagement, event: str, message) -> int:
    """Queue one e-mail per person who asked to hear back and has not had this news."""
    already = select(HearBackNotice.response_id).where(HearBackNotice.event == event)
    people = db.session.execute(
        select(Response.id, Response.email, Response.language).where(
            Response.engagement_id == engagement.id,
            Response.hear_back.is_(True),
            Response.email != "",
            Response.withdrawn_at.is_(None),
            Response.id.not_in(already),
        )
    ).all()
    for response_id, email, language in people:
        with force_locale(_known_locale(language)):
            subject, body = message(engagement)
        outbox.enqueue(recipient=email, subject=subject, body=body, purpose=HEAR_BACK_PURPOSE)
        db.session.add(HearBackNotice(response_id=response_id, event=event))
    return len(people)


# Translations: allowed at any time, published or not; each save is audited.


def translation_languages(engagement: Engagement) -> dict[str, str]:
    return {
        code: name
        for code, name in current_app.config["LANGUAGES"].items()
        if code != engagement.language
    }


def translation_status(outcome: Outcome) -> dict[str, tuple[int, int]]:
    """Language -> (fields translated, fields to translate) of the outcome and its changes."""
    parts = [outcome, *outcome.changes]
    return {
        code: content.translation_progress(parts, code)
        for code in translation_languages(outcome.engagement)
    }


def save_translation(
    outcome: Outcome,
    language: str,
    values: dict[tuple[str, int], dict[str, str]],
    actor: User,
) -> int:
    """Store the translation into ``language`` of the outcome and its changes: ``values`` by
    ("outcome" | "change", id). Returns the fields translated."""
    if language not in translation_languages(outcome.engagement):
        raise OutcomeError(_("Choose one of the languages this service offers."))
    owners: dict[tuple[str, int], object] = {("outcome", outcome.id): outcome}
    owners.update({("change", change.id): change for change in outcome.changes})
    translated = 0
    for key, fields in values.items():
        owner = owners.get(key)
        if owner is None:
            raise OutcomeError(_("This outcome has changed. Open the translation again."))
        if any(len(value or "") > TEXT_MAX for value in fields.values()):
            raise OutcomeError(_("Each text must be 10,000 characters or fewer"))
        translated += content.store_translation(owner, language, fields)
    audit.record(
        actor,
        "outcome.translated",
        outcome,
        engagement=outcome.engagement_id,
        language=language,
        fields=translated,
    )
    db.session.commit()
    return translated
