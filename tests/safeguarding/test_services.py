"""Screening, the queue and decisions, without HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.extensions import db
from engagement_portal.outbox import services as outbox
from engagement_portal.outbox.models import OutboxMessage
from engagement_portal.responses.models import SafeguardingState
from engagement_portal.safeguarding import services as safeguarding
from engagement_portal.safeguarding.services import SafeguardingError
from tests.factories import make_engagement, make_user
from tests.safeguarding.helpers import build_response, stored_response

ANSWER = "The night carer is rough with me and I am scared of him. Please help, Margaret Owen."


def messages() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_worrying_answer_holds_the_response_and_queues_one_email(app, app_context):
    engagement = make_engagement(title="Home care in Northshire")

    response, held = stored_response(
        engagement,
        ANSWER,
        reference="EP-2345-6789",
        respondent_name="Margaret Owen",
        email="margaret.owen@example.net",
        hear_back=True,
    )

    assert held is True
    assert response.safeguarding_state == SafeguardingState.HELD
    assert response.safeguarding_matches == ["rough with me", "scared of"]
    [message] = messages()
    assert message.purpose == "safeguarding"
    assert message.recipient == "safeguarding-lead@example.org"
    assert "EP-2345-6789" in message.subject
    assert "EP-2345-6789" in message.body
    assert "Home care in Northshire" in message.body
    assert "http://localhost/staff/safeguarding/reference/EP-2345-6789" in message.body


def test_the_email_contains_nothing_the_person_wrote_nor_who_they_are(app_context):
    engagement = make_engagement()

    stored_response(
        engagement,
        ANSWER,
        respondent_type="on_behalf",
        relationship_to_person="Her son, who saw the bruises",
        gathering_detail="We talked at her kitchen table",
        respondent_name="Margaret Owen",
        email="margaret.owen@example.net",
        hear_back=True,
    )

    [message] = messages()
    everything = (message.subject + "\n" + message.body).lower()
    for private in (
        "rough with me",
        "scared",
        "night carer",
        "margaret",
        "owen",
        "example.net",
        "bruises",
        "her son",
        "kitchen",
    ):
        assert private not in everything


def test_a_worrying_phrase_in_the_on_behalf_details_also_holds(app_context):
    engagement = make_engagement()

    response, held = stored_response(
        engagement,
        "Mum likes the garden.",
        respondent_type="on_behalf",
        gathering_detail="She told me a carer hit me, she said, and showed her bruises.",
    )

    assert held
    assert response.safeguarding_matches == ["hit me", "bruises"]


def test_an_ordinary_response_is_not_held_and_no_email_is_queued(app_context):
    engagement = make_engagement()

    response, held = stored_response(engagement, "The staff are kind and the lunches are good.")

    assert held is False
    assert response.safeguarding_state == SafeguardingState.CLEAR
    assert response.safeguarding_matches == []
    assert messages() == []


def test_screening_does_not_commit_so_a_rollback_leaves_neither_response_nor_email(app_context):
    engagement = make_engagement()
    response = build_response(engagement, "They hit me.")
    db.session.add(response)

    assert safeguarding.screen_response(response) is True
    db.session.rollback()

    assert messages() == []
    assert safeguarding.queue() == []


def test_the_email_is_delivered_to_the_safeguarding_lead_over_smtp(app_context, mailbox):
    engagement = make_engagement()
    stored_response(engagement, "I want to kill myself", reference="EP-2345-6789")

    assert outbox.send_due().sent == 1

    [message] = mailbox.messages
    assert message["To"] == "safeguarding-lead@example.org"
    assert "EP-2345-6789" in message["Subject"]
    assert "kill myself" not in message.get_content()


def test_the_queue_holds_only_held_responses_longest_waiting_first(app_context):
    engagement = make_engagement()
    now = utcnow()
    with frozen_clock(now - dt.timedelta(hours=1)):
        newer, _ = stored_response(engagement, "he threatened me")
    with frozen_clock(now - dt.timedelta(days=2)):
        older, _ = stored_response(engagement, "I am afraid of the manager")
    stored_response(engagement, "All good here.")
    decided, _ = stored_response(engagement, "abuse")
    safeguarding.decide(decided, make_user(Role.COMMISSIONER), "release", "Checked: fine.")

    assert [r.reference for r in safeguarding.queue()] == [older.reference, newer.reference]
    assert safeguarding.held_count() == 2


@pytest.mark.parametrize(
    ("decision", "state", "action"),
    [
        ("release", SafeguardingState.RELEASED, "safeguarding.released"),
        ("refer", SafeguardingState.REFERRED, "safeguarding.referred"),
    ],
)
def test_a_decision_is_recorded_and_audited(app_context, decision, state, action):
    engagement = make_engagement()
    response, _ = stored_response(engagement, "They took my money and hit me")
    reviewer = make_user(Role.COMMISSIONER)
    moment = dt.datetime(2030, 5, 1, 10, 30)

    with frozen_clock(moment):
        safeguarding.decide(response, reviewer, decision, "  Spoke to the care manager.  ")

    db.session.expire_all()
    assert response.safeguarding_state == state
    assert response.safeguarding_decided_by_id == reviewer.id
    assert response.safeguarding_decided_at == moment
    assert response.safeguarding_note == "Spoke to the care manager."
    assert response.safeguarding_matches == ["hit me", "took my money"]  # kept for the record
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()
    assert event.actor_id == reviewer.id
    assert (event.subject_type, event.subject_id) == ("Response", str(response.id))
    assert event.details == {"reference": response.reference}
    assert "care manager" not in str(event.details)


def test_a_response_cannot_be_decided_twice(app_context):
    engagement = make_engagement()
    response, _ = stored_response(engagement, "neglect")
    first, second = make_user(Role.COMMISSIONER), make_user(Role.ADMINISTRATOR)
    safeguarding.decide(response, first, "refer", "Referred to the adult safeguarding team.")

    with pytest.raises(SafeguardingError, match="already been reviewed and referred"):
        safeguarding.decide(response, second, "release", "No concern.")

    db.session.expire_all()
    assert response.safeguarding_state == SafeguardingState.REFERRED
    assert response.safeguarding_decided_by_id == first.id
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("safeguarding.%"))
    ).all()
    assert actions == ["safeguarding.referred"]


def test_a_stale_copy_cannot_overwrite_a_decision_made_meanwhile(app, app_context):
    """Two reviewers open the same held response; the second to save is refused."""
    engagement = make_engagement()
    response, _ = stored_response(engagement, "abused")
    response_id = response.id
    first, second = make_user(Role.COMMISSIONER), make_user(Role.COMMISSIONER)
    stale = safeguarding.for_review(response_id)
    assert stale.is_held

    with app.app_context():  # the other reviewer, in another session
        safeguarding.decide(safeguarding.for_review(response_id), first, "release", "Fine.")
        db.session.remove()

    with pytest.raises(SafeguardingError, match="already been reviewed and released"):
        safeguarding.decide(stale, second, "refer", "Referred.")


@pytest.mark.parametrize(
    ("decision", "note", "message"),
    [
        ("maybe", "A note", "Select whether to release the response or refer it"),
        ("release", "   ", "Enter a note about your decision"),
        ("refer", "x" * 5001, "5000 characters or fewer"),
    ],
)
def test_a_decision_needs_a_known_outcome_and_a_note(app_context, decision, note, message):
    engagement = make_engagement()
    response, _ = stored_response(engagement, "abuse")

    with pytest.raises(SafeguardingError, match=message):
        safeguarding.decide(response, make_user(Role.COMMISSIONER), decision, note)

    db.session.expire_all()
    assert response.safeguarding_state == SafeguardingState.HELD


def test_screening_a_decided_response_again_changes_nothing(app_context):
    engagement = make_engagement()
    response, _ = stored_response(engagement, "abuse")
    safeguarding.decide(response, make_user(Role.COMMISSIONER), "release", "Fine.")
    emails_before = len(messages())

    assert safeguarding.screen_response(response) is False
    assert response.safeguarding_state == SafeguardingState.RELEASED
    assert len(messages()) == emails_before


def test_without_a_safeguarding_address_the_response_is_still_held_and_stored(app, app_context):
    saved = app.config["SAFEGUARDING_EMAIL"]
    app.config["SAFEGUARDING_EMAIL"] = ""
    try:
        response, held = stored_response(make_engagement(), "They hit me")
    finally:
        app.config["SAFEGUARDING_EMAIL"] = saved

    assert held
    assert [r.id for r in safeguarding.queue()] == [response.id]
    assert messages() == []


def test_a_withdrawn_view_leaves_the_queue_and_cannot_be_decided(app_context):
    from engagement_portal.privacy import services as privacy

    response, held = stored_response(make_engagement(), "They hit me.")
    assert held
    privacy.withdraw(response)
    assert response not in safeguarding.queue()
    assert safeguarding.held_count() == 0
    with pytest.raises(SafeguardingError):
        safeguarding.decide(response, make_user(Role.COMMISSIONER), "release", "No concern")
