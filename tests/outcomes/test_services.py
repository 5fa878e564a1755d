"""Outcomes: the reason rule (E-P19), publishing and "responded", progress (E-P20), and telling
the people who asked to hear back, over real SMTP."""

import datetime as dt

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, local_date, utcnow
from engagement_portal.engagements.models import Status
from engagement_portal.extensions import db
from engagement_portal.outbox import services as outbox
from engagement_portal.outbox.models import OutboxMessage
from engagement_portal.outcomes import services
from engagement_portal.outcomes.services import (
    ChangeDetails,
    OutcomeDetails,
    OutcomeError,
    ReasonRequired,
)
from tests.factories import make_engagement, make_user
from tests.outcomes.helpers import closed_engagement_with_views, give_view

pytestmark = pytest.mark.usefixtures("app_context")


def details(alignment="in_line", reason="", **fields) -> OutcomeDetails:
    return OutcomeDetails(
        what_people_said=fields.pop("said", "People want transport that comes on time."),
        what_we_did=fields.pop("did", "We will add a second minibus."),
        alignment=alignment,
        reason=reason,
        **fields,
    )


def actions(name: str) -> int:
    return db.session.scalar(select(func.count()).where(AuditEvent.action == name))


@pytest.mark.parametrize("alignment", ["partly", "not_in_line"])
def test_a_decision_not_fully_in_line_is_refused_without_a_reason(alignment):
    engagement, _views = closed_engagement_with_views({})
    boss = make_user(Role.COMMISSIONER)
    with pytest.raises(ReasonRequired):
        services.create_outcome(engagement, details(alignment, reason="   "), boss)
    outcome = services.create_outcome(
        engagement, details(alignment, reason="The budget covers one bus."), boss
    )
    with pytest.raises(ReasonRequired):
        services.update_outcome(outcome, details(alignment, reason=""), boss)
    assert outcome.reason == "The budget covers one bus."


def test_a_decision_in_line_needs_no_reason_but_says_what_people_said_and_did():
    engagement, _views = closed_engagement_with_views({})
    boss = make_user(Role.COMMISSIONER)
    assert services.create_outcome(engagement, details("in_line"), boss).reason == ""
    with pytest.raises(OutcomeError):
        services.create_outcome(engagement, details("in_line", said=""), boss)
    with pytest.raises(OutcomeError):
        services.create_outcome(engagement, details("sideways"), boss)


def test_an_outcome_cannot_be_about_another_engagements_theme():
    from engagement_portal.themes import services as themes

    engagement, _views = closed_engagement_with_views({})
    other = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    foreign = themes.create_theme(other, "Transport", "", boss)
    with pytest.raises(OutcomeError):
        services.create_outcome(engagement, details(theme_id=foreign.id), boss)


def test_publishing_moves_the_engagement_to_responded_with_a_date_and_is_audited():
    engagement, _views = closed_engagement_with_views({})
    boss = make_user(Role.COMMISSIONER)
    services.create_outcome(engagement, details("not_in_line", reason="It costs too much."), boss)
    moment = utcnow() + dt.timedelta(minutes=5)
    with frozen_clock(moment):
        [published] = services.publish_outcomes(engagement, boss)
    assert published.published_at == moment
    assert engagement.responded_at == moment
    assert engagement.status is Status.RESPONDED
    assert actions("outcomes.published") == 1
    with pytest.raises(OutcomeError):  # nothing left to publish
        services.publish_outcomes(engagement, boss)


def test_outcomes_wait_until_the_engagement_has_closed():
    engagement = make_engagement()
    give_view(engagement)
    boss = make_user(Role.COMMISSIONER)
    services.create_outcome(engagement, details(), boss)
    assert services.publishing_problems(engagement)
    with pytest.raises(OutcomeError):
        services.publish_outcomes(engagement, boss)
    assert engagement.responded_at is None


def test_progress_updates_are_kept_in_order_and_marking_done_dates_the_change():
    engagement, _views = closed_engagement_with_views({})
    boss = make_user(Role.COMMISSIONER)
    outcome = services.create_outcome(engagement, details(), boss)
    change = services.add_change(
        outcome, ChangeDetails("A second minibus", expected_on=dt.date(2027, 3, 1)), boss
    )
    services.record_progress(change, "The bus is ordered.", "in_progress", boss)
    services.record_progress(change, "The bus runs from Monday.", "done", boss)
    assert [u.status for u in change.updates] == ["in_progress", "done"]
    assert change.status == "done" and change.done_on is not None
    assert actions("outcome.progress") == 2
    with pytest.raises(OutcomeError):
        services.record_progress(change, "", "done", boss)


def test_people_who_asked_to_hear_back_get_one_email_each_in_their_language(mailbox):
    engagement, _views = closed_engagement_with_views(
        {"hear_back": True, "email": "ceri@example.org", "language": "cy"},
        {"hear_back": True, "email": "sam@example.org", "language": "en"},
        {"hear_back": False},
        {"hear_back": True, "email": "gone@example.org"},
    )
    from engagement_portal.privacy import services as privacy

    privacy.withdraw(_views[3])  # a withdrawn view is never written to
    boss = make_user(Role.COMMISSIONER)
    services.create_outcome(engagement, details(), boss)
    services.publish_outcomes(engagement, boss)
    report = outbox.send_due()
    assert report.sent == 2
    by_recipient = {m["To"]: m.get_content() for m in mailbox.messages}
    assert set(by_recipient) == {"ceri@example.org", "sam@example.org"}
    link = f"http://localhost/engagements/{engagement.slug}/you-said-we-did"
    assert all(link in body for body in by_recipient.values())
    # Dates follow the language the person responded in.
    today = local_date(utcnow())
    assert format_date(today, "d MMMM y", locale="cy") in by_recipient["ceri@example.org"]
    assert format_date(today, "d MMMM y", locale="en") in by_recipient["sam@example.org"]
    assert format_date(today, "MMMM", locale="cy") != format_date(today, "MMMM", locale="en")
    assert outbox.send_due().sent == 0  # sent once, never again


def test_a_change_marked_done_tells_them_once_even_if_marked_done_again():
    engagement, _views = closed_engagement_with_views(
        {"hear_back": True, "email": "ceri@example.org"}
    )
    boss = make_user(Role.COMMISSIONER)
    outcome = services.create_outcome(engagement, details(), boss)
    change = services.add_change(outcome, ChangeDetails("A second minibus"), boss)
    services.record_progress(change, "Not yet public: no e-mail.", "done", boss)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    services.record_progress(change, "Back to work.", "in_progress", boss)
    services.publish_outcomes(engagement, boss)
    services.record_progress(change, "Done at last.", "done", boss)
    services.record_progress(change, "Wobbled.", "in_progress", boss)
    services.record_progress(change, "Done again.", "done", boss)
    subjects = list(db.session.scalars(select(OutboxMessage.subject)))
    assert len(subjects) == 2  # one for the outcomes, one for the change: never twice
    assert any(subject.startswith("A change is done") for subject in subjects)


def test_no_email_is_lost_while_the_mail_server_is_down(smtp_port):
    from tests.outbox.smtp import smtp_server

    engagement, _views = closed_engagement_with_views(
        {"hear_back": True, "email": "ceri@example.org"}
    )
    boss = make_user(Role.COMMISSIONER)
    services.create_outcome(engagement, details(), boss)
    services.publish_outcomes(engagement, boss)
    assert outbox.send_due().retrying == 1  # nothing listens yet
    with smtp_server(smtp_port) as server, frozen_clock(utcnow() + dt.timedelta(hours=1)):
        assert outbox.send_due().sent == 1
    assert [m["To"] for m in server.messages] == ["ceri@example.org"]
