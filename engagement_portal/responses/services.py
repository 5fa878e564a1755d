"""Giving views: the draft collected page by page, and turning it into a stored response.

A view accepted is a view stored: ``submit`` writes the response, its answers, the
safeguarding screening and any e-mail in one transaction, and only then is a reference shown.
The draft's token is the response's idempotency token, so submitting twice returns the first
response instead of storing a second.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from engagement_portal.accounts.models import User
from engagement_portal.core.references import new_reference, normalise_reference
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement, Question, QuestionKind, Status
from engagement_portal.extensions import db
from engagement_portal.responses.models import (
    Answer,
    Channel,
    PublicationConsent,
    RespondentType,
    Response,
    ResponseDraft,
)
from engagement_portal.safeguarding import services as safeguarding

MAX_ANSWER_LENGTH = 10_000


class ResponseError(Exception):
    """Something about the views cannot be accepted; the message is safe to show."""


class EngagementNotOpen(ResponseError):
    pass


class SendAgain(ResponseError):
    """Sent sooner after starting than a person could: they are asked, once, to send again."""


@dataclass
class Incomplete(ResponseError):
    """The draft lacks something; ``step`` names the page that asks for it."""

    step: str
    question_position: int | None = None

    def __str__(self) -> str:
        return f"incomplete at {self.step}"


@dataclass
class Submission:
    """Everything a person tells us, whichever way it arrived (online, or keyed in by staff)."""

    respondent_type: str
    answers: dict[int, str | list[str]]
    publication_consent: str
    respondent_name: str = ""
    organisation_name: str = ""
    relationship_to_person: str = ""
    gathering_method: str = ""
    gathering_detail: str = ""
    person_agreed: bool = False
    hear_back: bool = False
    email: str = ""
    language: str = "en"
    channel: str = Channel.ONLINE
    support_used: list[str] = field(default_factory=list)
    # Question id -> the interface language a free-text answer was written in.
    answer_languages: dict[int, str] = field(default_factory=dict)


# Drafts


def accepts_views(engagement: Engagement, *, assisted: bool = False) -> bool:
    """Online views only while open; staff may key in views received on paper, by phone or at an
    event after closing too, until the engagement is responded to."""
    status = engagement.status
    if assisted:
        return status in (Status.OPEN, Status.CLOSED, Status.UPCOMING)
    return status is Status.OPEN


def start_draft(
    engagement: Engagement,
    *,
    entered_by: User | None = None,
    assisted: bool = False,
    language: str = "en",
) -> ResponseDraft:
    """A new, empty draft. ``assisted`` is staff keying in views received another way."""
    if assisted and (entered_by is None or entered_by.role != "commissioner"):
        raise ResponseError(_("Only commissioners can enter views received another way."))
    if not accepts_views(engagement, assisted=assisted):
        raise EngagementNotOpen(_("This engagement is not open for views."))
    draft = ResponseDraft(
        token=secrets.token_urlsafe(32),
        engagement=engagement,
        entered_by_id=entered_by.id if entered_by else None,
        data={"language": language, "assisted": assisted, "answers": {}},
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def get_draft(token: str | None, engagement: Engagement) -> ResponseDraft | None:
    if not token:
        return None
    draft = db.session.get(ResponseDraft, token)
    if draft is None or draft.engagement_id != engagement.id:
        return None
    return draft


def update_draft(draft: ResponseDraft, **values) -> ResponseDraft:
    """Save what one page collected. Answers, and the language each was written in, merge by
    question id; other keys replace."""
    if draft.submitted_reference:
        raise ResponseError(_("These views have already been sent."))
    data = dict(draft.data)
    for key in ("answers", "answer_languages"):
        merged = dict(data.get(key, {}))
        merged.update({str(qid): value for qid, value in values.pop(key, {}).items()})
        data[key] = merged
    data.update(values)
    draft.data = data  # a new dict, so SQLAlchemy sees the change to the JSON column
    draft.updated_at = utcnow()
    db.session.commit()
    return draft


# Automated submissions. No CAPTCHA: it shuts out many of the people this service is for. Two
# quiet checks instead, neither of which a person using a screen reader, a keyboard or voice
# control can trip: a field nobody sees, and a minimum time. What was typed is never logged.


def honeypot_filled(value: str | None) -> bool:
    """The first page has a text box hidden from sight, from the keyboard and from screen
    readers (templates/responses/who.html). People leave it empty; software that fills in every
    box it finds does not. A page with it filled is not saved."""
    return bool(value and value.strip())


def check_human_pace(draft: ResponseDraft) -> None:
    """Raise SendAgain when views are sent less than MIN_SECONDS_TO_RESPOND after the draft was
    started, which no person reading the pages manages. It is asked once: the draft records that
    the question was put, so someone who is simply quick always gets through on the second try."""
    min_seconds = float(current_app.config.get("MIN_SECONDS_TO_RESPOND", 0))
    if min_seconds <= 0 or draft.data.get("asked_to_send_again"):
        return
    if utcnow() - draft.created_at >= dt.timedelta(seconds=min_seconds):
        return
    update_draft(draft, asked_to_send_again=True)
    raise SendAgain(_("Please check your answers and send them again."))


def questions_of(engagement: Engagement) -> list[Question]:
    return sorted(engagement.questions, key=lambda q: q.position)


def next_missing_step(draft: ResponseDraft) -> Incomplete | None:
    """The first page that still needs an answer, in the order the pages come."""
    data = draft.data
    if data.get("assisted") and not data.get("channel"):
        return Incomplete("received")
    if not data.get("respondent_type"):
        return Incomplete("who")
    if data["respondent_type"] == RespondentType.ON_BEHALF and not data.get("person_agreed"):
        return Incomplete("on_behalf")
    answers = data.get("answers", {})
    for question in questions_of(draft.engagement):
        if str(question.id) not in answers:
            return Incomplete("question", question.position)
        if question.required and not answers[str(question.id)]:
            return Incomplete("question", question.position)
    if not data.get("publication_consent"):
        return Incomplete("publishing")
    if "hear_back" not in data:
        return Incomplete("hear_back")
    return None


def submission_from_draft(draft: ResponseDraft) -> Submission:
    missing = next_missing_step(draft)
    if missing is not None:
        raise missing
    data = draft.data
    consent = data["publication_consent"]
    on_behalf = data["respondent_type"] == RespondentType.ON_BEHALF
    return Submission(
        respondent_type=data["respondent_type"],
        answers={int(key): value for key, value in data.get("answers", {}).items()},
        publication_consent=consent,
        respondent_name=data.get("respondent_name", "")
        if consent == PublicationConsent.WITH_NAME
        else "",
        organisation_name=data.get("organisation_name", "")
        if data["respondent_type"] == RespondentType.STAKEHOLDER
        else "",
        # Details typed on the on-behalf page are dropped if the person then changed "who".
        relationship_to_person=data.get("relationship_to_person", "") if on_behalf else "",
        gathering_method=data.get("gathering_method", "") if on_behalf else "",
        gathering_detail=data.get("gathering_detail", "") if on_behalf else "",
        person_agreed=bool(data.get("person_agreed")) and on_behalf,
        hear_back=bool(data.get("hear_back")),
        email=data.get("email", "") if data.get("hear_back") else "",
        language=data.get("language", "en"),
        channel=data.get("channel", Channel.ONLINE),
        support_used=list(data.get("support_used", [])),
        answer_languages={
            int(key): str(value) for key, value in data.get("answer_languages", {}).items()
        },
    )


def submit_draft(draft: ResponseDraft) -> Response:
    """Store the draft's views once. A second call for the same draft returns the first response."""
    if draft.submitted_reference:
        existing = find_by_reference(draft.submitted_reference)
        if existing is not None:
            return existing
    check_human_pace(draft)
    submission = submission_from_draft(draft)
    entered_by = db.session.get(User, draft.entered_by_id) if draft.entered_by_id else None
    return record_response(
        draft.engagement,
        submission,
        idempotency_token=draft.token,
        entered_by=entered_by,
        assisted=bool(draft.data.get("assisted")),
        draft=draft,
    )


# Responses


def _validate(engagement: Engagement, submission: Submission) -> list[Answer]:
    if submission.respondent_type not in set(RespondentType):
        raise ResponseError(_("Say who you are giving views for."))
    if submission.publication_consent not in set(PublicationConsent):
        raise ResponseError(_("Say whether we may publish these views."))
    if submission.respondent_type == RespondentType.ON_BEHALF and not submission.person_agreed:
        raise ResponseError(_("The person must agree that their views are shared."))
    if submission.channel not in set(Channel):
        raise ResponseError(_("Say how the views were received."))
    answers = []
    for question in questions_of(engagement):
        value = submission.answers.get(question.id)
        if question.required and not value:
            raise ResponseError(_("Answer every question marked as required."))
        if value is None:
            continue
        if question.kind == QuestionKind.FREE_TEXT:
            text = str(value)
            if len(text) > MAX_ANSWER_LENGTH:
                raise ResponseError(_("Each answer must be 10,000 characters or fewer."))
            language = submission.answer_languages.get(question.id, "") if text else ""
            answers.append(Answer(question=question, text=text, language=language[:10]))
        else:
            codes = [value] if isinstance(value, str) else list(value)
            codes = [code for code in codes if code]
            allowed = allowed_codes(question)
            if any(code not in allowed for code in codes):
                raise ResponseError(_("Choose from the options given."))
            if question.kind != QuestionKind.MULTIPLE_CHOICE and len(codes) > 1:
                raise ResponseError(_("Choose one option."))
            answers.append(Answer(question=question, choice_codes=codes))
    return answers


def allowed_codes(question: Question) -> set[str]:
    if question.kind == QuestionKind.AGREEMENT:
        from engagement_portal.engagements.models import Agreement

        return {item.value for item in Agreement}
    return {choice.code for choice in question.choices}


def record_response(
    engagement: Engagement,
    submission: Submission,
    *,
    idempotency_token: str,
    entered_by: User | None = None,
    assisted: bool = False,
    draft: ResponseDraft | None = None,
) -> Response:
    """Store one response in one transaction; safe to call again with the same token."""
    existing = db.session.scalar(
        select(Response).where(Response.idempotency_token == idempotency_token)
    )
    if existing is not None:
        return existing
    if not accepts_views(engagement, assisted=assisted):
        raise EngagementNotOpen(_("This engagement is not open for views."))
    answers = _validate(engagement, submission)
    for _attempt in range(5):
        response = Response(
            engagement=engagement,
            reference=new_reference(),
            idempotency_token=idempotency_token,
            respondent_type=submission.respondent_type,
            respondent_name=submission.respondent_name.strip(),
            organisation_name=submission.organisation_name.strip(),
            relationship_to_person=submission.relationship_to_person.strip(),
            gathering_method=submission.gathering_method,
            gathering_detail=submission.gathering_detail.strip(),
            person_agreed=submission.person_agreed,
            publication_consent=submission.publication_consent,
            hear_back=submission.hear_back,
            email=submission.email.strip().lower() if submission.hear_back else "",
            language=submission.language,
            channel=submission.channel,
            support_used=list(submission.support_used),
            entered_by_id=entered_by.id if entered_by else None,
            answers=[
                Answer(
                    question=a.question,
                    text=a.text,
                    choice_codes=a.choice_codes,
                    language=a.language or "",
                )
                for a in answers
            ],
        )
        db.session.add(response)
        safeguarding.screen_response(response)
        if draft is not None:
            draft.submitted_reference = response.reference
            draft.data = {"submitted": True}  # the answers now live only in the response
        try:
            db.session.commit()
            return response
        except IntegrityError:
            db.session.rollback()
            existing = db.session.scalar(
                select(Response).where(Response.idempotency_token == idempotency_token)
            )
            if existing is not None:
                return existing  # a concurrent double submit won the race: same response
            # otherwise the reference collided with another response: try a new one
    raise ResponseError(_("Sorry, we could not save your views. Please try again."))


def find_by_reference(text: str) -> Response | None:
    reference = normalise_reference(text)
    if reference is None:
        return None
    return db.session.scalar(select(Response).where(Response.reference == reference))


def get_response(response_id: int) -> Response | None:
    return db.session.get(Response, response_id)


def responses_for(engagement: Engagement) -> list[Response]:
    return list(
        db.session.scalars(
            select(Response)
            .where(Response.engagement_id == engagement.id)
            .order_by(Response.submitted_at.desc(), Response.id.desc())
        )
    )


def responses_entered_by(user: User) -> list[Response]:
    return list(
        db.session.scalars(
            select(Response)
            .where(Response.entered_by_id == user.id)
            .order_by(Response.submitted_at.desc(), Response.id.desc())
        )
    )


def may_read(user: User, response: Response) -> bool:
    """Commissioners and administrators read every view; an advocate only those they gave."""
    if user.role in ("commissioner", "administrator"):
        return True
    return user.role == "advocate" and response.entered_by_id == user.id


def count_by_engagement() -> dict[int, int]:
    rows = db.session.execute(
        select(Response.engagement_id, func.count()).group_by(Response.engagement_id)
    )
    return dict(rows.all())


def purge_stale_drafts(older_than: dt.timedelta) -> int:
    """Drafts nobody finished (and finished drafts' tokens) are removed after a while."""
    cutoff = utcnow() - older_than
    result = db.session.execute(delete(ResponseDraft).where(ResponseDraft.updated_at < cutoff))
    db.session.commit()
    return result.rowcount or 0
