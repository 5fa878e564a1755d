import datetime as dt

import pytest
from sqlalchemy import select

from engagement_portal.accounts import services
from engagement_portal.accounts.models import Invitation, User
from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.extensions import db
from tests.accounts.helpers import invitation_messages, invitation_path
from tests.conftest import html, post_form
from tests.factories import PASSWORD, make_user, sign_in

NEW_PASSWORD = "my new staff passphrase"
UNAVAILABLE = "This link has expired or been used"


@pytest.fixture
def admin(app_context):
    return make_user(Role.ADMINISTRATOR)


@pytest.fixture
def admin_client(client, admin):
    sign_in(client, admin)
    return client


def _invite(client, **fields):
    data = {"email": "new@example.org", "name": "New Person", "role": "advocate"}
    data.update(fields)
    return post_form(client, "/staff/accounts/invite", data)


def _error_summary(response) -> str:
    summary = html(response).find(class_="govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def test_invite_accept_and_sign_in(admin_client, other_client, app):
    response = _invite(
        admin_client,
        email="Ada@Example.org",
        name="Ada Lovelace",
        role="provider",
        organisation_name="Acme Care",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/accounts"
    listing = html(admin_client.get("/staff/accounts")).get_text()
    assert "Invitation sent." in listing
    assert "ada@example.org" in listing

    path = invitation_path("ada@example.org")
    message = invitation_messages("ada@example.org")[0]
    assert message.body.count(app.config["BASE_URL"] + path) == 1

    invitee = other_client  # the invited person's own browser
    page = html(invitee.get(path))
    assert "Ada Lovelace" in page.get_text()
    assert "Service provider" in page.get_text()
    assert "Acme Care" in page.get_text()

    mismatch = post_form(invitee, path, {"password": NEW_PASSWORD, "password_confirm": "x"})
    assert "The passwords do not match" in _error_summary(mismatch)
    assert html(mismatch).title.get_text().startswith("Error:")
    short = post_form(invitee, path, {"password": "short", "password_confirm": "short"})
    assert "12 characters or more" in _error_summary(short)

    accepted = post_form(
        invitee, path, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    )
    assert accepted.status_code == 302
    assert accepted.headers["Location"] == "/sign-in"

    signed_in = post_form(
        invitee, "/sign-in", {"email": "ada@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.headers["Location"] == "/staff"
    assert "Signed in as Ada Lovelace" in html(invitee.get("/staff")).get_text()


def test_a_used_link_shows_the_same_friendly_page_as_an_unknown_one(admin_client, other_client):
    _invite(admin_client)
    path = invitation_path("new@example.org")
    form = {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    assert post_form(other_client, path, form).status_code == 302

    reused = other_client.get(path)
    reposted = post_form(other_client, path, form, token_from="/sign-in")
    unknown = other_client.get("/invitation/not-a-real-token")

    for response in (reused, reposted, unknown):
        assert response.status_code == 200
        assert UNAVAILABLE in html(response).find("h1").get_text()
        assert html(response).find("input", attrs={"name": "password"}) is None
    assert len(list(db.session.scalars(select(User)))) == 2


def test_an_expired_link_shows_the_friendly_page(admin_client, admin, other_client, app):
    now = utcnow()
    with frozen_clock(now):
        _invite(admin_client)
    path = invitation_path("new@example.org")
    later = now + dt.timedelta(hours=app.config["INVITATION_LIFETIME_HOURS"], seconds=1)
    with frozen_clock(later):
        sign_in(admin_client, admin)  # days later: the old staff session has ended
        response = other_client.get(path)
        listing = html(admin_client.get("/staff/accounts")).get_text()
    assert response.status_code == 200
    assert "Expired" in listing
    assert UNAVAILABLE in html(response).find("h1").get_text()


def test_invite_form_keeps_what_was_typed_and_explains_errors(admin_client):
    response = _invite(admin_client, email="not-an-email", name="Kept <b>Name</b>", role="provider")
    summary = _error_summary(response)
    assert "Enter an email address in the correct format" in summary
    assert "Enter the name of the provider’s organisation" in summary
    page = html(response)
    assert page.find("input", attrs={"name": "name"})["value"] == "Kept <b>Name</b>"
    assert page.find("input", attrs={"name": "role", "value": "provider"}).has_attr("checked")
    assert db.session.scalar(select(Invitation)) is None


def test_invite_form_offers_each_role_with_a_hint(admin_client):
    page = html(admin_client.get("/staff/accounts/invite"))
    radios = page.find_all("input", attrs={"name": "role"})
    assert [radio["value"] for radio in radios] == [
        "commissioner",
        "advocate",
        "provider",
        "administrator",
    ]
    for radio in radios:
        hint = page.find(id=radio["aria-describedby"])
        assert hint.get_text(strip=True)


def test_inviting_an_existing_account_says_so_and_sends_nothing(admin_client, admin):
    response = _invite(admin_client, email=admin.email)
    assert "already exists" in _error_summary(response)
    assert invitation_messages() == []


def test_reinviting_says_the_old_link_stopped_working(admin_client):
    _invite(admin_client)
    old = invitation_path("new@example.org")
    response = _invite(admin_client)
    assert response.status_code == 302
    assert "no longer works" in html(admin_client.get("/staff/accounts")).get_text()
    assert invitation_path("new@example.org") != old
    assert UNAVAILABLE in html(admin_client.get(old)).get_text()
    assert len(list(db.session.scalars(select(Invitation)))) == 1


def test_users_page_lists_staff_with_links_and_escapes_names(admin_client):
    organisation = services.get_or_create_organisation("Acme Care", is_provider=True)
    db.session.commit()
    user = make_user(Role.PROVIDER, organisation=organisation)
    user.name = "<script>alert(1)</script>"
    db.session.commit()

    response = admin_client.get("/staff/accounts")
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    row = html(response).find("a", href=f"/staff/accounts/{user.id}").find_parent("tr")
    text = row.get_text(" ", strip=True)
    assert "<script>alert(1)</script>" in text
    assert user.email in text
    assert "Service provider" in text
    assert "Acme Care" in text
    assert "Never signed in" in text


def test_role_change_through_the_user_page(admin_client, admin):
    user = make_user(Role.ADVOCATE)
    url = f"/staff/accounts/{user.id}"
    response = post_form(
        admin_client,
        f"{url}/role",
        {"role": "commissioner", "organisation_name": ""},
        token_from=url,
    )
    assert response.headers["Location"] == url
    assert db.session.get(User, user.id).role == "commissioner"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.role_changed"))
    assert event.actor_id == admin.id
    assert event.details == {"from": "advocate", "to": "commissioner"}


def test_an_administrator_is_told_they_cannot_demote_themselves(admin_client, admin):
    url = f"/staff/accounts/{admin.id}"
    response = post_form(admin_client, f"{url}/role", {"role": "advocate"}, token_from=url)
    assert response.status_code == 200
    assert "You cannot remove your own administrator role" in _error_summary(response)
    assert db.session.get(User, admin.id).role == "administrator"


def test_an_administrator_is_told_they_cannot_deactivate_themselves(admin_client, admin):
    url = f"/staff/accounts/{admin.id}"
    response = post_form(admin_client, f"{url}/deactivate", {}, token_from=url)
    assert response.status_code == 200
    assert "You cannot deactivate your own account" in _error_summary(response)
    assert db.session.get(User, admin.id).active is True


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in(other_client, admin_client):
    user = make_user(Role.COMMISSIONER)
    their_client = other_client
    sign_in(their_client, user)
    assert their_client.get("/staff").status_code == 200

    url = f"/staff/accounts/{user.id}"
    post_form(admin_client, f"{url}/deactivate", {}, token_from=url)
    assert db.session.get(User, user.id).active is False
    assert "Deactivated" in html(admin_client.get(url)).get_text()

    next_request = their_client.get("/staff")
    assert next_request.status_code == 302
    assert next_request.headers["Location"].startswith("/sign-in")
    again = post_form(their_client, "/sign-in", {"email": user.email, "password": PASSWORD})
    assert again.status_code == 200
    assert "Enter a correct email address and password" in _error_summary(again)

    post_form(admin_client, f"{url}/reactivate", {}, token_from=url)
    sign_in(their_client, user)
    assert [e for e in db.session.scalars(select(AuditEvent.action)) if "activated" in e] == [
        "account.deactivated",
        "account.reactivated",
    ]


def test_wrong_password_keeps_the_email_and_does_not_sign_in(client, app_context):
    user = make_user(Role.ADVOCATE)
    response = post_form(client, "/sign-in", {"email": user.email, "password": "wrong password"})
    assert response.status_code == 200
    assert "Enter a correct email address and password" in _error_summary(response)
    assert html(response).find("input", attrs={"name": "email"})["value"] == user.email
    assert html(response).find("input", attrs={"name": "password"}).get("value", "") == ""
    assert client.get("/staff").status_code == 302


@pytest.mark.parametrize(
    "next_url",
    [
        "//evil.example",
        "https://evil.example",
        "https://evil.example/staff",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_sign_in_never_redirects_off_site(client, app_context, next_url):
    user = make_user(Role.ADVOCATE)
    response = post_form(
        client,
        f"/sign-in?next={next_url}",
        {"email": user.email, "password": PASSWORD},
        token_from="/sign-in",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff"


def test_sign_in_returns_to_the_page_asked_for(client, admin):
    response = client.get("/staff/accounts")
    assert response.status_code == 302
    target = response.headers["Location"]
    signed_in = post_form(
        client, target, {"email": admin.email, "password": PASSWORD}, token_from="/sign-in"
    )
    assert signed_in.headers["Location"] == "/staff/accounts"


def test_an_administrator_finds_accounts_and_the_audit_log_from_their_work_page(admin_client):
    links = {a["href"] for a in html(admin_client.get("/staff")).find("main").find_all("a")}
    assert {"/staff/accounts", "/staff/audit"} <= links


def test_other_staff_are_not_offered_the_administration_pages(client, app_context):
    sign_in(client, make_user(Role.COMMISSIONER))
    links = {a["href"] for a in html(client.get("/staff")).find("main").find_all("a")}
    assert not links & {"/staff/accounts", "/staff/audit"}
