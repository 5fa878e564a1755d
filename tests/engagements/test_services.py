import datetime as dt

import pytest

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.engagements import services
from engagement_portal.engagements.models import Status
from engagement_portal.engagements.services import (
    EngagementDetails,
    EngagementError,
    QuestionDetails,
)
from engagement_portal.extensions import db
from tests.factories import make_engagement, make_user

pytestmark = pytest.mark.usefixtures("app_context")


def details(**overrides) -> EngagementDetails:
    today = dt.date.today()
    values = dict(
        title="Short breaks for carers",
        summary="We are changing how carers book short breaks.",
        easy_read_summary="Carers need a rest.\nTell us what helps.",
        body="First paragraph.\n\n<script>alert(1)</script><strong>Second</strong>",
        opens_on=today,
        closes_on=today + dt.timedelta(days=28),
        plan_how_views_used="We read every view.",
        plan_who_decides="The cabinet member decides in May.",
        plan_hear_back="We publish what we decided by June.",
        ways_to_take_part=["online", "phone"],
        support_offered=["easy_read", "bsl"],
        communities="Carers' forum",
    )
    values.update(overrides)
    return EngagementDetails(**values)


def test_a_new_engagement_is_a_draft_with_cleaned_body_and_an_audit_entry():
    commissioner = make_user(Role.COMMISSIONER)
    engagement = services.create_engagement(details(), commissioner)
    assert engagement.status is Status.DRAFT
    assert engagement.slug == "short-breaks-for-carers"
    assert "<script" not in engagement.body_html
    assert "<strong>Second</strong>" in engagement.body_html
    assert db.session.query(AuditEvent).filter_by(action="engagement.created").count() == 1


def test_slugs_stay_unique():
    commissioner = make_user(Role.COMMISSIONER)
    first = services.create_engagement(details(), commissioner)
    second = services.create_engagement(details(), commissioner)
    assert first.slug != second.slug


def test_publishing_needs_questions_then_opens_and_is_audited():
    commissioner = make_user(Role.COMMISSIONER)
    engagement = services.create_engagement(details(), commissioner)
    with pytest.raises(EngagementError):
        services.publish(engagement, commissioner)
    services.add_question(
        engagement, QuestionDetails(kind="free_text", text="What helps?"), commissioner
    )
    services.publish(engagement, commissioner)
    assert engagement.status is Status.OPEN
    assert db.session.query(AuditEvent).filter_by(action="engagement.published").count() == 1


def test_questions_are_frozen_once_published():
    commissioner = make_user(Role.COMMISSIONER)
    engagement = make_engagement(published=True)
    with pytest.raises(EngagementError):
        services.add_question(
            engagement, QuestionDetails(kind="free_text", text="Late?"), commissioner
        )


def test_status_follows_the_clock_without_any_job():
    engagement = make_engagement(opens_in=dt.timedelta(days=1), closes_in=dt.timedelta(days=10))
    now = utcnow()
    assert engagement.status_at(now) is Status.UPCOMING
    assert engagement.status_at(now + dt.timedelta(days=2)) is Status.OPEN
    assert engagement.status_at(now + dt.timedelta(days=11)) is Status.CLOSED
    with frozen_clock(now + dt.timedelta(days=11)):
        assert [e.slug for e in services.public_list("closed")] == [engagement.slug]
        assert services.public_list("open") == []


def test_closing_date_means_the_end_of_that_day_in_the_uk():
    commissioner = make_user(Role.COMMISSIONER)
    engagement = services.create_engagement(details(closes_on=dt.date(2027, 7, 1)), commissioner)
    # 23:59:59 British Summer Time is 22:59:59 UTC.
    assert engagement.closes_at == dt.datetime(2027, 7, 1, 22, 59, 59)


def test_closing_early_is_audited_and_stops_views():
    commissioner = make_user(Role.COMMISSIONER)
    engagement = make_engagement()
    services.close_early(engagement, commissioner)
    assert engagement.status is Status.CLOSED
    assert db.session.query(AuditEvent).filter_by(action="engagement.closed_early").count() == 1


def test_drafts_are_never_in_public_lists():
    make_engagement(published=False, slug="secret-plan")
    assert services.public_list() == []
    assert services.public_engagement("secret-plan") is None


def test_choice_questions_keep_their_options_in_order():
    commissioner = make_user(Role.COMMISSIONER)
    engagement = services.create_engagement(details(), commissioner)
    question = services.add_question(
        engagement,
        QuestionDetails(
            kind="single_choice",
            text="Pick one",
            options=["Mornings", "Evenings"],
            easy_read_options=["Morning"],
        ),
        commissioner,
    )
    assert [(c.code, c.label, c.easy_read_label) for c in question.choices] == [
        ("option-1", "Mornings", "Morning"),
        ("option-2", "Evenings", ""),
    ]
    services.update_question(
        question,
        QuestionDetails(kind="single_choice", text="Pick one", options=["A", "B", "C"]),
        commissioner,
    )
    assert [c.label for c in question.choices] == ["A", "B", "C"]


def test_providers_see_only_published_engagements_about_their_service():
    from engagement_portal.accounts.services import get_or_create_organisation

    riverside = get_or_create_organisation("Riverside", is_provider=True)
    oakwood = get_or_create_organisation("Oakwood", is_provider=True)
    ours = make_engagement(provider=riverside)
    make_engagement(provider=oakwood)
    make_engagement(provider=riverside, published=False)
    assert services.engagements_about(riverside) == [ours]
