"""What each staff role is called and what it is for, in the reader's language."""

from flask_babel import lazy_gettext as _l

from engagement_portal.core.access import Role

ROLE_LABELS = {
    Role.COMMISSIONER: _l("Commissioner"),
    Role.ADVOCATE: _l("Advocate"),
    Role.PROVIDER: _l("Service provider"),
    Role.ADMINISTRATOR: _l("Administrator"),
}

ROLE_HINTS = {
    Role.COMMISSIONER: _l(
        "Plans and runs engagements, reads views and publishes what was decided."
    ),
    Role.ADVOCATE: _l("Gives views on behalf of people who cannot easily give them themselves."),
    Role.PROVIDER: _l("Works for a service provider: sees and answers feedback about its service."),
    Role.ADMINISTRATOR: _l("Invites staff, changes roles and reads the audit log."),
}


def role_label(role: str) -> str:
    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:
        return role
