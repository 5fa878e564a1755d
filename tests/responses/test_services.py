import datetime as dt

import pytest

from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.extensions import db
from engagement_portal.outbox.models import OutboxMessage
from engagement_portal.responses import services
from engagement_portal.responses.models import Response, SafeguardingState
from engagement_portal.responses.services import EngagementNotOpen, ResponseError, Submission
from tests.factories import make_engagement, make_user

pytestmark = pytest.mark.usefixtures("app_context")


def submission(engagement, **overrides) -> Submission:
    first, second, third = sorted(engagement.questions, key=lambda q: q.position)
    values = dict(
        respondent_type="myself",
        answers={first.id: "The staff are kind.", second.id: "weekly", third.id: "agree"},
        publication_consent="anonymous",
    )
    values.update(overrides)
    return Submission(**values)


def test_a_response_is_stored_with_a_reference_and_its_answers():
    engagement = make_engagement()
    response = services.record_response(engagement, submission(engagement), idempotency_token="t-1")
    stored = db.session.get(Response, response.id)
    assert stored.reference.startswith("EP-")
    assert sorted(a.text or a.choice_codes[0] for a in stored.answers) == [
        "The staff are kind.",
        "agree",
        "weekly",
    ]
    assert stored.safeguarding_state == SafeguardingState.CLEAR


def test_the_same_token_never_stores_two_responses():
    engagement = make_engagement()
    first = services.record_response(engagement, submission(engagement), idempotency_token="t-2")
    again = services.record_response(engagement, submission(engagement), idempotency_token="t-2")
    assert again.reference == first.reference
    assert db.session.query(Response).count() == 1


def test_required_questions_and_valid_choices_are_enforced():
    engagement = make_engagement()
    first, second, _third = sorted(engagement.questions, key=lambda q: q.position)
    with pytest.raises(ResponseError):
        services.record_response(
            engagement, submission(engagement, answers={second.id: "weekly"}), idempotency_token="a"
        )
    with pytest.raises(ResponseError):
        services.record_response(
            engagement,
            submission(engagement, answers={first.id: "x", second.id: "daily"}),
            idempotency_token="b",
        )
    with pytest.raises(ResponseError):
        services.record_response(
            engagement,
            submission(engagement, answers={first.id: "x" * 10_001}),
            idempotency_token="c",
        )
    assert db.session.query(Response).count() == 0


def test_views_on_behalf_need_the_persons_agreement():
    engagement = make_engagement()
    with pytest.raises(ResponseError):
        services.record_response(
            engagement,
            submission(engagement, respondent_type="on_behalf", person_agreed=False),
            idempotency_token="d",
        )


def test_closed_engagements_take_views_only_when_staff_key_them_in():
    engagement = make_engagement(opens_in=dt.timedelta(days=-10), closes_in=dt.timedelta(days=-1))
    with pytest.raises(EngagementNotOpen):
        services.record_response(engagement, submission(engagement), idempotency_token="e")
    commissioner = make_user(Role.COMMISSIONER)
    response = services.record_response(
        engagement,
        submission(engagement, channel="paper", support_used=["easy_read"]),
        idempotency_token="f",
        entered_by=commissioner,
        assisted=True,
    )
    assert response.channel == "paper"
    assert response.entered_by_id == commissioner.id


def test_a_view_suggesting_harm_is_held_and_the_lead_is_told_at_once():
    engagement = make_engagement()
    first = min(engagement.questions, key=lambda q: q.position)
    response = services.record_response(
        engagement,
        submission(engagement, answers={first.id: "The night worker hit me and I am scared."}),
        idempotency_token="g",
    )
    assert response.safeguarding_state == SafeguardingState.HELD
    mail = db.session.query(OutboxMessage).filter_by(purpose="safeguarding").one()
    assert response.reference in mail.body
    assert "hit me" not in mail.body


def test_hear_back_email_is_kept_only_when_asked_for():
    engagement = make_engagement()
    keep = services.record_response(
        engagement,
        submission(engagement, hear_back=True, email=" Person@Example.org "),
        idempotency_token="h",
    )
    drop = services.record_response(
        engagement,
        submission(engagement, hear_back=False, email="other@example.org"),
        idempotency_token="i",
    )
    assert keep.email == "person@example.org"
    assert drop.email == ""


def test_old_unfinished_drafts_are_purged():
    engagement = make_engagement(opens_in=dt.timedelta(days=-10))
    with frozen_clock(utcnow() - dt.timedelta(days=5)):
        services.start_draft(engagement)
    recent = services.start_draft(engagement)
    assert services.purge_stale_drafts(dt.timedelta(hours=72)) == 1
    assert services.get_draft(recent.token, engagement) is not None


def test_the_name_to_publish_is_screened_too():
    engagement = make_engagement()
    response = services.record_response(
        engagement,
        submission(
            engagement, publication_consent="with_name", respondent_name="Sam, I am being abused"
        ),
        idempotency_token="j",
    )
    assert response.safeguarding_state == SafeguardingState.HELD
