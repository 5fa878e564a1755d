import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

from engagement_portal.accounts import services
from engagement_portal.accounts.models import Invitation, User
from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.extensions import db
from tests.accounts.helpers import invitation_messages, invitation_token
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "a long enough passphrase"


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def admin(app_context):
    return make_user(Role.ADMINISTRATOR)


def test_invitation_keeps_only_a_hash_of_the_emailed_token(admin):
    sent = services.invite(
        admin, email="New.Person@Example.org ", name="New Person", role="advocate"
    )

    token = invitation_token("new.person@example.org")
    invitation = db.session.get(Invitation, sent.invitation.id)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in invitation.__dict__.values()]
    assert not any(token in value for value in stored)
    assert len(token) >= 43  # token_urlsafe(32)
    assert invitation.email == "new.person@example.org"


def test_invitation_expires_after_the_configured_lifetime(app, admin):
    now = dt.datetime(2030, 1, 1, 9, 0)
    with frozen_clock(now):
        services.invite(admin, email="late@example.org", name="Late", role="commissioner")
    token = invitation_token("late@example.org")
    hours = app.config["INVITATION_LIFETIME_HOURS"]
    with frozen_clock(now + dt.timedelta(hours=hours) - dt.timedelta(seconds=1)):
        assert services.invitation_for_token(token) is not None
    with frozen_clock(now + dt.timedelta(hours=hours)):
        assert services.invitation_for_token(token) is None
        with pytest.raises(services.InvitationUnavailable):
            services.accept_invitation(token, NEW_PASSWORD)
    assert services.find_user_by_email("late@example.org") is None


def test_accepting_creates_the_account_once_and_audits_both_steps(admin):
    services.invite(admin, email="adv@example.org", name="Ada Vocate", role="advocate")
    token = invitation_token("adv@example.org")

    user = services.accept_invitation(token, NEW_PASSWORD)

    assert (user.role, user.name, user.active) == ("advocate", "Ada Vocate", True)
    assert services.authenticate("adv@example.org", NEW_PASSWORD).id == user.id
    assert services.invitation_for_token(token) is None
    with pytest.raises(services.InvitationUnavailable):
        services.accept_invitation(token, NEW_PASSWORD)
    assert db.session.scalar(select(func.count()).select_from(User)) == 2
    assert _actions()[-2:] == ["invitation.sent", "account.created"]
    created = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "account.created", AuditEvent.subject_id == str(user.id)
        )
    )
    assert created.actor_id == user.id
    assert created.details["invited_by"] == admin.id


def test_unknown_and_silly_tokens_are_simply_unavailable(admin):
    for token in ["", "nope", "x" * 5000, "../../etc/passwd"]:
        assert services.invitation_for_token(token) is None
        with pytest.raises(services.InvitationUnavailable):
            services.accept_invitation(token, NEW_PASSWORD)


def test_a_short_password_is_refused_and_the_link_still_works(admin):
    services.invite(admin, email="short@example.org", name="Short", role="advocate")
    token = invitation_token("short@example.org")

    with pytest.raises(services.AccountError, match="12 characters"):
        services.accept_invitation(token, "elevenchars")
    with pytest.raises(services.AccountError, match="1,000"):
        services.accept_invitation(token, "x" * 1001)

    assert services.invitation_for_token(token) is not None
    assert services.accept_invitation(token, "twelve chars").email == "short@example.org"


def test_inviting_an_existing_account_is_refused_without_side_effects(admin):
    with pytest.raises(services.AccountError, match="already exists"):
        services.invite(admin, email=admin.email.upper(), name="Again", role="advocate")
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert invitation_messages() == []


def test_reinviting_renews_the_one_invitation_and_retires_the_old_link(admin):
    first = services.invite(admin, email="twice@example.org", name="Old Name", role="advocate")
    old_token = invitation_token("twice@example.org")

    second = services.invite(admin, email="TWICE@example.org", name="New Name", role="commissioner")
    new_token = invitation_token("twice@example.org")

    assert (first.resent, second.resent) == (False, True)
    assert second.invitation.id == first.invitation.id
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 1
    assert len(invitation_messages("twice@example.org")) == 2
    assert services.invitation_for_token(old_token) is None
    user = services.accept_invitation(new_token, NEW_PASSWORD)
    assert (user.name, user.role) == ("New Name", "commissioner")


def test_a_provider_must_belong_to_an_organisation(admin):
    with pytest.raises(services.AccountError, match="organisation"):
        services.invite(admin, email="p@example.org", name="P", role="provider")

    services.invite(
        admin, email="p@example.org", name="P", role="provider", organisation_name=" Acme  Care "
    )
    user = services.accept_invitation(invitation_token("p@example.org"), NEW_PASSWORD)
    assert user.organisation.name == "Acme Care"
    assert user.organisation.is_provider
    # The same organisation, however it is typed.
    services.invite(
        admin, email="q@example.org", name="Q", role="provider", organisation_name="acme care"
    )
    other = services.accept_invitation(invitation_token("q@example.org"), NEW_PASSWORD)
    assert other.organisation_id == user.organisation_id


def test_an_account_made_another_way_retires_its_invitation(admin):
    services.invite(admin, email="both@example.org", name="Both", role="advocate")
    token = invitation_token("both@example.org")
    make_user(Role.COMMISSIONER, email="both@example.org")

    assert services.invitation_for_token(token) is None
    with pytest.raises(services.InvitationUnavailable):
        services.accept_invitation(token, NEW_PASSWORD)


def test_role_change_is_audited_with_from_and_to(admin):
    user = make_user(Role.ADVOCATE)

    assert services.change_role(admin, user, role=Role.COMMISSIONER) is True
    assert services.change_role(admin, user, role=Role.COMMISSIONER) is False

    assert user.role == "commissioner"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.role_changed"))
    assert (event.actor_id, event.subject_id) == (admin.id, str(user.id))
    assert event.details == {"from": "advocate", "to": "commissioner"}
    assert _actions().count("account.role_changed") == 1


def test_changing_to_provider_needs_an_organisation(admin):
    user = make_user(Role.ADVOCATE)
    with pytest.raises(services.AccountError):
        services.change_role(admin, user, role=Role.PROVIDER)
    db.session.rollback()
    services.change_role(admin, user, role=Role.PROVIDER, organisation_name="Acme Care")
    assert (user.role, user.organisation.name) == ("provider", "Acme Care")
    assert "account.organisation_changed" in _actions()


def test_an_administrator_cannot_demote_or_deactivate_themselves(admin):
    with pytest.raises(services.AccountError, match="your own administrator role"):
        services.change_role(admin, admin, role=Role.COMMISSIONER)
    with pytest.raises(services.AccountError, match="your own account"):
        services.set_active(admin, admin, False)
    db.session.rollback()
    assert (admin.role, admin.active) == ("administrator", True)
    assert "account.role_changed" not in _actions()


def test_a_deactivated_account_cannot_sign_in_until_reactivated(admin):
    user = make_user(Role.PROVIDER)

    assert services.set_active(admin, user, False) is True
    assert services.authenticate(user.email, PASSWORD) is None
    assert user.is_authenticated is False  # Flask-Login signs it out at its next request

    assert services.set_active(admin, user, True) is True
    assert services.authenticate(user.email, PASSWORD).id == user.id
    assert _actions()[-2:] == ["account.deactivated", "account.reactivated"]


def test_authenticate_refuses_a_wrong_password_and_an_unknown_email(app_context):
    user = make_user(Role.COMMISSIONER)
    before = user.last_signed_in_at
    assert services.authenticate(user.email, PASSWORD + "x") is None
    assert services.authenticate("nobody@example.org", PASSWORD) is None
    assert db.session.get(User, user.id).last_signed_in_at == before
    signed_in = services.authenticate(user.email.upper(), PASSWORD)
    assert signed_in.last_signed_in_at is not None
    assert signed_in.last_signed_in_at <= utcnow()


def test_create_user_refuses_short_passwords_and_duplicates(app_context):
    with pytest.raises(services.AccountError):
        services.create_user(email="a@example.org", name="A", password="short", role="advocate")
    make_user(Role.ADVOCATE, email="a@example.org")
    with pytest.raises(services.AccountError):
        make_user(Role.ADVOCATE, email="A@example.org")


@pytest.mark.production_hashing
def test_passwords_are_hashed_with_argon2id_at_production_cost(app_context):
    from argon2 import extract_parameters

    from engagement_portal.accounts.passwords import hash_password, verify_password

    stored = hash_password("correct horse battery staple")
    parameters = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    # At least OWASP ASVS's floor for argon2id: 19 MiB of memory, 2 passes.
    assert parameters.memory_cost >= 19 * 1024 and parameters.time_cost >= 2
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapler")
