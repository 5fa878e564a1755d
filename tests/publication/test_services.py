"""Setting and lifting restrictions: what is kept, what the public is told, and the audit log."""

import datetime as dt

import pytest
from sqlalchemy import select

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.extensions import db
from engagement_portal.publication import policy, services
from engagement_portal.publication.models import RestrictionKind
from engagement_portal.publication.services import RestrictionDetails, RestrictionError
from tests.factories import make_engagement, make_user
from tests.outcomes.helpers import give_view

pytestmark = pytest.mark.usefixtures("app_context")


def _target(view, level="response"):
    target_id = view.id if level == "response" else view.answers[0].id
    return services.find_target(level, target_id)


def test_a_restriction_keeps_who_set_it_when_and_both_reasons_and_is_audited():
    engagement = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    view = give_view(engagement)
    restriction = services.restrict(
        _target(view),
        RestrictionDetails("confidential", "It names a member of staff.", "Staff: J. Smith"),
        boss,
    )
    assert restriction.set_by_id == boss.id and restriction.set_at is not None
    assert restriction.engagement_id == engagement.id
    assert (restriction.public_reason, restriction.internal_note) == (
        "It names a member of staff.",
        "Staff: J. Smith",
    )
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "restriction.set"))
    assert event.details["kind"] == "confidential"
    assert "J. Smith" not in str(event.details)  # the internal note stays on the restriction


def test_lifting_is_recorded_needs_a_note_and_happens_once():
    engagement = make_engagement()
    boss, other = make_user(Role.COMMISSIONER), make_user(Role.COMMISSIONER)
    view = give_view(engagement)
    restriction = services.restrict(_target(view), RestrictionDetails("data_protection"), boss)
    with pytest.raises(RestrictionError):
        services.lift(restriction, other, "  ")
    services.lift(restriction, other, "The name was removed from the text.")
    assert restriction.lifted_by_id == other.id and restriction.lifted_at is not None
    assert not restriction.is_active
    with pytest.raises(RestrictionError):
        services.lift(restriction, boss, "again")


def test_a_safeguarding_hold_only_ever_tells_the_public_it_is_being_reviewed():
    engagement = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    view = give_view(engagement)
    restriction = services.restrict(
        _target(view, "answer"),
        RestrictionDetails("safeguarding", "Mentions abuse by a named carer"),
        boss,
    )
    assert restriction.public_reason == "It is being reviewed."
    assert services.public_reasons(engagement.id) == {}  # the notice says it, nothing more


def test_an_embargo_needs_a_future_end_and_ends_by_itself():
    engagement = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    view = give_view(engagement)
    with pytest.raises(RestrictionError):
        services.restrict(_target(view), RestrictionDetails("embargoed"), boss)
    with pytest.raises(RestrictionError):
        services.restrict(
            _target(view),
            RestrictionDetails("embargoed", embargo_until=utcnow() - dt.timedelta(minutes=1)),
            boss,
        )
    ends = utcnow() + dt.timedelta(days=1)
    restriction = services.restrict(
        _target(view), RestrictionDetails("embargoed", embargo_until=ends), boss
    )
    assert restriction.is_active and policy.next_change_at([engagement.id]) == ends
    with frozen_clock(ends):
        assert not restriction.is_active and restriction.has_ended_by_itself
        assert policy.next_change_at([engagement.id]) is None


def test_unknown_kinds_and_targets_are_refused():
    engagement = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    view = give_view(engagement)
    with pytest.raises(RestrictionError):
        services.restrict(_target(view), RestrictionDetails("secret"), boss)
    assert services.find_target("engagement", engagement.id) is None
    assert services.find_target("response", 10**9) is None
    assert set(services.KIND_LABELS) == set(RestrictionKind)
