"""`flask demo load` and `flask demo sign-ins`: the data `make run` shows a newcomer."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from engagement_portal.accounts.models import User
from engagement_portal.audit import services as audit
from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.timeutil import utcnow
from engagement_portal.demo import data
from engagement_portal.engagements.models import Engagement, QuestionKind, Status
from engagement_portal.extensions import db
from engagement_portal.outbox.models import OutboxMessage
from engagement_portal.outcomes.models import (
    Alignment,
    ChangeStatus,
    HearBackNotice,
    Outcome,
    OutcomeChange,
    ProgressUpdate,
)
from engagement_portal.outcomes.services import HEAR_BACK_PURPOSE
from engagement_portal.publication.models import Restriction, RestrictionKind, TargetType
from engagement_portal.publication.policy import WithheldReason, withheld_summary
from engagement_portal.responses.models import (
    Channel,
    GatheringMethod,
    PublicationConsent,
    RespondentType,
    Response,
)
from engagement_portal.safeguarding import services as safeguarding
from engagement_portal.themes.models import Theme
from tests.conftest import html, post_form


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def _load(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def demo(runner, app_context):
    return _load(runner)


def _engagement(spec: data.EngagementSpec) -> Engagement:
    return db.session.scalar(select(Engagement).where(Engagement.slug == spec.slug))


def _views(spec: data.EngagementSpec) -> list[Response]:
    return list(
        db.session.scalars(select(Response).join(Engagement).where(Engagement.slug == spec.slug))
    )


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_loading_twice_adds_nothing_the_second_time(runner, app_context):
    first = _load(runner)
    after_first = _row_counts()
    second = _load(runner)

    assert _row_counts() == after_first
    assert after_first["response"] == sum(len(spec.views) for spec in data.ENGAGEMENTS)
    assert after_first["user_account"] == len(data.STAFF)
    assert "this run added" in first.output
    assert "nothing to add" in second.output
    assert "4 engagements (1 open, 1 upcoming, 1 responded, 1 draft)" in second.output


def test_there_is_an_open_a_responded_an_upcoming_and_a_draft_engagement(demo):
    now = utcnow()
    assert _engagement(data.DAY_SERVICES).status is Status.OPEN
    assert _engagement(data.SHORT_BREAKS).status is Status.UPCOMING
    assert _engagement(data.PAYING_FOR_CARE).status is Status.DRAFT
    closed = _engagement(data.HOME_CARE)
    assert closed.status is Status.RESPONDED
    assert closed.effective_closes_at < closed.responded_at < now
    assert closed.provider.name == data.OAKWOOD
    assert _engagement(data.DAY_SERVICES).provider.name == data.RIVERSIDE


def test_the_open_engagement_has_every_kind_of_question_a_plan_and_support(demo):
    engagement = _engagement(data.DAY_SERVICES)

    assert {question.kind for question in engagement.questions} == set(QuestionKind)
    assert all(question.easy_read_text for question in engagement.questions)
    assert any(question.help_text for question in engagement.questions)
    choices = [choice for question in engagement.questions for choice in question.choices]
    assert choices and all(choice.easy_read_label for choice in choices)
    assert engagement.plan_how_views_used and engagement.plan_who_decides
    assert engagement.plan_hear_back and engagement.easy_read_summary
    assert set(engagement.support_offered) >= {"easy_read", "bsl", "interpreter", "advocate"}
    assert {"online", "paper", "phone", "event"} <= set(engagement.ways_to_take_part)
    assert len(engagement.communities.splitlines()) >= 5


@pytest.mark.parametrize("spec", [data.DAY_SERVICES, data.HOME_CARE], ids=lambda s: s.slug)
def test_every_respondent_type_and_consent_appears_on_each_engagement_with_views(demo, spec):
    views = _views(spec)

    assert {view.respondent_type for view in views} == set(RespondentType)
    assert {view.publication_consent for view in views} == set(PublicationConsent)


def test_every_channel_appears(demo):
    channels = {view.channel for spec in data.ENGAGEMENTS for view in _views(spec)}
    assert channels == set(Channel)


def test_views_for_someone_else_say_how_they_were_gathered_and_that_the_person_agreed(demo):
    advocate = db.session.scalar(select(User).where(User.email == data.ADVOCATE_EMAIL))
    on_behalf = db.session.scalars(
        select(Response).where(Response.respondent_type == RespondentType.ON_BEHALF)
    ).all()

    assert on_behalf
    for view in on_behalf:
        assert view.relationship_to_person
        assert view.gathering_method in set(GatheringMethod)
        assert view.person_agreed
    assert any(view.entered_by_id == advocate.id for view in on_behalf)
    assert any(view.entered_by_id is None for view in on_behalf)


def test_views_received_another_way_were_keyed_in_by_the_commissioner(demo):
    commissioner = db.session.scalar(select(User).where(User.email == data.COMMISSIONER_EMAIL))
    views = db.session.scalars(select(Response)).all()

    assisted = [view for view in views if view.channel != Channel.ONLINE]
    assert assisted
    assert all(view.entered_by_id == commissioner.id for view in assisted)
    assert any(view.support_used for view in assisted)
    assert all(view.entered_by_id != commissioner.id for view in views if view not in assisted)


def test_the_closed_engagement_got_its_views_while_it_was_open(demo):
    engagement = _engagement(data.HOME_CARE)

    assert engagement.published_at < engagement.opens_at
    for view in _views(data.HOME_CARE):
        assert engagement.opens_at <= view.submitted_at < engagement.effective_closes_at


def test_there_are_views_in_welsh_and_polish_and_hear_back_addresses_are_example_org(demo):
    views = db.session.scalars(select(Response)).all()

    assert {"cy", "pl"} <= {view.language for view in views}
    assert any(view.hear_back for view in views)
    for view in views:
        if view.hear_back:
            assert view.email.endswith("@example.org")
        else:
            assert view.email == ""


def test_exactly_one_view_is_held_for_safeguarding_and_the_lead_is_emailed(app, demo):
    held = safeguarding.queue()

    assert len(held) == 1
    assert any("bruises" in answer.text for answer in held[0].answers)
    assert held[0].engagement.slug == data.DAY_SERVICES.slug
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.purpose != HEAR_BACK_PURPOSE)
    ).all()
    assert [message.recipient for message in messages] == [app.config["SAFEGUARDING_EMAIL"]]
    assert held[0].reference in messages[0].subject


def test_the_public_home_page_lists_the_open_engagement_only(client, demo):
    page = html(client.get("/")).get_text()

    assert data.DAY_SERVICES.title in page
    assert data.HOME_CARE.title not in page
    assert data.PAYING_FOR_CARE.title not in page


def test_the_open_engagement_page_shows_its_plan_ways_support_and_easy_read_summary(client, demo):
    page = html(client.get(f"/engagements/{data.DAY_SERVICES.slug}"))
    text = " ".join(page.get_text().split())

    assert page.find("h1").get_text(strip=True) == data.DAY_SERVICES.title
    assert "In easy read" in text
    assert "We pay for day services at Riverside." in text
    for part in ("plan_how_views_used", "plan_who_decides", "plan_hear_back"):
        assert getattr(data.DAY_SERVICES, part) in text
    assert "At a meeting or event" in text  # a way to take part (E-P9)
    assert "British Sign Language (BSL)" in text  # support on offer (E-P11)
    assert "through the Northshire Carers' Network" in text  # communities (E-P10)
    assert page.find("a", class_="govuk-button--start") is not None


def test_the_draft_is_not_public_and_the_closed_engagement_says_it_is_closed(client, demo):
    assert client.get(f"/engagements/{data.PAYING_FOR_CARE.slug}").status_code == 404
    closed = client.get(f"/engagements/{data.HOME_CARE.slug}")
    assert closed.status_code == 200
    assert "You can no longer give your views online" in closed.get_data(as_text=True)


@pytest.mark.parametrize("staff", data.STAFF, ids=lambda s: s.role.value)
def test_each_demo_user_can_sign_in_with_the_printed_password(client, demo, staff):
    response = post_form(client, "/sign-in", {"email": staff.email, "password": data.DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.get("/staff").status_code == 200
    user = db.session.scalar(select(User).where(User.email == staff.email))
    assert user.role == staff.role.value
    assert (user.organisation.name if user.organisation else None) == staff.organisation


def test_sign_ins_prints_each_address_role_and_the_password(runner, demo):
    output = runner.invoke(args=["demo", "sign-ins"]).output

    for staff in data.STAFF:
        line = next(line for line in output.splitlines() if staff.email in line)
        assert staff.role.value in line
        assert data.DEMO_PASSWORD in line


def test_sign_ins_says_to_load_the_demo_first_when_it_is_not_loaded(runner, app_context):
    output = runner.invoke(args=["demo", "sign-ins"]).output

    assert "flask demo load" in output
    assert data.DEMO_PASSWORD not in output


def test_load_refuses_outside_development_unless_forced(runner, app, app_context, monkeypatch):
    monkeypatch.setitem(app.config, "TESTING", False)
    monkeypatch.delenv("APP_ENV", raising=False)

    refused = runner.invoke(args=["demo", "load"])
    assert refused.exit_code != 0
    assert "APP_ENV=development" in refused.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0

    forced = runner.invoke(args=["demo", "load", "--force"])
    assert forced.exit_code == 0, forced.output
    assert db.session.scalar(select(func.count()).select_from(User)) == len(data.STAFF)


def test_the_audit_log_tells_the_demo_history_in_order_and_is_intact(demo):
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    moments = [event.occurred_at for event in events]

    assert audit.verify_chain() == []
    assert moments == sorted(moments)
    assert moments[-1] <= utcnow()
    assert [event.action for event in events].count("engagement.published") == 3


# --- Issue 4: the closed engagement's themes, restrictions and published outcomes ------------


def _outcomes() -> list[Outcome]:
    return list(
        db.session.scalars(
            select(Outcome).where(Outcome.engagement_id == _engagement(data.HOME_CARE).id)
        )
    )


def _changes() -> list[OutcomeChange]:
    return [change for outcome in _outcomes() for change in outcome.changes]


def test_the_responded_engagement_has_themes_and_tagged_answers(demo):
    engagement = _engagement(data.HOME_CARE)
    themes = db.session.scalars(select(Theme).where(Theme.engagement_id == engagement.id)).all()

    assert 3 <= len(themes) <= 5
    assert {theme.name for theme in themes} == {t.name for t in data.HOME_CARE_RESPONSE.themes}
    assert all(theme.summary for theme in themes)
    count = len(data.HOME_CARE.views)
    number_of = {data.view_token(data.HOME_CARE.slug, n): n for n in range(1, count + 1)}
    tagged: dict[str, set[int]] = {}
    for view in _views(data.HOME_CARE):
        for answer in view.answers:
            for theme in answer.themes:
                tagged.setdefault(theme.name, set()).add(number_of[view.idempotency_token])
    assert tagged == {t.name: set(t.views) for t in data.HOME_CARE_RESPONSE.themes}
    # Every view is in at least one theme, withheld or not: counts come from all of them.
    assert set().union(*tagged.values()) == set(range(1, count + 1))


def test_the_responded_engagement_has_published_outcomes_of_every_alignment(demo):
    outcomes = _outcomes()

    assert outcomes and all(outcome.published_at is not None for outcome in outcomes)
    assert {outcome.alignment for outcome in outcomes} == set(Alignment)
    assert [outcome.theme_id for outcome in outcomes].count(None) == 1
    for outcome in outcomes:
        assert outcome.easy_read_said and outcome.easy_read_did
        if outcome.alignment != Alignment.IN_LINE:
            assert outcome.reason and outcome.easy_read_reason
    engagement = _engagement(data.HOME_CARE)
    assert all(outcome.published_at == engagement.responded_at for outcome in outcomes)


def test_the_outcomes_have_changes_at_every_status_with_dates_and_progress(demo):
    changes = _changes()

    assert {change.status for change in changes} == set(ChangeStatus)
    assert all(change.expected_on for change in changes if change.status != ChangeStatus.DONE)
    assert all(change.done_on for change in changes if change.status == ChangeStatus.DONE)
    assert all(change.easy_read_description for change in changes)
    updates = [update for change in changes for update in change.updates]
    assert updates
    responded_at = _engagement(data.HOME_CARE).responded_at
    assert all(responded_at < update.created_at <= utcnow() for update in updates)
    # A change marked done after publishing, and the publication itself, told the people who
    # asked to hear back, once each.
    events = {notice.event for notice in db.session.scalars(select(HearBackNotice))}
    assert any(event.startswith("outcomes:") for event in events)
    assert any(event.startswith("done:") for event in events)


def test_views_are_withheld_for_every_reason_and_the_embargo_lifts_within_the_hour(demo):
    engagement = _engagement(data.HOME_CARE)
    now = utcnow()
    summary = withheld_summary(engagement)

    assert summary.views_shown_now
    assert set(summary.views.by_reason) == set(WithheldReason)
    assert all(count == 1 for count in summary.views.by_reason.values())
    assert summary.answers.by_reason == {WithheldReason.DATA_PROTECTION: 1}
    assert summary.views_shown == summary.views_received - len(WithheldReason) > 0
    (ends,) = summary.views.embargo_ends
    assert now < ends <= now + dt.timedelta(hours=1)
    # Once the embargo has ended, the view is shown without anyone doing anything.
    later = withheld_summary(engagement, now=ends + dt.timedelta(seconds=1))
    assert WithheldReason.EMBARGOED not in later.views.by_reason
    assert later.views_shown == summary.views_shown + 1


def test_restrictions_have_plain_public_reasons_and_internal_notes(demo):
    restrictions = db.session.scalars(
        select(Restriction).where(Restriction.engagement_id == _engagement(data.HOME_CARE).id)
    ).all()

    assert {r.kind for r in restrictions} == set(RestrictionKind)
    assert {r.target_type for r in restrictions} == {TargetType.RESPONSE, TargetType.ANSWER}
    for restriction in restrictions:
        assert restriction.public_reason and restriction.internal_note
        assert restriction.set_at < utcnow()
        if restriction.kind == RestrictionKind.SAFEGUARDING:
            assert restriction.public_reason == "It is being reviewed."


def test_loading_twice_adds_no_themes_outcomes_changes_or_restrictions(runner, app_context):
    _load(runner)
    counted = (Theme, Outcome, OutcomeChange, ProgressUpdate, Restriction, HearBackNotice)
    before = {
        model: db.session.scalar(select(func.count()).select_from(model)) for model in counted
    }
    second = _load(runner)

    after = {model: db.session.scalar(select(func.count()).select_from(model)) for model in counted}
    assert after == before
    assert all(before.values())
    spec = data.HOME_CARE_RESPONSE
    assert (
        f"{len(spec.themes)} themes, {len(spec.outcomes)} published outcomes with "
        f"{sum(len(o.changes) for o in spec.outcomes)} changes, "
        f"{len(spec.restrictions)} restrictions; nothing to add" in second.output
    )


def test_every_restriction_publication_and_progress_update_is_audited(demo):
    events = db.session.scalars(select(AuditEvent)).all()

    def audited(action: str, subject_type: str) -> list[str]:
        return sorted(
            e.subject_id for e in events if e.action == action and e.subject_type == subject_type
        )

    restrictions = db.session.scalars(select(Restriction)).all()
    assert audited("restriction.set", "Restriction") == sorted(str(r.id) for r in restrictions)
    updates = db.session.scalars(select(ProgressUpdate)).all()
    assert audited("outcome.progress", "ProgressUpdate") == sorted(str(u.id) for u in updates)
    engagement = _engagement(data.HOME_CARE)
    (published,) = [e for e in events if e.action == "outcomes.published"]
    assert published.subject_id == str(engagement.id)
    assert sorted(published.details["outcomes"]) == sorted(o.id for o in _outcomes())
    assert published.occurred_at == engagement.responded_at


def test_easy_read_summaries_have_a_picture_for_every_point(demo):
    from engagement_portal.engagements import services as engagement_services

    with_pictures = [e for e in db.session.scalars(select(Engagement)) if e.easy_read_pictures]
    assert len(with_pictures) == 2
    for engagement in with_pictures:
        points = engagement_services.easy_read_points(engagement)
        assert len(engagement.easy_read_pictures) == len(points), engagement.slug
