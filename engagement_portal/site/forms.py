"""The "get this in another format" request."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import EmailField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional

from engagement_portal.core.forms import PortalForm, choices, strip_whitespace
from engagement_portal.core.widgets import Radios

FORMATS = {
    "easy_read": _l("Easy read"),
    "large_print": _l("Large print"),
    "audio": _l("Audio"),
    "braille": _l("Braille"),
    "bsl": _l("British Sign Language (BSL) video"),
    "language": _l("Another language"),
    "paper": _l("A paper copy by post"),
    "other": _l("Something else"),
}


class FormatRequestForm(PortalForm):
    what = StringField(
        _l("Which page or information do you need?"),
        description=_l("For example, the name of the engagement."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=300, message=_l("This must be 300 characters or fewer"))],
    )
    format = RadioField(
        _l("What format do you need?"),
        choices=choices(FORMATS),
        widget=Radios(),
        validators=[InputRequired(message=_l("Select the format you need"))],
    )
    details = TextAreaField(
        _l("Anything else we should know (optional)"),
        description=_l("For example, which language, or the size of print you need."),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[Length(max=2000, message=_l("This must be 2,000 characters or fewer"))],
    )
    name = StringField(
        _l("Your name (optional)"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=200, message=_l("Your name must be 200 characters or fewer"))],
    )
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            Optional(),
            Length(max=254, message=_l("Enter an email address like name@example.com")),
            Email(message=_l("Enter an email address like name@example.com")),
        ],
    )
    phone = StringField(
        _l("Phone number"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=40, message=_l("Enter a phone number of 40 characters or fewer"))],
    )
    submit = SubmitField(_l("Send request"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data:
            # Optional() ends the e-mail field's own checks when it is empty, so this
            # either-or rule is checked here, for the form as a whole.
            self.email.errors = [
                *self.email.errors,
                _l("Enter an email address or a phone number, so we can reply"),
            ]
            return False
        return valid
