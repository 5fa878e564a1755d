"""Loading the demo data in ``data.py`` through the services staff and the public use, so every
rule that applies to real data applies to it too (publishing checks, answer validation,
safeguarding screening, the audit log).

Idempotent: each thing is looked up by its natural key first (organisation name, e-mail, slug,
and for a view its token "demo-<slug>-<n>") and only what is missing is added. Loading twice
adds nothing.

Time: the demo has a past. Accounts were made months ago, the closed engagement was published
and answered while it was open, and views on the open one came in over the last three weeks.
Rather than write dates into rows behind the services' backs, each step runs under
``frozen_clock`` set to the moment it is meant to have happened, so the services stamp it
themselves (created_at, published_at, submitted_at, the audit entries) exactly as they would
have on that day, and the rules are checked against that day (a closed engagement accepts views
only while it is open). No moment is ever later than the real time of loading.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

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
from engagement_portal.responses import services as responses
from engagement_portal.responses.models import Response, SafeguardingState
from engagement_portal.responses.services import Submission


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

    def summary(self) -> str:
        order = [Status.OPEN, Status.UPCOMING, Status.CLOSED, Status.RESPONDED, Status.DRAFT]
        statuses = ", ".join(
            f"{self.engagements_by_status[status.value]} {status.value}"
            for status in order
            if self.engagements_by_status[status.value]
        )
        published = self.added["published"]
        records = sum(self.added.values()) - published
        if records or published:
            done = f"this run added {records} records and published {published} engagements."
        else:
            done = "nothing to add: it was already loaded."
        return (
            f"Demo data: {self.organisations} organisations, {self.accounts} staff accounts, "
            f"{sum(self.engagements_by_status.values())} engagements ({statuses}), "
            f"{self.views} views ({self.held} held for safeguarding); {done}"
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

    for spec in data.ENGAGEMENTS:
        _ensure_engagement(spec, today, zone, now, organisations, users, added)
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


def _report(added: Counter) -> LoadReport:
    slugs = [spec.slug for spec in data.ENGAGEMENTS]
    demo_views = select(Response).where(Response.idempotency_token.like("demo-%"))
    held = demo_views.where(Response.safeguarding_state == SafeguardingState.HELD)
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
    )
