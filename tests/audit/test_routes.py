import pytest
from sqlalchemy import update

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from tests.audit.helpers import tamper, write_entries
from tests.conftest import html
from tests.factories import make_user, sign_in


@pytest.fixture
def admin_client(client, app_context):
    admin = make_user(Role.ADMINISTRATOR)
    sign_in(client, admin)
    client.admin = admin
    return client


def _rows(page):
    return page.find("table").find("tbody").find_all("tr")


def test_the_log_shows_when_who_what_and_details_newest_first(admin_client):
    admin = admin_client.admin
    subject = make_user(Role.ADVOCATE)
    subject.name = "<b>Sam</b>"
    db.session.commit()
    from engagement_portal.audit import services as audit

    audit.record(admin, "account.role_changed", subject, **{"from": "advocate", "to": "provider"})
    db.session.commit()

    page = html(admin_client.get("/staff/audit"))

    headers = [th.get_text(strip=True) for th in page.find("thead").find_all("th")]
    assert headers == ["When", "Who", "Action", "Subject", "Details"]
    newest = _rows(page)[0].get_text(" ", strip=True)
    assert "account.role_changed" in newest
    assert admin.name in newest
    assert f"User {subject.id}" in newest
    assert "from: advocate" in newest
    assert "to: provider" in newest
    assert "The audit log verifies" in page.get_text()


def test_the_log_is_paginated_fifty_at_a_time(admin_client):
    write_entries(admin_client.admin, 55)  # 56 with the account's own entry

    first = html(admin_client.get("/staff/audit"))
    second = html(admin_client.get("/staff/audit?page=2"))
    nonsense = admin_client.get("/staff/audit?page=abc")

    assert len(_rows(first)) == 50
    assert len(_rows(second)) == 6
    assert first.find("a", rel="next")["href"] == "/staff/audit?page=2"
    assert second.find("a", rel="prev")["href"] == "/staff/audit?page=1"
    assert second.find("a", rel="next") is None
    assert nonsense.status_code == 200


def test_the_log_warns_when_an_entry_was_changed(admin_client):
    ids = write_entries(admin_client.admin, 3)
    tamper(update(AuditEvent).where(AuditEvent.id == ids[0]).values(action="x.y"))

    warning = html(admin_client.get("/staff/audit")).find(class_="govuk-warning-text")

    assert warning is not None
    assert "does not verify" in warning.get_text()
    assert str(ids[0]) in warning.get_text()
