"""Staff accounts: signing in, inviting, roles. No Flask request objects in here."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import pyotp
import segno
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from engagement_portal.accounts.models import (
    Invitation,
    Organisation,
    PasswordReset,
    RecoveryCode,
    User,
)
from engagement_portal.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from engagement_portal.accounts.roles import role_label
from engagement_portal.audit import services as audit
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db
from engagement_portal.outbox import services as outbox


class AccountError(Exception):
    """A rule about accounts was broken; the message is safe to show."""


class WrongPassword(AccountError):
    """The current password given to change it is not correct."""


class ResetLinkUnavailable(AccountError):
    """The password-reset link is unknown, expired, used or replaced: one error for all."""


class InvitationUnavailable(AccountError):
    """The invitation is unknown, expired or already used. Deliberately one error for all three,
    so a link tells nobody which of them it is."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(session_id: str) -> User | None:
    """The user a session belongs to, if the session is still good: its id carries the
    account's ``session_version`` at sign-in (``User.get_id``), and a raised version ends it."""
    user_id, _sep, version = str(session_id).partition(":")
    try:
        user_id, version = int(user_id), int(version)
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.session_version != version:
        return None
    return user


def _end_sessions(user: User) -> None:
    """Every session of ``user`` stops working at its next request (in this transaction)."""
    user.session_version = (user.session_version or 0) + 1


def sign_out_everywhere(user: User) -> None:
    """End every session of ``user``, on every device, the current one included."""
    _end_sessions(user)
    audit.record(user, "account.signed_out_everywhere", user)
    db.session.commit()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def list_users() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .options(selectinload(User.organisation))
            .order_by(func.lower(User.name), User.id)
        )
    )


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None. Same cost either way."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_signed_in_at = utcnow()
    db.session.commit()
    return user


def _add_user(
    *,
    email: str,
    name: str,
    password: str,
    role: Role,
    organisation: Organisation | None,
    actor: User | None,
    actor_is_new_user: bool = False,
    **audit_details,
) -> User:
    """Add a user and its audit entry to the session, without committing."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    if find_user_by_email(email) is not None:
        raise AccountError(_("An account with this email address already exists"))
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
        role=Role(role).value,
        organisation=organisation,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        user if actor_is_new_user else actor,
        "account.created",
        user,
        role=user.role,
        **audit_details,
    )
    return user


def create_user(
    *,
    email: str,
    name: str,
    password: str,
    role: Role,
    organisation: Organisation | None = None,
    actor: User | None = None,
) -> User:
    """Create an account directly (the first administrator, demo data, tests)."""
    user = _add_user(
        email=email,
        name=name,
        password=password,
        role=role,
        organisation=organisation,
        actor=actor,
        via=None if actor else "command",
    )
    db.session.commit()
    return user


def get_or_create_organisation(name: str, *, is_provider: bool = False) -> Organisation:
    """The organisation with this name (ignoring case and surrounding spaces), created if new.
    Naming it for a provider marks it as a provider."""
    name = " ".join(name.split())
    organisation = db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.lower())
    )
    if organisation is None:
        organisation = Organisation(name=name, is_provider=is_provider)
        db.session.add(organisation)
        db.session.flush()
    elif is_provider and not organisation.is_provider:
        organisation.is_provider = True
    return organisation


def _organisation_for(role: Role, organisation_name: str | None) -> Organisation | None:
    name = (organisation_name or "").strip()
    if role == Role.PROVIDER and not name:
        raise AccountError(_("Enter the name of the provider’s organisation"))
    if not name:
        return None
    return get_or_create_organisation(name, is_provider=role == Role.PROVIDER)


# --- Invitations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationSent:
    invitation: Invitation
    resent: bool


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_link(token: str) -> str:
    # Built from the URL map rather than url_for: this also runs outside a request (commands).
    path = current_app.url_map.bind("localhost").build(
        "accounts.accept_invitation", {"token": token}
    )
    return current_app.config["BASE_URL"] + path


def pending_invitations() -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.accepted_at.is_(None))
            .options(selectinload(Invitation.organisation))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


@dataclass(frozen=True)
class StaffOverview:
    users: list[User]
    invitations: list[Invitation]  # not yet accepted, newest first (expired ones included)


def staff_overview() -> StaffOverview:
    return StaffOverview(users=list_users(), invitations=pending_invitations())


def invite(
    actor: User, *, email: str, name: str, role: Role, organisation_name: str = ""
) -> InvitationSent:
    """Invite someone to become staff, and queue the e-mail with their link.

    Inviting an address that already has a waiting invitation renews that invitation (new link,
    new expiry, new details) instead of adding a second one; the old link stops working.
    """
    email = normalise_email(email)
    role = Role(role)
    if find_user_by_email(email) is not None:
        raise AccountError(_("An account with this email address already exists"))
    organisation = _organisation_for(role, organisation_name)

    invitation = db.session.scalar(
        select(Invitation)
        .where(func.lower(Invitation.email) == email, Invitation.accepted_at.is_(None))
        .order_by(Invitation.id.desc())
        .limit(1)
    )
    resent = invitation is not None
    if invitation is None:
        invitation = Invitation(email=email)
        db.session.add(invitation)

    token = secrets.token_urlsafe(32)
    now = utcnow()
    hours = current_app.config["INVITATION_LIFETIME_HOURS"]
    invitation.name = name.strip()
    invitation.role = role.value
    invitation.organisation = organisation
    invitation.token_hash = _token_hash(token)
    invitation.invited_by = actor
    invitation.created_at = now
    invitation.expires_at = now + dt.timedelta(hours=hours)
    db.session.flush()

    audit.record(actor, "invitation.sent", invitation, role=role.value, resent=resent or None)
    service = current_app.config["SERVICE_NAME"]
    org_name = current_app.config["ORG_NAME"]
    outbox.enqueue(
        recipient=email,
        subject=_("You are invited to %(service)s", service=service),
        body=_(
            "Hello %(name)s,\n\n"
            "%(inviter)s has invited you to %(service)s at %(org)s as: %(role)s.\n\n"
            "To set your password and create your account, open this link:\n"
            "%(link)s\n\n"
            "The link works once and stops working after %(hours)d hours.\n\n"
            "If you were not expecting this email, you can ignore it.\n",
            name=invitation.name,
            inviter=actor.name,
            service=service,
            org=org_name,
            role=role_label(role),
            link=_invitation_link(token),
            hours=hours,
        ),
        purpose="invitation",
    )
    db.session.commit()
    return InvitationSent(invitation, resent)


def invitation_for_token(token: str | None) -> Invitation | None:
    """The invitation this link may still be used for, or None (unknown, expired or used)."""
    if not token or len(token) > 200:
        return None
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if invitation is None or invitation.accepted_at is not None:
        return None
    if invitation.is_expired:
        return None
    if find_user_by_email(invitation.email) is not None:
        return None  # an account was made another way meanwhile
    return invitation


def accept_invitation(token: str, password: str) -> User:
    """Create the invited account. A link works once, even when two requests race for it."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    invitation = invitation_for_token(token)
    if invitation is None:
        raise InvitationUnavailable(_("This link has expired or has already been used"))
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
        .values(accepted_at=utcnow())
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise InvitationUnavailable(_("This link has expired or has already been used"))
    try:
        user = _add_user(
            email=invitation.email,
            name=invitation.name,
            password=password,
            role=Role(invitation.role),
            organisation=invitation.organisation,
            actor=None,
            actor_is_new_user=True,
            via="invitation",
            invitation=invitation.id,
            invited_by=invitation.invited_by_id,
        )
        db.session.commit()
    except (AccountError, IntegrityError):
        db.session.rollback()
        raise InvitationUnavailable(_("This link has expired or has already been used")) from None
    return user


# --- Passwords: forgotten, and changed by their owner -------------------------------------


def _reset_link(token: str) -> str:
    path = current_app.url_map.bind("localhost").build("accounts.reset_password", {"token": token})
    return current_app.config["BASE_URL"] + path


def _end_reset_links(user_id: int, now: dt.datetime) -> None:
    """Every reset link of this account still waiting stops working (in this transaction)."""
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.ended_at.is_(None))
        .values(ended_at=now)
    )


def request_password_reset(email: str) -> None:
    """E-mail a password-reset link if ``email`` belongs to an active account; otherwise do
    nothing visible. Whoever asks sees the same page, and the same work is done either way
    (a token made and hashed, the message written, the same UPDATE, a commit), so neither the
    answer nor its timing tells anyone whether an address has an account. Only the rows added
    for a real account differ. Asking again ends every earlier link."""
    user = find_user_by_email(email)
    if user is not None and not user.active:
        user = None
    token = secrets.token_urlsafe(32)
    token_hash = _token_hash(token)
    now = utcnow()
    minutes = current_app.config["RESET_LIFETIME_MINUTES"]
    service = current_app.config["SERVICE_NAME"]
    subject = _("Reset your password for %(service)s", service=service)
    body = _(
        "Someone, probably you, asked to reset the password of your account on "
        "%(service)s.\n\n"
        "To choose a new password, open this link:\n"
        "%(link)s\n\n"
        "The link works once and stops working after %(minutes)d minutes. "
        "Asking for another link stops this one working.\n\n"
        "If you did not ask, you can ignore this email: your password has not changed.\n",
        service=service,
        link=_reset_link(token),
        minutes=minutes,
    )
    # Id 0 belongs to nobody: the statement runs, and matches nothing, for unknown addresses.
    _end_reset_links(user.id if user is not None else 0, now)
    if user is not None:
        db.session.add(
            PasswordReset(
                user_id=user.id,
                token_hash=token_hash,
                created_at=now,
                expires_at=now + dt.timedelta(minutes=minutes),
            )
        )
        outbox.enqueue(recipient=user.email, subject=subject, body=body, purpose="password-reset")
    db.session.commit()


def reset_for_token(token: str | None) -> PasswordReset | None:
    """The reset this link may still be used for, or None (unknown, used, replaced, expired, or
    the account is no longer active)."""
    if not token or len(token) > 200:
        return None
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == _token_hash(token))
    )
    if reset is None or reset.ended_at is not None or reset.is_expired:
        return None
    if not reset.user.active:
        return None
    return reset


def _set_password(user: User, password: str, now: dt.datetime) -> None:
    user.password_hash = hash_password(password)
    _end_sessions(user)
    _end_reset_links(user.id, now)


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link, and end every session of the account. A link works
    once, even when two requests race for it."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    reset = reset_for_token(token)
    if reset is None:
        raise ResetLinkUnavailable(_("This link has expired or has already been used"))
    now = utcnow()
    claimed = db.session.execute(
        update(PasswordReset)
        .where(
            PasswordReset.id == reset.id,
            PasswordReset.ended_at.is_(None),
            PasswordReset.expires_at > now,
        )
        .values(ended_at=now)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise ResetLinkUnavailable(_("This link has expired or has already been used"))
    user = reset.user
    _set_password(user, password, now)
    audit.record(user, "account.password_reset", user, via="reset link")
    db.session.commit()
    return user


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    """A signed-in person changes their own password. Every session of the account ends,
    this one included: the caller signs them in again with a fresh session."""
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword(_("Your current password is not correct"))
    problem = password_problem(new_password)
    if problem:
        raise AccountError(problem)
    _set_password(user, new_password, utcnow())
    audit.record(user, "account.password_changed", user)
    db.session.commit()


# --- Administration --------------------------------------------------------------------------


def change_role(actor: User, user: User, *, role: Role, organisation_name: str = "") -> bool:
    """Give ``user`` a new role (and organisation). True if anything changed."""
    role = Role(role)
    if user.id == actor.id and role != Role.ADMINISTRATOR:
        raise AccountError(
            _("You cannot remove your own administrator role. Ask another administrator.")
        )
    organisation = _organisation_for(role, organisation_name)
    changed = False
    if user.role != role.value:
        audit.record(actor, "account.role_changed", user, **{"from": user.role, "to": role.value})
        user.role = role.value
        _end_sessions(user)  # they start again with what the new role allows
        changed = True
    new_organisation_id = organisation.id if organisation else None
    if user.organisation_id != new_organisation_id:
        audit.record(
            actor,
            "account.organisation_changed",
            user,
            **{"from": user.organisation_id, "to": new_organisation_id},
        )
        user.organisation = organisation
        if user.id != actor.id:  # an administrator keeps their own session
            _end_sessions(user)
        changed = True
    db.session.commit()
    return changed


def set_active(actor: User, user: User, active: bool) -> bool:
    """Deactivate or reactivate an account. A deactivated account is signed out at its next
    request and cannot sign in; its sessions stay ended when it is reactivated."""
    if user.id == actor.id and not active:
        raise AccountError(_("You cannot deactivate your own account"))
    if user.active == active:
        return False
    user.active = active
    if not active:
        _end_sessions(user)
    audit.record(actor, "account.reactivated" if active else "account.deactivated", user)
    db.session.commit()
    return True


# --- Two-step sign-in (TOTP, with single-use recovery codes) ---------------------------------

RECOVERY_CODE_COUNT = 10
TOTP_STEP_SECONDS = 30


class TwoStepNotAllowedOff(AccountError):
    """Two-step sign-in cannot be turned off for this role."""


def _required_roles() -> set[str]:
    setting = current_app.config.get("TWO_STEP_REQUIRED_ROLES") or ""
    return {part.strip() for part in setting.split(",") if part.strip()}


def two_step_required_for(user: User) -> bool:
    """Whether ``user``'s role must use two-step sign-in."""
    return user.role in _required_roles()


def has_two_step(user: User) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def must_set_up_two_step(user: User) -> bool:
    return two_step_required_for(user) and not has_two_step(user)


def new_totp_secret() -> str:
    return pyotp.random_base32()


@dataclass(frozen=True)
class TotpSetup:
    secret: str
    secret_groups: str  # in groups of 4, for typing into an app
    qr_data_uri: str


def totp_setup(user: User, secret: str) -> TotpSetup:
    uri = pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config.get("SERVICE_NAME") or "Engagement Portal"
    )
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4)
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    groups = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return TotpSetup(secret=secret, secret_groups=groups, qr_data_uri=data_uri)


def _timestep_now() -> int:
    return int(utcnow().replace(tzinfo=dt.UTC).timestamp()) // TOTP_STEP_SECONDS


def _matching_timestep(secret: str, code: str, after: int | None) -> int | None:
    """The time step (now, one before or one after: pyotp's valid_window=1) whose code is
    ``code``, if it is later than ``after`` (a code is never accepted twice)."""
    totp = pyotp.TOTP(secret)
    now = _timestep_now()
    for step in (now - 1, now, now + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _clean_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


def _recovery_hash(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, _clean_code(code).encode(), hashlib.sha256).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    codes = []
    for _n in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(raw)))
    return codes


def enable_two_step(user: User, secret: str, code: str) -> list[str]:
    """Turn two-step sign-in on once ``code`` shows the app has ``secret``. Returns the
    recovery codes, which are shown once and never again."""
    step = _matching_timestep(secret, _clean_code(code), None) if secret else None
    if step is None:
        raise AccountError(_("The code is not correct. Enter the 6-digit code the app shows now"))
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_timestep = step
    codes = _new_recovery_codes(user)
    audit.record(user, "account.two_step_enabled", user)
    db.session.commit()
    return codes


def disable_two_step(user: User, password: str) -> None:
    if two_step_required_for(user):
        raise TwoStepNotAllowedOff(_("Your role must use two-step sign-in"))
    if not verify_password(user.password_hash, password):
        raise WrongPassword(_("Your current password is not correct"))
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_timestep = None
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    audit.record(user, "account.two_step_disabled", user)
    db.session.commit()


def complete_two_step(user_id: int, code: str) -> User | None:
    """The user, if ``code`` is their current app code or one of their unused recovery codes."""
    user = db.session.get(User, user_id)
    if user is None or not user.active or not has_two_step(user):
        return None
    cleaned = _clean_code(code)
    if len(cleaned) == 6 and cleaned.isdigit():
        step = _matching_timestep(user.totp_secret, cleaned, user.totp_last_timestep)
        if step is None:
            return None
        # Claimed with one conditional update: two requests with the same code cannot both win.
        claimed = db.session.execute(
            update(User)
            .where(
                User.id == user.id,
                or_(User.totp_last_timestep.is_(None), User.totp_last_timestep < step),
            )
            .values(totp_last_timestep=step)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            db.session.rollback()
            return None
        set_committed_value(user, "totp_last_timestep", step)
    else:
        recovery = db.session.scalar(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == _recovery_hash(cleaned),
                RecoveryCode.used_at.is_(None),
            )
        )
        if recovery is None:
            return None
        claimed = db.session.execute(
            update(RecoveryCode)
            .where(RecoveryCode.id == recovery.id, RecoveryCode.used_at.is_(None))
            .values(used_at=utcnow())
        )
        if claimed.rowcount != 1:
            db.session.rollback()
            return None
        left = db.session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        audit.record(user, "account.recovery_code_used", user, left=left)
    user.last_signed_in_at = utcnow()
    db.session.commit()
    return user
