"""`flask demo load` and `flask demo sign-ins`: the data `make run` shows a newcomer."""

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
from engagement_portal.responses.models import (
    Channel,
    GatheringMethod,
    PublicationConsent,
    RespondentType,
    Response,
)
from engagement_portal.safeguarding import services as safeguarding
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
    assert "4 engagements (1 open, 1 upcoming, 1 closed, 1 draft)" in second.output


def test_there_is_an_open_a_closed_an_upcoming_and_a_draft_engagement(demo):
    now = utcnow()
    assert _engagement(data.DAY_SERVICES).status is Status.OPEN
    assert _engagement(data.SHORT_BREAKS).status is Status.UPCOMING
    assert _engagement(data.PAYING_FOR_CARE).status is Status.DRAFT
    closed = _engagement(data.HOME_CARE)
    assert closed.status is Status.CLOSED
    assert closed.effective_closes_at < now
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
    messages = db.session.scalars(select(OutboxMessage)).all()
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
