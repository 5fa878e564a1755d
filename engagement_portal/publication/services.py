"""Setting and lifting restrictions: the write side of the publication policy.

Only commissioners restrict (the route says so; ``restrict`` checks the target belongs to a
real engagement). Every restriction and every lift is in the audit log. Restrictions and the
respondent's own consent are separate: nothing here can make public what a person asked us not
to publish, because the policy checks consent on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from engagement_portal.accounts.models import User
from engagement_portal.audit import services as audit
from engagement_portal.core.page_cache import note_public_change
from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db
from engagement_portal.outcomes.models import Outcome
from engagement_portal.publication.models import Restriction, RestrictionKind, TargetType
from engagement_portal.responses.models import Answer, Response
from engagement_portal.themes.models import Theme

PUBLIC_REASON_MAX = 300
NOTE_MAX = 2000

KIND_LABELS = {
    RestrictionKind.CONFIDENTIAL: _l("Confidential"),
    RestrictionKind.DATA_PROTECTION: _l("Data protection"),
    RestrictionKind.COMMERCIALLY_SENSITIVE: _l("Commercially sensitive"),
    RestrictionKind.EMBARGOED: _l("Embargoed until a date and time"),
    RestrictionKind.SAFEGUARDING: _l("Safeguarding hold"),
}

# What the public is told, unless the commissioner writes something more specific. A
# safeguarding hold is only ever "being reviewed": anything more could point at a person.
DEFAULT_PUBLIC_REASONS = {
    RestrictionKind.CONFIDENTIAL: _l("It contains confidential information."),
    RestrictionKind.DATA_PROTECTION: _l("It could identify a person."),
    RestrictionKind.COMMERCIALLY_SENSITIVE: _l(
        "It contains information that is commercially sensitive."
    ),
    RestrictionKind.EMBARGOED: _l("It will be published on the date shown."),
    RestrictionKind.SAFEGUARDING: _l("It is being reviewed."),
}


class RestrictionError(Exception):
    """The restriction cannot be set or lifted; the message is safe to show."""


@dataclass(frozen=True)
class Target:
    """What a restriction is put on, resolved to its engagement."""

    type: TargetType
    id: int
    engagement_id: int
    item: object


def find_target(target_type: str, target_id: int) -> Target | None:
    try:
        kind = TargetType(target_type)
    except ValueError:
        return None
    model = {
        TargetType.RESPONSE: Response,
        TargetType.ANSWER: Answer,
        TargetType.THEME: Theme,
        TargetType.OUTCOME: Outcome,
    }[kind]
    item = db.session.get(model, target_id)
    if item is None:
        return None
    engagement_id = item.response.engagement_id if kind is TargetType.ANSWER else item.engagement_id
    return Target(kind, target_id, engagement_id, item)


@dataclass
class RestrictionDetails:
    kind: str
    public_reason: str = ""
    internal_note: str = ""
    embargo_until: dt.datetime | None = None  # naive UTC


def restrict(target: Target, details: RestrictionDetails, actor: User) -> Restriction:
    try:
        kind = RestrictionKind(details.kind)
    except ValueError:
        raise RestrictionError(_("Select the kind of restriction")) from None
    public_reason = " ".join((details.public_reason or "").split())
    if kind is RestrictionKind.SAFEGUARDING or not public_reason:
        public_reason = str(DEFAULT_PUBLIC_REASONS[kind])
    if len(public_reason) > PUBLIC_REASON_MAX:
        raise RestrictionError(_("The public reason must be 300 characters or fewer"))
    if len(details.internal_note or "") > NOTE_MAX:
        raise RestrictionError(_("The internal note must be 2,000 characters or fewer"))
    embargo_until = None
    if kind is RestrictionKind.EMBARGOED:
        if details.embargo_until is None:
            raise RestrictionError(_("Enter the date and time the embargo ends"))
        if details.embargo_until <= utcnow():
            raise RestrictionError(_("The embargo must end in the future"))
        embargo_until = details.embargo_until
    restriction = Restriction(
        engagement_id=target.engagement_id,
        target_type=target.type.value,
        target_id=target.id,
        kind=kind.value,
        public_reason=public_reason,
        internal_note=(details.internal_note or "").strip(),
        embargo_until=embargo_until,
        set_at=utcnow(),
        set_by_id=actor.id,
    )
    db.session.add(restriction)
    db.session.flush()
    audit.record(
        actor,
        "restriction.set",
        restriction,
        target=f"{target.type.value}:{target.id}",
        kind=kind.value,
        embargo_until=embargo_until.isoformat() if embargo_until else None,
    )
    db.session.commit()
    return restriction


def lift(restriction: Restriction, actor: User, note: str) -> Restriction:
    note = (note or "").strip()
    if not note:
        raise RestrictionError(_("Enter why the restriction is being lifted"))
    if len(note) > NOTE_MAX:
        raise RestrictionError(_("The note must be 2,000 characters or fewer"))
    # One conditional update: of two people lifting at once, one does it, the other is told.
    result = db.session.execute(
        update(Restriction)
        .where(Restriction.id == restriction.id, Restriction.lifted_at.is_(None))
        .values(lifted_at=utcnow(), lifted_by_id=actor.id, lift_note=note)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise RestrictionError(_("This restriction has already been lifted."))
    # A Core UPDATE leaves no ORM object dirty, so the page cache would not see the change:
    # say so, or public pages keep withholding the item until their cache expires.
    note_public_change(db.session)
    audit.record(
        actor,
        "restriction.lifted",
        restriction,
        target=f"{restriction.target_type}:{restriction.target_id}",
        kind=restriction.kind,
    )
    db.session.commit()
    db.session.refresh(restriction)
    return restriction


def get_restriction(restriction_id: int) -> Restriction | None:
    return db.session.get(Restriction, restriction_id)


def restrictions_on(target_type: TargetType, ids) -> dict[int, list[Restriction]]:
    """Every restriction, lifted or not, on these items, newest first: for staff pages."""
    ids = list(ids)
    found: dict[int, list[Restriction]] = defaultdict(list)
    if not ids:
        return found
    for restriction in db.session.scalars(
        select(Restriction)
        .where(Restriction.target_type == target_type, Restriction.target_id.in_(ids))
        .order_by(Restriction.set_at.desc(), Restriction.id.desc())
    ):
        found[restriction.target_id].append(restriction)
    return found


def restrictions_for_engagement(engagement_id: int) -> list[Restriction]:
    return list(
        db.session.scalars(
            select(Restriction)
            .where(Restriction.engagement_id == engagement_id)
            .order_by(Restriction.set_at.desc(), Restriction.id.desc())
        )
    )


def public_reasons(engagement_id: int, now: dt.datetime | None = None) -> dict[str, list[str]]:
    """The distinct public reasons of the active restrictions, by kind, for the notice."""
    from engagement_portal.publication.policy import active_clause

    now = now or utcnow()
    reasons: dict[str, list[str]] = defaultdict(list)
    for kind, reason in db.session.execute(
        select(Restriction.kind, Restriction.public_reason)
        .where(Restriction.engagement_id == engagement_id, active_clause(now))
        .distinct()
        .order_by(Restriction.kind, Restriction.public_reason)
    ):
        if kind == RestrictionKind.SAFEGUARDING:
            continue  # always and only "being reviewed", said by the notice itself
        reasons[kind].append(reason)
    return reasons


def items_restricted(restrictions) -> dict[tuple[str, int], object]:
    """The item each restriction is on, keyed by (target type, target id), loaded with one query
    per kind of target: for staff pages that list restrictions. An item since removed (a merged
    theme) is simply missing."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for restriction in restrictions:
        wanted[restriction.target_type].add(restriction.target_id)
    models = {
        TargetType.RESPONSE: (Response, ()),
        TargetType.ANSWER: (Answer, (selectinload(Answer.question), selectinload(Answer.response))),
        TargetType.THEME: (Theme, ()),
        TargetType.OUTCOME: (Outcome, (selectinload(Outcome.theme),)),
    }
    found: dict[tuple[str, int], object] = {}
    for target_type, ids in wanted.items():
        if target_type not in models:
            continue
        model, options = models[TargetType(target_type)]
        for item in db.session.scalars(select(model).where(model.id.in_(ids)).options(*options)):
            found[(target_type, item.id)] = item
    return found


def answer_restrictions_by_response(response_ids) -> dict[int, list[Restriction]]:
    """Restrictions on single answers, grouped by the view the answer is in, newest first: for
    lists of views, in one query."""
    ids = list(response_ids)
    found: dict[int, list[Restriction]] = defaultdict(list)
    if not ids:
        return found
    for response_id, restriction in db.session.execute(
        select(Answer.response_id, Restriction)
        .select_from(Restriction)
        .join(Answer, Answer.id == Restriction.target_id)
        .where(Restriction.target_type == TargetType.ANSWER, Answer.response_id.in_(ids))
        .order_by(Restriction.set_at.desc(), Restriction.id.desc())
    ):
        found[response_id].append(restriction)
    return found
