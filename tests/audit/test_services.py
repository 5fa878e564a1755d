import pytest
from sqlalchemy import delete, update

from engagement_portal.audit import services as audit
from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from tests.audit.helpers import tamper, write_entries
from tests.factories import make_user


@pytest.fixture
def actor(app_context):
    return make_user(Role.ADMINISTRATOR)  # itself writes one entry: account.created


def test_an_untouched_log_verifies(actor):
    write_entries(actor, 3)
    assert audit.verify_chain() == []


def test_editing_an_entry_is_detected(actor):
    ids = write_entries(actor, 4)
    tamper(update(AuditEvent).where(AuditEvent.id == ids[1]).values(details={"number": 99}))

    assert audit.verify_chain() == [ids[1]]


def test_rewriting_an_entry_and_its_hash_is_detected_at_the_next_entry(actor):
    ids = write_entries(actor, 3)
    event = db.session.get(AuditEvent, ids[1])
    event.action = "test.something_else"
    event.entry_hash = audit._entry_hash(event.previous_hash, event)
    tamper()

    assert audit.verify_chain() == [ids[2]]


def test_deleting_an_entry_is_detected(actor):
    ids = write_entries(actor, 4)
    tamper(delete(AuditEvent).where(AuditEvent.id == ids[1]))

    assert audit.verify_chain() == [ids[2]]


def test_entries_record_who_did_what_to_what(actor):
    event = audit.record(actor, "account.role_changed", actor, **{"from": "a", "to": "b"}, why=None)
    db.session.commit()
    assert (event.actor_id, event.subject_type, event.subject_id) == (
        actor.id,
        "User",
        str(actor.id),
    )
    assert event.details == {"from": "a", "to": "b"}  # None values are left out


def test_pages_are_newest_first_fifty_at_a_time(actor):
    write_entries(actor, 60)  # 61 with the account's own entry
    first = audit.page(1)
    second = audit.page(2)

    assert (first.total, first.count, len(first.events), len(second.events)) == (61, 2, 50, 11)
    ids = [event.id for event in first.events + second.events]
    assert ids == sorted(ids, reverse=True)
    assert (first.has_previous, first.has_next, second.has_previous, second.has_next) == (
        False,
        True,
        True,
        False,
    )
    assert audit.page(99).number == 2
    assert audit.page(-3).number == 1
    assert first.broken == []


def test_an_empty_log_has_one_empty_page(app_context):
    page = audit.page(1)
    assert (page.total, page.count, page.events, page.broken) == (0, 1, [], [])
