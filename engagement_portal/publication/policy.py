"""The one place that decides what the public may see (DESIGN.md, "The publication policy").

Every public read path (pages, the Atom feed, the public JSON and CSV, search) asks this module
and receives *projections*: small frozen records holding only the fields the public may see
(``PublicView``, ``PublicOutcome``...). No ORM row of a view ever reaches a public template, feed
or export, so a field added to a model later is private until it is added here on purpose.

Decisions are made against the clock at read time: an embargo ends at its time without anything
having to run, and ``next_change_at`` tells caches when that will be.

The rule, in words:
1. nothing from a draft engagement is public;
2. a view's text is public only if the engagement shows views now, its author consented, it is
   not held for safeguarding, no active restriction covers it and it was not withdrawn; one
   answer's text also needs no active restriction on that answer; "anonymously" removes every
   identifying field (only "with my name" shows a name or an organisation; nothing else that
   could identify anyone, such as an e-mail address or a relationship, is ever shown);
3. an embargoed item becomes public when its time passes;
4. an outcome is public once published and not restricted; a theme's name and summary unless
   the theme is restricted;
5. what is withheld is counted, by reason, without any of its content (``WithheldSummary``).

A view withheld for several reasons is counted once, under the strongest (``REASON_ORDER``).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import (
    Engagement,
    Question,
    QuestionKind,
    Status,
    ViewsShown,
)
from engagement_portal.extensions import db
from engagement_portal.i18n import content
from engagement_portal.outcomes.models import Outcome, OutcomeChange
from engagement_portal.publication.models import Restriction, RestrictionKind, TargetType
from engagement_portal.responses.models import (
    Answer,
    PublicationConsent,
    Response,
    SafeguardingState,
)
from engagement_portal.themes.models import Theme, answer_theme

SMALL_NUMBER = 5  # counts of choices and themes below this are shown as "fewer than 5"
VIEWS_PER_PAGE = 20


class WithheldReason(enum.StrEnum):
    SAFEGUARDING = "safeguarding"
    DATA_PROTECTION = "data_protection"
    CONFIDENTIAL = "confidential"
    COMMERCIALLY_SENSITIVE = "commercially_sensitive"
    NO_CONSENT = "no_consent"
    EMBARGOED = "embargoed"


# Strongest first. An embargo comes last, after the person's own wish not to publish: "until
# 1 March" is a promise that the view will then appear, true only when nothing else holds it.
REASON_ORDER: tuple[WithheldReason, ...] = tuple(WithheldReason)
_RANK = {reason: rank for rank, reason in enumerate(REASON_ORDER)}
_HELD_STATES = (SafeguardingState.HELD, SafeguardingState.REFERRED)
_SHOWN_STATES = (SafeguardingState.CLEAR, SafeguardingState.RELEASED)


def strongest(reasons: Iterable[WithheldReason]) -> WithheldReason | None:
    return min(reasons, key=_RANK.__getitem__, default=None)


# Engagements (rule 1)


def public_engagements(query: Select) -> Select:
    """Rule 1: nothing from a draft engagement is public."""
    return query.where(Engagement.published_at.is_not(None))


def engagement_is_public(engagement: Engagement | None, now: dt.datetime | None = None) -> bool:
    if engagement is None:
        return False
    return engagement.status_at(now or utcnow()) is not Status.DRAFT


def views_shown_now(engagement: Engagement, now: dt.datetime) -> bool:
    """Whether the engagement's setting lets the public read views at this moment."""
    status = engagement.status_at(now)
    if engagement.views_shown == ViewsShown.WHILE_OPEN:
        return status in (Status.OPEN, Status.CLOSED, Status.RESPONDED)
    return status in (Status.CLOSED, Status.RESPONDED)


# Restrictions, active at a moment


def active_clause(now: dt.datetime):
    """SQL for ``Restriction.is_active_at(now)``: the two must always say the same."""
    return and_(
        Restriction.lifted_at.is_(None),
        or_(
            Restriction.kind != RestrictionKind.EMBARGOED,
            and_(Restriction.embargo_until.is_not(None), Restriction.embargo_until > now),
        ),
    )


def _active_target_ids(engagement_id: int, target: TargetType, now: dt.datetime) -> Select:
    return select(Restriction.target_id).where(
        Restriction.engagement_id == engagement_id,
        Restriction.target_type == target,
        active_clause(now),
    )


@dataclass(frozen=True)
class ActiveRestrictions:
    """An engagement's restrictions that are active now, by what they restrict."""

    by_target: dict[tuple[str, int], list[Restriction]]

    @classmethod
    def load(cls, engagement_id: int, now: dt.datetime) -> ActiveRestrictions:
        rows = db.session.scalars(
            select(Restriction).where(
                Restriction.engagement_id == engagement_id, active_clause(now)
            )
        )
        by_target: dict[tuple[str, int], list[Restriction]] = defaultdict(list)
        for restriction in rows:
            by_target[(restriction.target_type, restriction.target_id)].append(restriction)
        return cls(dict(by_target))

    def on(self, target: TargetType, target_id: int) -> list[Restriction]:
        return self.by_target.get((target.value, target_id), [])

    def ids(self, target: TargetType) -> set[int]:
        return {target_id for (kind, target_id) in self.by_target if kind == target}

    def reason(self, target: TargetType, target_id: int) -> WithheldReason | None:
        return strongest(WithheldReason(r.kind) for r in self.on(target, target_id))

    def embargo_end(self, target: TargetType, target_id: int) -> dt.datetime | None:
        """When the last embargo on this item ends."""
        ends = [r.embargo_until for r in self.on(target, target_id) if r.embargo_until]
        return max(ends, default=None)


def view_reason(
    safeguarding_state: str,
    consent: str,
    restriction_reason: WithheldReason | None,
) -> WithheldReason | None:
    """Why a view (not withdrawn) is withheld, or None when it may be shown."""
    reasons = []
    if safeguarding_state in _HELD_STATES:
        reasons.append(WithheldReason.SAFEGUARDING)
    if consent == PublicationConsent.DO_NOT_PUBLISH:
        reasons.append(WithheldReason.NO_CONSENT)
    if restriction_reason is not None:
        reasons.append(restriction_reason)
    return strongest(reasons)


def next_change_at(engagement_ids: Iterable[int] | None = None) -> dt.datetime | None:
    """The next moment an embargo ends (for these engagements, or any): pages built from this
    policy are the same until then, as far as restrictions go."""
    now = utcnow()
    query = select(func.min(Restriction.embargo_until)).where(
        Restriction.lifted_at.is_(None),
        Restriction.kind == RestrictionKind.EMBARGOED,
        Restriction.embargo_until > now,
    )
    if engagement_ids is not None:
        query = query.where(Restriction.engagement_id.in_(list(engagement_ids)))
    return db.session.scalar(query)


# What is withheld (rule 5)


@dataclass
class WithheldCounts:
    """How many items of one kind are withheld, by reason; embargoes also by end time."""

    by_reason: Counter = field(default_factory=Counter)
    embargo_ends: Counter = field(default_factory=Counter)

    def add(self, reason: WithheldReason, embargo_end: dt.datetime | None = None) -> None:
        self.by_reason[reason] += 1
        if reason is WithheldReason.EMBARGOED and embargo_end is not None:
            self.embargo_ends[embargo_end] += 1

    @property
    def total(self) -> int:
        return sum(self.by_reason.values())

    def items(self) -> list[tuple[WithheldReason, int]]:
        """Reasons in order, leaving out embargoes (see ``embargoes``)."""
        return [
            (reason, self.by_reason[reason])
            for reason in REASON_ORDER
            if self.by_reason[reason] and reason is not WithheldReason.EMBARGOED
        ]

    def embargoes(self) -> list[tuple[dt.datetime, int]]:
        return sorted(self.embargo_ends.items())


@dataclass
class WithheldSummary:
    views_shown_now: bool
    views_received: int  # every view not withdrawn
    views_shown: int
    views: WithheldCounts
    answers: WithheldCounts  # answers withheld inside views that are shown
    themes: WithheldCounts
    outcomes: WithheldCounts

    @property
    def anything_withheld(self) -> bool:
        return bool(
            self.views.total or self.answers.total or self.themes.total or self.outcomes.total
        )


def _visible_responses(engagement: Engagement, now: dt.datetime) -> Select:
    """Views whose text the public may read now (rule 2), as a query."""
    return select(Response).where(
        Response.engagement_id == engagement.id,
        Response.withdrawn_at.is_(None),
        Response.safeguarding_state.in_(_SHOWN_STATES),
        Response.publication_consent != PublicationConsent.DO_NOT_PUBLISH,
        Response.id.not_in(_active_target_ids(engagement.id, TargetType.RESPONSE, now)),
    )


def withheld_summary(engagement: Engagement, now: dt.datetime | None = None) -> WithheldSummary:
    """Counts for the "not shown" notice, from aggregate queries: the cost does not grow with
    the number of views beyond one GROUP BY, only with the number of restrictions."""
    now = now or utcnow()
    active = ActiveRestrictions.load(engagement.id, now)
    shown_now = views_shown_now(engagement, now)

    # Views: one GROUP BY for all of them, then the few with a restriction one by one.
    groups = Counter(
        {
            (state, consent): count
            for state, consent, count in db.session.execute(
                select(Response.safeguarding_state, Response.publication_consent, func.count())
                .where(Response.engagement_id == engagement.id, Response.withdrawn_at.is_(None))
                .group_by(Response.safeguarding_state, Response.publication_consent)
            )
        }
    )
    received = sum(groups.values())
    views = WithheldCounts()
    restricted_ids = active.ids(TargetType.RESPONSE)
    if restricted_ids:
        for response_id, state, consent in db.session.execute(
            select(Response.id, Response.safeguarding_state, Response.publication_consent).where(
                Response.engagement_id == engagement.id,
                Response.withdrawn_at.is_(None),
                Response.id.in_(_active_target_ids(engagement.id, TargetType.RESPONSE, now)),
            )
        ):
            groups[(state, consent)] -= 1
            reason = view_reason(state, consent, active.reason(TargetType.RESPONSE, response_id))
            views.add(reason, active.embargo_end(TargetType.RESPONSE, response_id))
    for (state, consent), count in groups.items():
        reason = view_reason(state, consent, None)
        if reason is not None and count > 0:
            views.by_reason[reason] += count
    shown = received - views.total

    # Answers: only those inside views that are shown; an answer in a withheld view is already
    # counted with its view.
    answers = WithheldCounts()
    if shown_now and active.ids(TargetType.ANSWER):
        visible = _visible_responses(engagement, now).with_only_columns(Response.id)
        for (answer_id,) in db.session.execute(
            select(Answer.id).where(
                Answer.response_id.in_(visible),
                Answer.id.in_(_active_target_ids(engagement.id, TargetType.ANSWER, now)),
            )
        ):
            answers.add(
                active.reason(TargetType.ANSWER, answer_id),
                active.embargo_end(TargetType.ANSWER, answer_id),
            )

    themes = WithheldCounts()
    theme_ids = set(
        db.session.scalars(select(Theme.id).where(Theme.engagement_id == engagement.id))
    )
    for theme_id in active.ids(TargetType.THEME) & theme_ids:
        themes.add(
            active.reason(TargetType.THEME, theme_id),
            active.embargo_end(TargetType.THEME, theme_id),
        )

    outcomes = WithheldCounts()
    published = set(
        db.session.scalars(
            select(Outcome.id).where(
                Outcome.engagement_id == engagement.id, Outcome.published_at.is_not(None)
            )
        )
    )
    for outcome_id in active.ids(TargetType.OUTCOME) & published:
        outcomes.add(
            active.reason(TargetType.OUTCOME, outcome_id),
            active.embargo_end(TargetType.OUTCOME, outcome_id),
        )

    return WithheldSummary(
        views_shown_now=shown_now,
        views_received=received,
        views_shown=shown if shown_now else 0,
        views=views,
        answers=answers,
        themes=themes,
        outcomes=outcomes,
    )


# Projections: what the public may see of each thing


def count_label_value(count: int) -> int | None:
    """A count as the public may see it: None stands for "fewer than 5" (but not none)."""
    return None if 0 < count < SMALL_NUMBER else count


@dataclass(frozen=True)
class PublicTheme:
    id: int
    name: str
    summary: str
    view_count: int | None  # None: fewer than SMALL_NUMBER


@dataclass(frozen=True)
class PublicAnswer:
    question_number: int
    question: str
    text: str  # free text as written, or the chosen options' labels joined
    kind: str
    choice_codes: tuple[str, ...]
    themes: tuple[PublicTheme, ...]


@dataclass(frozen=True)
class PublicView:
    number: int  # a public handle: the view's id, never its reference (that is the person's)
    submitted_on: dt.date
    respondent_type: str
    gathering_method: str  # how an advocate gathered the views: a code, never free text
    name: str  # only when the person chose "publish with my name"
    organisation: str  # likewise
    language: str
    answers: tuple[PublicAnswer, ...]


def _option_labels(question: Question) -> dict[str, str]:
    if question.kind == QuestionKind.AGREEMENT:
        from engagement_portal.engagements.vocab import AGREEMENT_LABELS

        return {code: str(label) for code, label in AGREEMENT_LABELS.items()}
    return {choice.code: choice.label for choice in question.choices}


class _Projector:
    """Turns rows into public projections for one engagement at one moment."""

    def __init__(
        self,
        engagement: Engagement,
        now: dt.datetime,
        themes: list[PublicTheme] | None = None,
    ) -> None:
        self.engagement = engagement
        self.now = now
        self.active = ActiveRestrictions.load(engagement.id, now)
        self.restricted_answers = self.active.ids(TargetType.ANSWER)
        self.questions = {q.id: q for q in engagement.questions}
        self.numbers = {
            q.id: n
            for n, q in enumerate(sorted(self.questions.values(), key=lambda q: q.position), 1)
        }
        self.labels = {q.id: _option_labels(q) for q in self.questions.values()}
        self._themes = None if themes is None else {theme.id: theme for theme in themes}

    @property
    def themes(self) -> dict[int, PublicTheme]:
        if self._themes is None:
            self._themes = {theme.id: theme for theme in public_themes(self.engagement, self.now)}
        return self._themes

    def _text(self, answer: Answer, question: Question) -> str:
        if question.kind == QuestionKind.FREE_TEXT:
            return answer.text
        labels = self.labels[question.id]
        return ", ".join(labels.get(code, code) for code in answer.choice_codes)

    def view(self, response: Response) -> PublicView:
        answers = []
        for answer in response.answers:
            question = self.questions.get(answer.question_id)
            if question is None or answer.id in self.restricted_answers:
                continue
            text = self._text(answer, question)
            if not text:
                continue
            answers.append(
                PublicAnswer(
                    question_number=self.numbers[question.id],
                    question=question.text,
                    text=text,
                    kind=question.kind,
                    choice_codes=tuple(answer.choice_codes or ()),
                    themes=tuple(
                        self.themes[theme.id] for theme in answer.themes if theme.id in self.themes
                    ),
                )
            )
        answers.sort(key=lambda a: a.question_number)
        with_name = response.publication_consent == PublicationConsent.WITH_NAME
        return PublicView(
            number=response.id,
            submitted_on=response.submitted_at.date(),
            respondent_type=response.respondent_type,
            gathering_method=response.gathering_method if response.is_on_behalf else "",
            name=response.respondent_name if with_name else "",
            organisation=response.organisation_name if with_name else "",
            language=response.language,
            answers=tuple(answers),
        )


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered_visible(
    engagement: Engagement, now: dt.datetime, *, theme_id: int | None, search: str
) -> Select:
    query = _visible_responses(engagement, now)
    shown_answers = select(Answer.response_id).where(
        Answer.id.not_in(_active_target_ids(engagement.id, TargetType.ANSWER, now))
    )
    if theme_id is not None:
        # Only answers the public can read count: a theme must not reveal a withheld answer.
        query = query.where(
            Response.id.in_(
                shown_answers.join(answer_theme, answer_theme.c.answer_id == Answer.id).where(
                    answer_theme.c.theme_id == theme_id
                )
            )
        )
    if search:
        # Search only the words the public can read: matching a withheld answer would say
        # what it contains.
        query = query.where(
            Response.id.in_(
                shown_answers.where(Answer.text.ilike(_like_pattern(search), escape="\\"))
            )
        )
    return query


@dataclass(frozen=True)
class ViewPage:
    views: tuple[PublicView, ...]
    number: int
    count: int  # pages
    total: int  # views matching

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def public_view_page(
    engagement: Engagement,
    page: int = 1,
    *,
    theme_id: int | None = None,
    search: str = "",
    per_page: int = VIEWS_PER_PAGE,
    now: dt.datetime | None = None,
    themes: list[PublicTheme] | None = None,
) -> ViewPage:
    """One page of the views the public may read, newest first; filtered by a public theme or
    by words in the answers the public can read. Empty when views are not shown now. ``themes``
    is ``public_themes`` if the caller has it already (it costs a count over every tag)."""
    now = now or utcnow()
    if not engagement_is_public(engagement, now) or not views_shown_now(engagement, now):
        return ViewPage((), 1, 1, 0)
    projector = _Projector(engagement, now, themes)
    if theme_id is not None and theme_id not in projector.themes:
        return ViewPage((), 1, 1, 0)
    query = _filtered_visible(engagement, now, theme_id=theme_id, search=search.strip())
    total = db.session.scalar(query.with_only_columns(func.count())) or 0
    count = max(1, -(-total // per_page))
    number = min(max(1, page), count)
    rows = db.session.scalars(
        query.options(selectinload(Response.answers).selectinload(Answer.themes))
        .order_by(Response.submitted_at.desc(), Response.id.desc())
        .limit(per_page)
        .offset((number - 1) * per_page)
    )
    return ViewPage(tuple(projector.view(r) for r in rows), number, count, total)


def all_public_views(
    engagement: Engagement, now: dt.datetime | None = None
) -> Iterator[PublicView]:
    """Every view the public may read, oldest first, in batches (for downloads)."""
    now = now or utcnow()
    if not engagement_is_public(engagement, now) or not views_shown_now(engagement, now):
        return
    projector = _Projector(engagement, now)
    last_id = 0
    while True:
        rows = list(
            db.session.scalars(
                _visible_responses(engagement, now)
                .where(Response.id > last_id)
                .options(selectinload(Response.answers).selectinload(Answer.themes))
                .order_by(Response.id)
                .limit(500)
            )
        )
        if not rows:
            return
        for row in rows:
            yield projector.view(row)
        last_id = rows[-1].id


# Themes (rule 4) and counts


def theme_view_counts(engagement: Engagement) -> dict[int, int]:
    """Views (not withdrawn) with at least one answer tagged with each theme."""
    rows = db.session.execute(
        select(answer_theme.c.theme_id, func.count(func.distinct(Answer.response_id)))
        .join(Answer, Answer.id == answer_theme.c.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.engagement_id == engagement.id, Response.withdrawn_at.is_(None))
        .group_by(answer_theme.c.theme_id)
    )
    return dict(rows.all())


def public_themes(
    engagement: Engagement,
    now: dt.datetime | None = None,
    counts: dict[int, int] | None = None,
) -> list[PublicTheme]:
    """Themes not restricted, with their view counts (``counts`` if the caller has them)."""
    now = now or utcnow()
    if not engagement_is_public(engagement, now):
        return []
    restricted = set(db.session.scalars(_active_target_ids(engagement.id, TargetType.THEME, now)))
    counts = theme_view_counts(engagement) if counts is None else counts
    themes = db.session.scalars(
        select(Theme).where(Theme.engagement_id == engagement.id).order_by(Theme.name)
    )
    return [
        PublicTheme(t.id, t.name, t.summary, count_label_value(counts.get(t.id, 0)))
        for t in themes
        if t.id not in restricted
    ]


@dataclass(frozen=True)
class ChoiceCount:
    label: str
    code: str
    count: int | None  # None: fewer than SMALL_NUMBER


@dataclass(frozen=True)
class QuestionCounts:
    number: int
    question: str
    kind: str
    choices: tuple[ChoiceCount, ...]


def choice_counts(engagement: Engagement, now: dt.datetime | None = None) -> list[QuestionCounts]:
    """How many views chose each option, from every view not withdrawn (counts say nothing of
    what anyone wrote), small numbers hidden. One GROUP BY over the stored choice lists."""
    now = now or utcnow()
    if not engagement_is_public(engagement, now):
        return []
    from engagement_portal.engagements.vocab import AGREEMENT_LABELS
    from engagement_portal.responses.services import allowed_codes

    questions = [q for q in sorted(engagement.questions, key=lambda q: q.position)]
    counted = [q for q in questions if q.kind != QuestionKind.FREE_TEXT]
    if not counted:
        return []
    as_text = func.cast(Answer.choice_codes, db.String)
    tallies: dict[int, Counter] = defaultdict(Counter)
    for question_id, codes_json, count in db.session.execute(
        select(Answer.question_id, as_text, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.engagement_id == engagement.id,
            Response.withdrawn_at.is_(None),
            Answer.question_id.in_([q.id for q in counted]),
        )
        .group_by(Answer.question_id, as_text)
    ):
        try:
            codes = json.loads(codes_json or "[]")
        except ValueError:
            continue
        for code in set(codes) if isinstance(codes, list) else ():
            tallies[question_id][code] += count
    result = []
    for question in counted:
        number = questions.index(question) + 1
        if question.kind == QuestionKind.AGREEMENT:
            options = [(code, str(AGREEMENT_LABELS[code])) for code in AGREEMENT_LABELS]
        else:
            options = [(c.code, c.label) for c in question.choices]
        allowed = allowed_codes(question)
        result.append(
            QuestionCounts(
                number=number,
                question=question.text,
                kind=question.kind,
                choices=tuple(
                    ChoiceCount(label, code, count_label_value(tallies[question.id][code]))
                    for code, label in options
                    if code in allowed
                ),
            )
        )
    return result


# Outcomes (rule 4)


@dataclass(frozen=True)
class PublicUpdate:
    text: str
    status: str
    created_at: dt.datetime


@dataclass(frozen=True)
class PublicChange:
    """A change's words are ``i18n.content.LocalText``: each says the language it is in."""

    id: int
    description: str
    easy_read_description: str
    status: str
    expected_on: dt.date | None
    done_on: dt.date | None
    updates: tuple[PublicUpdate, ...]


@dataclass(frozen=True)
class PublicOutcome:
    """The title and the words of the outcome are ``i18n.content.LocalText`` (a ``str`` that
    says the language it is in): the reader's language where translated, else the original's."""

    id: int
    engagement_slug: str
    engagement_title: str
    theme: PublicTheme | None  # None: about the whole engagement, or its theme is not shown
    about_whole_engagement: bool
    what_people_said: str
    view_count: int | None  # None: fewer than SMALL_NUMBER
    what_we_did: str
    alignment: str
    reason: str
    easy_read_said: str
    easy_read_did: str
    easy_read_reason: str
    published_at: dt.datetime
    changes: tuple[PublicChange, ...]


def public_outcomes(
    engagement: Engagement, now: dt.datetime | None = None, language: str | None = None
) -> list[PublicOutcome]:
    """Published, unrestricted outcomes of a public engagement: whole-engagement ones first.

    Their words are in ``language`` where staff translated them, field by field, and otherwise
    (and when ``language`` is None) the original's; each text is an ``i18n.content.LocalText``
    that says which language it is in. Which outcomes are shown does not depend on it."""
    now = now or utcnow()
    if not engagement_is_public(engagement, now):
        return []
    restricted = set(db.session.scalars(_active_target_ids(engagement.id, TargetType.OUTCOME, now)))
    outcomes = db.session.scalars(
        select(Outcome)
        .where(Outcome.engagement_id == engagement.id, Outcome.published_at.is_not(None))
        .options(selectinload(Outcome.changes).selectinload(OutcomeChange.updates))
        .order_by(Outcome.theme_id.is_not(None), Outcome.id)
    ).all()
    outcomes = [o for o in outcomes if o.id not in restricted]
    if not outcomes:
        return []
    counts = theme_view_counts(engagement)
    themes = {t.id: t for t in public_themes(engagement, now, counts)}
    total = db.session.scalar(
        select(func.count()).where(
            Response.engagement_id == engagement.id, Response.withdrawn_at.is_(None)
        )
    )
    original = engagement.language
    words = content.localise_all(outcomes, original, language)
    change_words = content.localise_all(
        [c for o in outcomes for c in o.changes], original, language
    )
    title = content.engagement_text(engagement, language).title
    return [
        PublicOutcome(
            id=o.id,
            engagement_slug=engagement.slug,
            engagement_title=title,
            theme=themes.get(o.theme_id) if o.theme_id else None,
            about_whole_engagement=o.theme_id is None,
            what_people_said=words[o.id].what_people_said,
            view_count=count_label_value(counts.get(o.theme_id, 0) if o.theme_id else total),
            what_we_did=words[o.id].what_we_did,
            alignment=o.alignment,
            reason=words[o.id].reason,
            easy_read_said=words[o.id].easy_read_said,
            easy_read_did=words[o.id].easy_read_did,
            easy_read_reason=words[o.id].easy_read_reason,
            published_at=o.published_at,
            changes=tuple(
                PublicChange(
                    id=c.id,
                    description=change_words[c.id].description,
                    easy_read_description=change_words[c.id].easy_read_description,
                    status=c.status,
                    expected_on=c.expected_on,
                    done_on=c.done_on,
                    updates=tuple(PublicUpdate(u.text, u.status, u.created_at) for u in c.updates),
                )
                for c in o.changes
            ),
        )
        for o in outcomes
    ]


def has_public_outcomes(engagement: Engagement, now: dt.datetime | None = None) -> bool:
    """Whether ``public_outcomes`` would list anything, in one EXISTS query."""
    now = now or utcnow()
    if not engagement_is_public(engagement, now):
        return False
    return bool(
        db.session.scalar(
            select(
                select(Outcome.id)
                .where(
                    Outcome.engagement_id == engagement.id,
                    Outcome.published_at.is_not(None),
                    Outcome.id.not_in(_active_target_ids(engagement.id, TargetType.OUTCOME, now)),
                )
                .exists()
            )
        )
    )


def outcomes_due(engagement: Engagement, now: dt.datetime | None = None) -> list[dt.datetime]:
    """When embargoed outcomes will be published, for "an outcome is due on <date>"."""
    now = now or utcnow()
    if not engagement_is_public(engagement, now):
        return []
    summary_outcomes = WithheldCounts()
    active = ActiveRestrictions.load(engagement.id, now)
    published = db.session.scalars(
        select(Outcome.id).where(
            Outcome.engagement_id == engagement.id, Outcome.published_at.is_not(None)
        )
    )
    for outcome_id in published:
        if active.reason(TargetType.OUTCOME, outcome_id) is WithheldReason.EMBARGOED:
            summary_outcomes.add(
                WithheldReason.EMBARGOED, active.embargo_end(TargetType.OUTCOME, outcome_id)
            )
    return [moment for moment, _count in summary_outcomes.embargoes()]


def engagements_with_public_outcomes(now: dt.datetime | None = None) -> list[Engagement]:
    """Public engagements that have at least one published outcome, newest response first."""
    now = now or utcnow()
    engagements = db.session.scalars(
        public_engagements(select(Engagement))
        .where(
            Engagement.id.in_(
                select(Outcome.engagement_id).where(Outcome.published_at.is_not(None))
            )
        )
        .order_by(Engagement.responded_at.desc().nulls_last(), Engagement.id.desc())
    ).all()
    return [e for e in engagements if engagement_is_public(e, now)]
