from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import func, select

from engagement_portal.accounts.roles import Role
from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db
from engagement_portal.privacy import services
from engagement_portal.privacy.models import PrivacyCode
from engagement_portal.privacy.services import CodeRefused, PrivacyError
from engagement_portal.responses.models import Answer, Response, ResponseDraft
from tests.factories import make_engagement, make_user
from tests.privacy.helpers import EMAIL, NAME, VIEW, code_in, codes_sent, give_views


def _code_for(response) -> str:
    services.request_code(response.reference.lower().replace("-", " "))
    return code_in(codes_sent()[-1].body)


def test_a_code_goes_to_the_address_given_and_only_its_hash_is_kept(app_context):
    response = give_views()
    code = _code_for(response)
    [message] = codes_sent()
    assert message.recipient == EMAIL
    stored = db.session.scalar(select(PrivacyCode))
    assert code not in stored.code_hash
    assert stored.expires_at - stored.created_at == dt.timedelta(minutes=15)
    assert services.verify_code(response.reference, code).id == response.id


@pytest.mark.parametrize("reference", ["EP-2222-3333", "not a reference", ""])
def test_no_code_is_sent_for_an_unknown_reference(app_context, reference):
    give_views()
    services.request_code(reference)
    assert codes_sent() == []


def test_no_code_is_sent_when_the_views_came_without_an_address(app_context):
    response = give_views(email="")
    services.request_code(response.reference)
    assert codes_sent() == []
    with pytest.raises(CodeRefused):
        services.verify_code(response.reference, "123456")


def test_a_code_works_once(app_context):
    response = give_views()
    code = _code_for(response)
    services.verify_code(response.reference, code)
    with pytest.raises(CodeRefused):
        services.verify_code(response.reference, code)


def test_a_wrong_code_is_refused_and_five_wrong_tries_end_the_code(app_context):
    response = give_views()
    code = _code_for(response)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        with pytest.raises(CodeRefused):
            services.verify_code(response.reference, wrong)
    with pytest.raises(CodeRefused):
        services.verify_code(response.reference, code)


def test_an_expired_code_is_refused(app_context):
    response = give_views()
    code = _code_for(response)
    stored = db.session.scalar(select(PrivacyCode))
    stored.expires_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(CodeRefused):
        services.verify_code(response.reference, code)


def test_a_new_code_replaces_the_old_one(app_context):
    response = give_views()
    old = _code_for(response)
    new = _code_for(response)
    if old != new:
        with pytest.raises(CodeRefused):
            services.verify_code(response.reference, old)
    assert services.verify_code(response.reference, new).id == response.id


def test_the_exports_hold_everything_given(app_context):
    response = give_views()
    data = json.loads(services.export_json(response))
    assert data["name"] == NAME
    assert data["email"] == EMAIL
    assert data["relationship_to_person"] == "Her daughter"
    assert [a["answer"] for a in data["answers"]] == [VIEW, "Every week", "agree"]

    rows = list(csv.reader(io.StringIO(services.export_csv(response))))
    assert ["name", NAME] in rows
    assert ["What works well at your day service?", VIEW] in rows
    assert ["How often do you go?", "Every week"] in rows


def test_csv_cells_cannot_become_formulas(app_context):
    engagement = make_engagement()
    first = engagement.questions[0]
    response = give_views(engagement)
    response.answers[0].text = '=HYPERLINK("http://evil.example")'
    db.session.commit()
    rows = list(csv.reader(io.StringIO(services.export_csv(response))))
    assert [first.text, '\'=HYPERLINK("http://evil.example")'] in rows


def test_withdrawal_removes_content_and_identity_and_keeps_a_tombstone(app_context):
    response = give_views()
    draft = ResponseDraft(
        token="t" * 64,
        engagement_id=response.engagement_id,
        data={"answers": {"1": VIEW}},
        submitted_reference=response.reference,
    )
    db.session.add(draft)
    db.session.commit()
    _code_for(response)

    services.withdraw(response)

    db.session.expire_all()
    tombstone = db.session.get(Response, response.id)
    assert tombstone.withdrawn_at is not None
    assert tombstone.channel == "online" and tombstone.submitted_at is not None
    assert tombstone.engagement_id == response.engagement_id
    for value in (
        tombstone.respondent_name,
        tombstone.email,
        tombstone.organisation_name,
        tombstone.relationship_to_person,
        tombstone.gathering_detail,
    ):
        assert value == ""
    answers = db.session.scalars(select(Answer).where(Answer.response_id == response.id)).all()
    assert answers and all(a.text == "" and a.choice_codes == [] for a in answers)
    assert db.session.scalar(select(func.count()).select_from(ResponseDraft)) == 0
    assert db.session.scalar(select(func.count()).select_from(PrivacyCode)) == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.withdrawn"))
    assert event.subject_id == str(response.id)
    assert NAME not in json.dumps(event.details) and EMAIL not in json.dumps(event.details)
    with pytest.raises(CodeRefused):
        services.verify_code(tombstone.reference, "000000")
    # The code e-mails went with the address, and a withdrawn view gets no new code.
    assert codes_sent() == []
    services.request_code(tombstone.reference)
    assert codes_sent() == []


def test_staff_withdrawal_needs_a_note_of_the_identity_check(app_context):
    staff = make_user(Role.COMMISSIONER)
    response = give_views()
    with pytest.raises(PrivacyError):
        services.withdraw_for_person(response.id, staff, "   ")
    assert db.session.get(Response, response.id).withdrawn_at is None

    services.withdraw_for_person(response.id, staff, "Phoned; told us the reference and view.")
    withdrawn = db.session.get(Response, response.id)
    assert withdrawn.withdrawn_by_id == staff.id
    assert withdrawn.withdrawal_note.startswith("Phoned")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.withdrawn"))
    assert event.actor_id == staff.id


def _closed_months_ago(engagement, months: int) -> None:
    engagement.closes_at = services.add_months(utcnow(), -months)
    engagement.opens_at = engagement.closes_at - dt.timedelta(days=30)
    db.session.commit()


def test_retention_removes_personal_data_only_when_its_time_is_up(app_context):
    old = make_engagement()
    old_response = give_views(old)
    recent = make_engagement()
    recent_response = give_views(recent)
    long_kept = make_engagement(retention_months=36)
    long_kept_response = give_views(long_kept)
    _closed_months_ago(old, 13)
    _closed_months_ago(recent, 11)
    _closed_months_ago(long_kept, 13)

    dry = services.run_retention(dry_run=True)
    assert (dry.engagements, dry.responses) == (1, 1)
    assert db.session.get(Response, old_response.id).respondent_name == NAME

    first = services.run_retention()
    assert (first.engagements, first.responses) == (1, 1)
    db.session.expire_all()
    cleared = db.session.get(Response, old_response.id)
    assert (cleared.respondent_name, cleared.email, cleared.organisation_name) == ("", "", "")
    assert cleared.relationship_to_person == "" and cleared.gathering_detail == ""
    assert cleared.answers[0].text == VIEW  # the views themselves stay
    for kept_id in (recent_response.id, long_kept_response.id):
        assert db.session.get(Response, kept_id).email == EMAIL

    second = services.run_retention()
    assert (second.engagements, second.responses) == (0, 0)
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "engagement.personal_data_removed")
        )
        == 1
    )


def test_months_are_added_as_calendar_months():
    assert services.add_months(dt.datetime(2025, 1, 31), 1) == dt.datetime(2025, 2, 28)
    assert services.add_months(dt.datetime(2025, 11, 15), 14) == dt.datetime(2027, 1, 15)
    assert services.add_months(dt.datetime(2025, 3, 15), -13) == dt.datetime(2024, 2, 15)


def test_codes_for_one_reference_are_capped_whoever_asks(app_context):
    response = give_views()
    for _ in range(5):
        services.request_code(response.reference)
    assert len(codes_sent()) == services.MAX_CODES_PER_WINDOW


def test_a_code_typed_in_another_scripts_digits_works(app_context):
    response = give_views()
    code = _code_for(response)
    arabic_indic = "".join(chr(0x0660 + int(digit)) for digit in code)
    assert services.verify_code(response.reference, arabic_indic).id == response.id


def test_asking_past_the_cap_does_not_cancel_the_code_already_sent(app_context):
    response = give_views()
    for _ in range(services.MAX_CODES_PER_WINDOW):
        code = _code_for(response)
    services.request_code(response.reference)  # past the cap: nothing happens
    assert services.verify_code(response.reference, code).id == response.id
