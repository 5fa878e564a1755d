"""Staff accounts: signing in, inviting, roles. No Flask request objects in here."""

from __future__ import annotations

from sqlalchemy import func, select

from engagement_portal.accounts.models import Organisation, User
from engagement_portal.accounts.passwords import hash_password, needs_rehash, verify_password
from engagement_portal.audit import services as audit
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db


class AccountError(Exception):
    """A rule about accounts was broken; the message is safe to show."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(user_id: str) -> User | None:
    try:
        return db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        return None


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


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


def create_user(
    *,
    email: str,
    name: str,
    password: str,
    role: Role,
    organisation: Organisation | None = None,
    actor: User | None = None,
) -> User:
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this e-mail address already exists.")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
        role=Role(role).value,
        organisation=organisation,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "account.created", user, role=user.role)
    db.session.commit()
    return user


def get_or_create_organisation(name: str, *, is_provider: bool = False) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        organisation = Organisation(name=name, is_provider=is_provider)
        db.session.add(organisation)
        db.session.flush()
    return organisation
