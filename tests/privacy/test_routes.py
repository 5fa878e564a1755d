from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from engagement_portal.accounts.roles import Role
from engagement_portal.audit.models import AuditEvent
from engagement_portal.extensions import db
from engagement_portal.outbox.services import send_due
from engagement_portal.responses.models import Response
from tests.conftest import FreshClient, html, post_form
from tests.factories import make_user, sign_in
from tests.privacy.helpers import EMAIL, NAME, VIEW, code_in, codes_sent, give_views


def test_the_privacy_notice_is_public_and_linked_from_every_page(client, app_context):
    page = html(client.get("/"))
    link = page.find("a", string="Privacy")
    assert link is not None and link["href"] == "/privacy"
    notice = client.get("/privacy")
    assert notice.status_code == 200
    text = html(notice).get_text()
    assert "Information Commissioner" in text and "public task" in text


def test_a_person_sees_downloads_and_withdraws_their_views_with_an_emailed_code(
    client, app_context, mailbox
):
    response = give_views()
    asked = post_form(client, "/your-views/", {"reference": response.reference.lower()})
    assert asked.status_code == 302 and asked.location.endswith("/your-views/code")

    assert send_due().sent == 1
    [email] = mailbox.messages
    assert email["To"] == EMAIL
    code = code_in(email.get_content())

    opened = post_form(client, "/your-views/code", {"code": code}, follow_redirects=True)
    assert opened.status_code == 200
    page = html(opened).get_text()
    assert VIEW in page and NAME in page and "Every week" in page

    as_json = client.get("/your-views/copy.json")
    assert as_json.mimetype == "application/json"
    assert "attachment" in as_json.headers["Content-Disposition"]
    assert json.loads(as_json.get_data(as_text=True))["answers"][0]["answer"] == VIEW
    as_csv = client.get("/your-views/copy.csv")
    assert as_csv.mimetype == "text/csv"
    assert ["email", EMAIL] in list(csv.reader(io.StringIO(as_csv.get_data(as_text=True))))

    done = post_form(client, "/your-views/withdraw", {}, follow_redirects=True)
    assert "Your views have been withdrawn" in html(done).get_text()
    db.session.expire_all()
    assert db.session.get(Response, response.id).withdrawn_at is not None
    # The session no longer opens anything.
    assert client.get("/your-views/copy").status_code == 302
    assert client.get("/your-views/copy.json").status_code == 302


def test_a_wrong_code_is_refused_on_the_page(client, app_context):
    response = give_views()
    post_form(client, "/your-views/", {"reference": response.reference})
    code = code_in(codes_sent()[-1].body)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    refused = post_form(client, "/your-views/code", {"code": wrong})
    assert refused.status_code == 200
    page = html(refused)
    assert page.title.string.startswith("Error:")
    assert "not right or has expired" in page.get_text()
    assert client.get("/your-views/copy").status_code == 302


def _answer_to(client, reference: str) -> tuple[int, str, str]:
    asked = post_form(client, "/your-views/", {"reference": reference})
    page = html(client.get("/your-views/code")).find("main").get_text()
    return asked.status_code, asked.location, page.replace(reference, "<reference>")


def test_asking_for_a_code_tells_nobody_whether_a_reference_exists(app, app_context):
    with_email = give_views()
    without_email = give_views(email="")
    answers = [
        _answer_to(FreshClient(app, app.response_class, use_cookies=True), reference)
        for reference in (with_email.reference, without_email.reference, "EP-2222-3333")
    ]
    assert answers[0] == answers[1] == answers[2]
    assert "If the reference <reference> has an email address" in answers[0][2]
    assert len(codes_sent()) == 1


def test_a_malformed_reference_is_asked_for_again(client, app_context):
    result = post_form(client, "/your-views/", {"reference": "my name is Morwenna"})
    assert result.status_code == 200
    assert "Enter a reference like EP-7KQ2-M9XD" in html(result).get_text()
    assert "my name is Morwenna" in result.get_data(as_text=True)  # what was typed is kept


def test_staff_withdraw_a_view_recording_how_they_checked_identity(client, app_context):
    staff = make_user(Role.COMMISSIONER)
    response = give_views()
    sign_in(client, staff)
    url = f"/staff/views/{response.id}/withdraw"
    assert url in client.get(f"/staff/views/{response.id}").get_data(as_text=True)

    refused = post_form(client, url, {"identity_check": ""})
    assert refused.status_code == 200
    assert "Enter how you checked the person's identity" in html(refused).get_text()
    db.session.expire_all()
    assert db.session.get(Response, response.id).withdrawn_at is None

    done = post_form(
        client, url, {"identity_check": "Phoned us, quoted the reference."}, follow_redirects=True
    )
    text = html(done).get_text()
    assert "Withdrawn on" in text
    assert VIEW not in text and NAME not in text
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.withdrawn"))
    listing = client.get(f"/staff/engagements/{response.engagement_id}/views")
    assert "Withdrawn on" in html(listing).get_text()


def test_advocates_are_not_offered_withdrawal(client, app_context):
    advocate = make_user(Role.ADVOCATE)
    response = give_views()
    response.entered_by_id = advocate.id
    db.session.commit()
    sign_in(client, advocate)
    page = client.get(f"/staff/views/{response.id}").get_data(as_text=True)
    assert "/withdraw" not in page
    assert client.get(f"/staff/views/{response.id}/withdraw").status_code in (403, 404)
