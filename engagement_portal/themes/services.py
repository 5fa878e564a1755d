"""Themes: create, rename, merge, tag and untag answers, and the counts staff see.

Tagging is by hand and independent of any suggestion engine: a suggestion, when text analysis
comes, ends as the same call to ``set_answer_themes``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select

from engagement_portal.accounts.models import User
from engagement_portal.audit import services as audit
from engagement_portal.core.page_cache import note_public_change
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement
from engagement_portal.extensions import db
from engagement_portal.outcomes.models import Outcome
from engagement_portal.publication.models import Restriction, TargetType
from engagement_portal.responses.models import Answer, Response
from engagement_portal.themes.models import Theme, answer_theme

NAME_MAX = 120
SUMMARY_MAX = 2000


class ThemeError(Exception):
    """A rule about themes was broken; the message is safe to show."""


@dataclass(frozen=True)
class ThemeCount:
    theme: Theme
    views: int  # views (not withdrawn) with at least one answer tagged
    answers: int


@dataclass(frozen=True)
class ThemeOverview:
    themes: list[ThemeCount]
    views: int  # views not withdrawn
    views_themed: int  # of those, with at least one tagged answer

    @property
    def share_themed(self) -> float:
        return self.views_themed / self.views if self.views else 0.0


def themes_of(engagement: Engagement) -> list[Theme]:
    return list(
        db.session.scalars(
            select(Theme).where(Theme.engagement_id == engagement.id).order_by(Theme.name)
        )
    )


def get_theme(engagement: Engagement, theme_id: int) -> Theme | None:
    theme = db.session.get(Theme, theme_id)
    return theme if theme is not None and theme.engagement_id == engagement.id else None


def overview(engagement: Engagement) -> ThemeOverview:
    live = (Response.engagement_id == engagement.id, Response.withdrawn_at.is_(None))
    per_theme = {
        theme_id: (views, answers)
        for theme_id, views, answers in db.session.execute(
            select(
                answer_theme.c.theme_id,
                func.count(func.distinct(Answer.response_id)),
                func.count(),
            )
            .join(Answer, Answer.id == answer_theme.c.answer_id)
            .join(Response, Response.id == Answer.response_id)
            .where(*live)
            .group_by(answer_theme.c.theme_id)
        )
    }
    views = db.session.scalar(select(func.count()).select_from(Response).where(*live)) or 0
    themed = (
        db.session.scalar(
            select(func.count(func.distinct(Answer.response_id)))
            .join(answer_theme, answer_theme.c.answer_id == Answer.id)
            .join(Response, Response.id == Answer.response_id)
            .where(*live)
        )
        or 0
    )
    return ThemeOverview(
        themes=[
            ThemeCount(theme, *per_theme.get(theme.id, (0, 0))) for theme in themes_of(engagement)
        ],
        views=views,
        views_themed=themed,
    )


def _clean(name: str, summary: str) -> tuple[str, str]:
    name = " ".join((name or "").split())
    summary = (summary or "").strip()
    if not name:
        raise ThemeError(_("Enter a name for the theme"))
    if len(name) > NAME_MAX:
        raise ThemeError(_("The name must be 120 characters or fewer"))
    if len(summary) > SUMMARY_MAX:
        raise ThemeError(_("The summary must be 2,000 characters or fewer"))
    return name, summary


def _ensure_unique(engagement: Engagement, name: str, except_id: int | None = None) -> None:
    clash = db.session.scalar(
        select(Theme.id).where(
            Theme.engagement_id == engagement.id, func.lower(Theme.name) == name.lower()
        )
    )
    if clash is not None and clash != except_id:
        raise ThemeError(_("There is already a theme with this name"))


def create_theme(engagement: Engagement, name: str, summary: str, actor: User) -> Theme:
    name, summary = _clean(name, summary)
    _ensure_unique(engagement, name)
    theme = Theme(engagement_id=engagement.id, name=name, summary=summary, created_by_id=actor.id)
    db.session.add(theme)
    db.session.flush()
    audit.record(actor, "theme.created", theme, name=name)
    db.session.commit()
    return theme


def rename_theme(theme: Theme, name: str, summary: str, actor: User) -> Theme:
    engagement = db.session.get(Engagement, theme.engagement_id)
    name, summary = _clean(name, summary)
    _ensure_unique(engagement, name, except_id=theme.id)
    old = theme.name
    theme.name, theme.summary = name, summary
    audit.record(actor, "theme.renamed", theme, old_name=old, name=name)
    db.session.commit()
    return theme


def merge_themes(source: Theme, into: Theme, actor: User) -> Theme:
    """Move every tag and outcome of ``source`` to ``into`` and remove ``source``. Its
    restrictions are lifted with a note: the theme they hid no longer exists."""
    if source.id == into.id or source.engagement_id != into.engagement_id:
        raise ThemeError(_("Choose another theme of this engagement to merge into"))
    already = select(answer_theme.c.answer_id).where(answer_theme.c.theme_id == into.id)
    moving = select(answer_theme.c.answer_id).where(
        answer_theme.c.theme_id == source.id, answer_theme.c.answer_id.not_in(already)
    )
    db.session.execute(
        insert(answer_theme).from_select(
            ["answer_id", "theme_id"], moving.add_columns(func.cast(into.id, db.Integer))
        )
    )
    db.session.execute(delete(answer_theme).where(answer_theme.c.theme_id == source.id))
    for outcome in db.session.scalars(select(Outcome).where(Outcome.theme_id == source.id)):
        outcome.theme_id = into.id
    for restriction in list(
        db.session.scalars(
            select(Restriction).where(
                Restriction.target_type == TargetType.THEME,
                Restriction.target_id == source.id,
                Restriction.lifted_at.is_(None),
            )
        )
    ):
        restriction.lifted_at = utcnow()
        restriction.lifted_by_id = actor.id
        restriction.lift_note = f"Theme merged into “{into.name}”."
        # Every lift is in the audit log, as publication.services.lift records its own.
        audit.record(
            actor,
            "restriction.lifted",
            restriction,
            target=f"{TargetType.THEME.value}:{source.id}",
            kind=restriction.kind,
            because="theme.merged",
        )
    audit.record(actor, "theme.merged", into, merged=source.name, merged_id=source.id)
    db.session.delete(source)
    db.session.commit()
    return into


def set_answer_themes(answer: Answer, theme_ids: list[int], actor: User) -> list[Theme]:
    """Tag an answer with exactly these themes of its engagement (untagging the rest)."""
    engagement_id = answer.response.engagement_id
    if answer.response.is_withdrawn:
        raise ThemeError(_("These views were withdrawn"))
    wanted = set(theme_ids)
    themes = (
        list(
            db.session.scalars(
                select(Theme).where(Theme.engagement_id == engagement_id, Theme.id.in_(wanted))
            )
        )
        if wanted
        else []
    )
    if len(themes) != len(wanted):
        raise ThemeError(_("Choose themes from the list"))
    answer.themes = sorted(themes, key=lambda t: t.name)
    note_public_change(db.session)
    db.session.commit()
    return answer.themes


def get_answer(response: Response, answer_id: int) -> Answer | None:
    answer = db.session.get(Answer, answer_id)
    return answer if answer is not None and answer.response_id == response.id else None


def theme_names_by_response(response_ids) -> dict[int, list[str]]:
    """The names of the themes each view's answers are tagged with, in one query."""
    ids = list(response_ids)
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    for response_id, name in db.session.execute(
        select(Answer.response_id, Theme.name)
        .join(answer_theme, answer_theme.c.answer_id == Answer.id)
        .join(Theme, Theme.id == answer_theme.c.theme_id)
        .where(Answer.response_id.in_(ids))
        .distinct()
        .order_by(Answer.response_id, Theme.name)
    ):
        found.setdefault(response_id, []).append(name)
    return found
