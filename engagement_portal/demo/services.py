"""Loading the demo data in ``data.py`` through the services staff and the public use, so every
rule that applies to real data applies to it too (publishing checks, answer validation,
safeguarding screening, the audit log).

Idempotent: each thing is looked up by its natural key first (organisation name, e-mail, slug,
for a view its token "demo-<slug>-<n>", a theme by its name in its engagement, an outcome by its
theme, or none for the one about the whole engagement, a change by its place in its outcome, a
progress update by its text, a restriction by what it restricts and its kind) and only what is
missing is added. Loading twice adds nothing.

Time: the demo has a past. Accounts were made months ago, the closed engagement was published
and answered while it was open, and views on the open one came in over the last three weeks.
Rather than write dates into rows behind the services' backs, each step runs under
``frozen_clock`` set to the moment it is meant to have happened, so the services stamp it
themselves (created_at, published_at, submitted_at, the audit entries) exactly as they would
have on that day, and the rules are checked against that day (a closed engagement accepts views
only while it is open). No moment is ever later than the real time of loading.

The steps run in the order they happened (``load`` sorts them), so the audit log reads in time
order: the closed engagement's themes, restrictions and outcomes come after the open engagement
was published and before the upcoming one was drafted. The one exception to "the past": the
embargo on a demo view ends a few minutes after the real time of loading, so that whoever tries
the demo can watch it lift by itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import partial

from flask import current_app
from sqlalchemy import func, select

from engagement_portal.accounts import services as accounts
from engagement_portal.accounts.models import Organisation, User
from engagement_portal.core.timeutil import (
    frozen_clock,
    local_date,
    start_of_local_day_utc,
    utcnow,
)
from engagement_portal.demo import data
from engagement_portal.engagements import services as engagements
from engagement_portal.engagements.models import Engagement, Status
from engagement_portal.engagements.services import EngagementDetails
from engagement_portal.extensions import db
from engagement_portal.outcomes import services as outcomes
from engagement_portal.outcomes.models import Outcome, OutcomeChange, ProgressUpdate
from engagement_portal.outcomes.services import ChangeDetails, OutcomeDetails
from engagement_portal.publication import services as publication
from engagement_portal.publication.models import Restriction, TargetType
from engagement_portal.publication.services import RestrictionDetails
from engagement_portal.responses import services as responses
from engagement_portal.responses.models import Answer, Response, SafeguardingState
from engagement_portal.responses.services import Submission
from engagement_portal.themes import services as themes
from engagement_portal.themes.models import Theme


class DemoError(Exception):
    """The demo data cannot be loaded as written; the message says why."""


@dataclass(frozen=True)
class LoadReport:
    added: Counter
    organisations: int
    accounts: int
    engagements_by_status: Counter
    views: int
    held: int
    themes: int = 0
    outcomes_published: int = 0
    changes: int = 0
    restrictions: int = 0

    def summary(self) -> str:
        order = [Status.OPEN, Status.UPCOMING, Status.CLOSED, Status.RESPONDED, Status.DRAFT]
        statuses = ", ".join(
            f"{self.engagements_by_status[status.value]} {status.value}"
            for status in order
            if self.engagements_by_status[status.value]
        )
        published = self.added["published"]
        responded = self.added["outcomes_published"]
        records = sum(self.added.values()) - published - responded
        if records or published or responded:
            done = f"this run added {records} records and published {published} engagements"
            if responded:
                done += f" and the outcomes of {responded}"
            done += "."
        else:
            done = "nothing to add: it was already loaded."
        return (
            f"Demo data: {self.organisations} organisations, {self.accounts} staff accounts, "
            f"{sum(self.engagements_by_status.values())} engagements ({statuses}), "
            f"{self.views} views ({self.held} held for safeguarding), {self.themes} themes, "
            f"{self.outcomes_published} published outcomes with {self.changes} changes, "
            f"{self.restrictions} restrictions; {done}"
        )


@dataclass(frozen=True)
class SignIn:
    email: str
    role: str
    password: str
    organisation: str | None
    exists: bool


def load() -> LoadReport:
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    now = utcnow()
    today = local_date(now, zone)
    added: Counter = Counter()

    # The staff were there a week before the first engagement was drafted.
    first_day = today + dt.timedelta(
        days=min(s.opens_in_days - s.created_days_before_opening for s in data.ENGAGEMENTS) - 7
    )
    with frozen_clock(_not_after(_at(first_day, 9, zone), now)):
        organisations = _ensure_organisations(added)
        users = _ensure_staff(organisations, added)

    # Each engagement's story, and what was done after one closed, in the order they began.
    steps = []
    for spec in data.ENGAGEMENTS:
        opens_on = today + dt.timedelta(days=spec.opens_in_days)
        drafted_on = opens_on - dt.timedelta(days=spec.created_days_before_opening)
        steps.append(
            (
                _at(drafted_on, 10, zone),
                partial(_ensure_engagement, spec, today, zone, now, organisations, users, added),
            )
        )
    for plan in data.RESPONSES:
        closes_on = today + dt.timedelta(
            days=plan.engagement.opens_in_days + plan.engagement.length_days
        )
        steps.append(
            (
                _at(closes_on + dt.timedelta(days=plan.themes_day), 9, zone),
                partial(_ensure_response, plan, zone, now, users, added),
            )
        )
    for _begins, step in sorted(steps, key=lambda item: item[0]):
        step()
    return _report(added)


def sign_ins() -> list[SignIn]:
    """The demo staff accounts and their password, and whether each is in the database."""
    present = {
        email
        for email in db.session.scalars(
            select(User.email).where(User.email.in_([s.email for s in data.STAFF]))
        )
    }
    return [
        SignIn(
            email=spec.email,
            role=spec.role.value,
            password=data.DEMO_PASSWORD,
            organisation=spec.organisation,
            exists=spec.email in present,
        )
        for spec in data.STAFF
    ]


# --- Steps -----------------------------------------------------------------------------------


def _at(day: dt.date, hour: int, zone: str) -> dt.datetime:
    return start_of_local_day_utc(day, zone) + dt.timedelta(hours=hour)


def _not_after(moment: dt.datetime, latest: dt.datetime) -> dt.datetime:
    return min(moment, latest)


def _ensure_organisations(added: Counter) -> dict[str, Organisation]:
    organisations = {}
    for spec in data.ORGANISATIONS:
        exists = db.session.scalar(
            select(func.count())
            .select_from(Organisation)
            .where(func.lower(Organisation.name) == spec.name.lower())
        )
        organisations[spec.name] = accounts.get_or_create_organisation(
            spec.name, is_provider=spec.is_provider
        )
        if not exists:
            added["organisations"] += 1
    db.session.commit()
    return organisations


def _ensure_staff(organisations: dict[str, Organisation], added: Counter) -> dict[str, User]:
    users = {}
    for spec in data.STAFF:
        user = accounts.find_user_by_email(spec.email)
        if user is None:
            user = accounts.create_user(
                email=spec.email,
                name=spec.name,
                password=data.DEMO_PASSWORD,
                role=spec.role,
                organisation=organisations[spec.organisation] if spec.organisation else None,
            )
            added["accounts"] += 1
        users[spec.email] = user
    return users


def _details(
    spec: data.EngagementSpec, opens_on: dt.date, organisations: dict[str, Organisation]
) -> EngagementDetails:
    return EngagementDetails(
        title=spec.title,
        summary=spec.summary,
        easy_read_summary=spec.easy_read_summary,
        body=spec.body,
        opens_on=opens_on,
        closes_on=opens_on + dt.timedelta(days=spec.length_days),
        plan_how_views_used=spec.plan_how_views_used,
        plan_who_decides=spec.plan_who_decides,
        plan_hear_back=spec.plan_hear_back,
        ways_to_take_part=list(spec.ways_to_take_part),
        support_offered=list(spec.support_offered),
        communities=spec.communities,
        provider_id=organisations[spec.provider].id if spec.provider else None,
    )


def _ensure_engagement(
    spec: data.EngagementSpec,
    today: dt.date,
    zone: str,
    now: dt.datetime,
    organisations: dict[str, Organisation],
    users: dict[str, User],
    added: Counter,
) -> Engagement:
    commissioner = users[data.COMMISSIONER_EMAIL]
    engagement = db.session.scalar(select(Engagement).where(Engagement.slug == spec.slug))
    if engagement is None:
        opens_on = today + dt.timedelta(days=spec.opens_in_days)
        created_on = opens_on - dt.timedelta(days=spec.created_days_before_opening)
        with frozen_clock(_not_after(_at(created_on, 10, zone), now)):
            engagement = engagements.create_engagement(
                _details(spec, opens_on, organisations), commissioner
            )
            if spec.easy_read_pictures:
                engagements.set_easy_read_pictures(
                    engagement, list(spec.easy_read_pictures), commissioner
                )
        if engagement.slug != spec.slug:
            raise DemoError(
                f"The engagement {spec.title!r} was given the slug {engagement.slug!r}, not "
                f"{spec.slug!r}: correct the slug in engagement_portal/demo/data.py."
            )
        added["engagements"] += 1

    if engagement.published_at is None:
        # Questions can only be added before publishing; after a half-finished load, the ones
        # already there are kept and the rest added.
        for details in spec.questions[len(engagement.questions) :]:
            engagements.add_question(engagement, details, commissioner)
            added["questions"] += 1
        if spec.publish:
            # At nine in the morning, a few days before it opens.
            publish_at = (
                engagement.opens_at
                - dt.timedelta(days=spec.published_days_before_opening)
                + dt.timedelta(hours=9)
            )
            publish_at = _not_after(max(publish_at, engagement.created_at), now)
            with frozen_clock(publish_at):
                engagements.publish(engagement, commissioner)
            added["published"] += 1

    if engagement.published_at is not None:
        _ensure_views(spec, engagement, now, users, added)
    return engagement


def _ensure_views(
    spec: data.EngagementSpec,
    engagement: Engagement,
    now: dt.datetime,
    users: dict[str, User],
    added: Counter,
) -> None:
    entered_by = {
        "advocate": users[data.ADVOCATE_EMAIL],
        "commissioner": users[data.COMMISSIONER_EMAIL],
    }
    questions = {question.position: question for question in engagement.questions}
    for number, view in enumerate(spec.views, start=1):
        token = data.view_token(spec.slug, number)
        if db.session.scalar(select(Response.id).where(Response.idempotency_token == token)):
            continue
        with frozen_clock(_moment_of(view, engagement, now)):
            responses.record_response(
                engagement,
                _submission(view, questions),
                idempotency_token=token,
                entered_by=entered_by[view.entered_by] if view.entered_by else None,
                assisted=view.assisted,
            )
        added["views"] += 1


def _moment_of(view: data.ViewSpec, engagement: Engagement, now: dt.datetime) -> dt.datetime:
    """When a view was given: while the engagement was open, and never in the future."""
    if view.hours_ago is not None:
        moment = now - dt.timedelta(hours=view.hours_ago)
    else:
        moment = engagement.opens_at + dt.timedelta(days=view.day, hours=view.hour)
    latest = min(now, engagement.effective_closes_at - dt.timedelta(minutes=1))
    return max(engagement.opens_at, min(moment, latest))


def _submission(view: data.ViewSpec, questions: dict) -> Submission:
    return Submission(
        respondent_type=view.respondent_type,
        answers={questions[position].id: value for position, value in view.answers.items()},
        publication_consent=view.consent,
        respondent_name=view.name,
        organisation_name=view.organisation,
        relationship_to_person=view.relationship,
        gathering_method=view.gathering,
        gathering_detail=view.gathering_detail,
        person_agreed=view.person_agreed,
        hear_back=bool(view.hear_back_email),
        email=view.hear_back_email,
        language=view.language,
        channel=view.channel,
        support_used=list(view.support_used),
    )


def _ensure_response(
    plan: data.ResponseSpec,
    zone: str,
    now: dt.datetime,
    users: dict[str, User],
    added: Counter,
) -> None:
    """Themes, tags, restrictions and published outcomes for a closed engagement, then progress
    on its changes, each on its day after the closing date."""
    engagement = db.session.scalar(
        select(Engagement).where(Engagement.slug == plan.engagement.slug)
    )
    if engagement is None or engagement.published_at is None:
        return
    closed_on = local_date(engagement.effective_closes_at, zone)
    if _at(closed_on + dt.timedelta(days=plan.themes_day), 9, zone) > now:
        return  # not closed long enough ago (the demo's dates were changed)

    def moment(day: int, hour: int, minutes: int = 0) -> dt.datetime:
        at = _at(closed_on + dt.timedelta(days=day), hour, zone)
        return _not_after(at + dt.timedelta(minutes=minutes), now)

    commissioner = users[data.COMMISSIONER_EMAIL]
    views = _demo_views(plan.engagement)
    question = next(q for q in engagement.questions if q.position == plan.tagged_question)

    by_name = _ensure_themes(plan, engagement, moment, commissioner, added)
    _ensure_tags(plan, views, question.id, by_name, moment, commissioner, added)
    _ensure_restrictions(plan, views, moment, now, commissioner, added)
    changes = _ensure_outcomes(plan, engagement, closed_on, by_name, moment, commissioner, added)

    if any(outcome.published_at is None for outcome in outcomes.outcomes_of(engagement)):
        with frozen_clock(moment(plan.published_day, 9)):
            if not outcomes.publishing_problems(engagement):
                outcomes.publish_outcomes(engagement, commissioner)
                added["outcomes_published"] += 1

    for number, (change, spec) in enumerate(changes):
        for update in spec.progress:
            exists = db.session.scalar(
                select(ProgressUpdate.id).where(
                    ProgressUpdate.change_id == change.id, ProgressUpdate.text == update.text
                )
            )
            if exists:
                continue
            with frozen_clock(moment(plan.progress_day, 11, number)):
                outcomes.record_progress(change, update.text, update.status, commissioner)
            added["progress updates"] += 1


def _demo_views(spec: data.EngagementSpec) -> dict[int, Response]:
    """An engagement's demo views by their number in ``spec.views``."""
    tokens = {data.view_token(spec.slug, n): n for n in range(1, len(spec.views) + 1)}
    return {
        tokens[view.idempotency_token]: view
        for view in db.session.scalars(
            select(Response).where(Response.idempotency_token.in_(list(tokens)))
        )
    }


def _answer_to(view: Response, question_id: int) -> Answer | None:
    return next((a for a in view.answers if a.question_id == question_id), None)


def _ensure_themes(plan, engagement, moment, commissioner, added) -> dict[str, Theme]:
    existing = {theme.name.lower(): theme for theme in themes.themes_of(engagement)}
    by_name = {}
    for number, spec in enumerate(plan.themes):
        theme = existing.get(spec.name.lower())
        if theme is None:
            with frozen_clock(moment(plan.themes_day, 10, number * 5)):
                theme = themes.create_theme(engagement, spec.name, spec.summary, commissioner)
            added["themes"] += 1
        by_name[spec.name] = theme
    return by_name


def _ensure_tags(plan, views, question_id, by_name, moment, commissioner, added) -> None:
    wanted: dict[int, set[int]] = {}
    for spec in plan.themes:
        for number in spec.views:
            wanted.setdefault(number, set()).add(by_name[spec.name].id)
    for number, theme_ids in sorted(wanted.items()):
        view = views.get(number)
        answer = _answer_to(view, question_id) if view is not None else None
        if answer is None or view.is_withdrawn:
            continue
        has = {theme.id for theme in answer.themes}
        if theme_ids <= has:
            continue
        with frozen_clock(moment(plan.themes_day, 14, number)):
            themes.set_answer_themes(answer, sorted(has | theme_ids), commissioner)
        added["theme tags"] += len(theme_ids - has)


def _ensure_restrictions(plan, views, moment, now, commissioner, added) -> None:
    for number, spec in enumerate(plan.restrictions):
        view = views.get(spec.view)
        if view is None:
            continue
        if spec.question is None:
            target_type, target_id = TargetType.RESPONSE, view.id
        else:
            question = next(q for q in view.engagement.questions if q.position == spec.question)
            answer = _answer_to(view, question.id)
            if answer is None:
                continue
            target_type, target_id = TargetType.ANSWER, answer.id
        exists = db.session.scalar(
            select(Restriction.id).where(
                Restriction.target_type == target_type,
                Restriction.target_id == target_id,
                Restriction.kind == spec.kind,
            )
        )
        if exists:
            continue
        embargo_until = None
        if spec.embargo_minutes_after_loading is not None:
            # By the real clock, not the frozen one: the embargo ends while the demo is in use.
            embargo_until = now + dt.timedelta(minutes=spec.embargo_minutes_after_loading)
        target = publication.find_target(target_type.value, target_id)
        with frozen_clock(moment(plan.restrictions_day, 10, number * 12)):
            publication.restrict(
                target,
                RestrictionDetails(
                    kind=spec.kind,
                    public_reason=spec.public_reason,
                    internal_note=spec.internal_note,
                    embargo_until=embargo_until,
                ),
                commissioner,
            )
        added["restrictions"] += 1


def _ensure_outcomes(
    plan, engagement, closed_on, by_name, moment, commissioner, added
) -> list[tuple[OutcomeChange, data.ChangeSpec]]:
    published_on = closed_on + dt.timedelta(days=plan.published_day)
    changes = []
    for number, spec in enumerate(plan.outcomes):
        theme_id = by_name[spec.theme].id if spec.theme else None
        outcome = db.session.scalar(
            select(Outcome).where(
                Outcome.engagement_id == engagement.id,
                Outcome.theme_id.is_(None) if theme_id is None else Outcome.theme_id == theme_id,
            )
        )
        at = moment(plan.outcomes_day + number, 10)
        if outcome is None:
            with frozen_clock(at):
                outcome = outcomes.create_outcome(
                    engagement,
                    OutcomeDetails(
                        what_people_said=spec.what_people_said,
                        what_we_did=spec.what_we_did,
                        alignment=spec.alignment,
                        reason=spec.reason,
                        theme_id=theme_id,
                        easy_read_said=spec.easy_read_said,
                        easy_read_did=spec.easy_read_did,
                        easy_read_reason=spec.easy_read_reason,
                    ),
                    commissioner,
                )
            added["outcomes"] += 1
        for position, change in enumerate(spec.changes):
            if position >= len(outcome.changes):
                expected = change.expected_days_after_publishing
                with frozen_clock(at + dt.timedelta(minutes=20 * (position + 1))):
                    outcomes.add_change(
                        outcome,
                        ChangeDetails(
                            description=change.description,
                            easy_read_description=change.easy_read_description,
                            status=change.status,
                            expected_on=(
                                published_on + dt.timedelta(days=expected)
                                if expected is not None
                                else None
                            ),
                        ),
                        commissioner,
                    )
                added["changes"] += 1
            changes.append((outcome.changes[position], change))
    return changes


def _report(added: Counter) -> LoadReport:
    slugs = [spec.slug for spec in data.ENGAGEMENTS]
    demo_views = select(Response).where(Response.idempotency_token.like("demo-%"))
    held = demo_views.where(Response.safeguarding_state == SafeguardingState.HELD)
    demo_engagements = select(Engagement.id).where(Engagement.slug.in_(slugs))
    return LoadReport(
        added=added,
        organisations=db.session.scalar(
            select(func.count())
            .select_from(Organisation)
            .where(Organisation.name.in_([spec.name for spec in data.ORGANISATIONS]))
        ),
        accounts=db.session.scalar(
            select(func.count())
            .select_from(User)
            .where(User.email.in_([spec.email for spec in data.STAFF]))
        ),
        engagements_by_status=Counter(
            engagement.status.value
            for engagement in db.session.scalars(
                select(Engagement).where(Engagement.slug.in_(slugs))
            )
        ),
        views=db.session.scalar(select(func.count()).select_from(demo_views.subquery())),
        held=db.session.scalar(select(func.count()).select_from(held.subquery())),
        themes=_count(Theme, Theme.engagement_id.in_(demo_engagements)),
        outcomes_published=_count(
            Outcome,
            Outcome.engagement_id.in_(demo_engagements),
            Outcome.published_at.is_not(None),
        ),
        changes=db.session.scalar(
            select(func.count())
            .select_from(OutcomeChange)
            .join(Outcome)
            .where(Outcome.engagement_id.in_(demo_engagements))
        ),
        restrictions=_count(Restriction, Restriction.engagement_id.in_(demo_engagements)),
    )


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0
