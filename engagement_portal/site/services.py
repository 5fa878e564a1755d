"""Requests for information in another format: an e-mail to the council's contact address
through the outbox, with a reference the person can quote. Nothing is logged."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from engagement_portal.core.references import new_reference
from engagement_portal.extensions import db
from engagement_portal.outbox import services as outbox

FORMAT_REQUEST_PURPOSE = "format-request"


@dataclass
class FormatRequest:
    what: str
    format: str
    format_label: str
    details: str
    name: str
    email: str
    phone: str
    language: str


def request_format(request: FormatRequest) -> str:
    """Queue the request for the council's team; returns its reference."""
    reference = new_reference()
    # The council's team reads it in the service's own language, whatever the page's.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Request for another format: %(reference)s", reference=reference)
        lines = [
            _("Someone asked for information in another format."),
            "",
            _("Reference: %(reference)s", reference=reference),
            _("Information: %(what)s", what=request.what or "-"),
            _("Format: %(format)s", format=request.format_label),
            _("Details: %(details)s", details=request.details or "-"),
            _("Name: %(name)s", name=request.name or "-"),
            _("Email: %(email)s", email=request.email or "-"),
            _("Phone: %(phone)s", phone=request.phone or "-"),
            _("Language of the page they used: %(language)s", language=request.language),
        ]
    outbox.enqueue(
        recipient=current_app.config["CONTACT_EMAIL"],
        subject=subject,
        body="\n".join(lines),
        purpose=FORMAT_REQUEST_PURPOSE,
    )
    db.session.commit()
    return reference
