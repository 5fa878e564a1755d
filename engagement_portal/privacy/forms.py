"""Forms for reaching the views someone gave, and for staff withdrawing on their behalf."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from engagement_portal.core.forms import PortalForm, strip_whitespace
from engagement_portal.core.references import normalise_reference


class ReferenceForm(PortalForm):
    reference = StringField(
        _l("Your reference"),
        description=_l("It was shown when you sent your views, for example EP-7KQ2-M9XD."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter your reference")),
            Length(max=40, message=_l("Enter a reference like EP-7KQ2-M9XD")),
        ],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def validate_reference(self, field):
        if normalise_reference(field.data or "") is None:
            raise ValidationError(_l("Enter a reference like EP-7KQ2-M9XD"))


class CodeForm(PortalForm):
    code = StringField(
        _l("Code"),
        description=_l("The 6 numbers in the email we sent."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter the code from the email")),
            Length(max=20, message=_l("Enter the 6 numbers from the email")),
        ],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def validate_code(self, field):
        digits = "".join((field.data or "").split())
        if len(digits) != 6 or not digits.isdigit():
            raise ValidationError(_l("Enter the 6 numbers from the email"))


class WithdrawForm(PortalForm):
    submit = SubmitField(_l("Withdraw my views"), widget=GovSubmitInput())


class StaffWithdrawForm(PortalForm):
    identity_check = TextAreaField(
        _l("How did you check this is the person who gave these views?"),
        description=_l(
            "For example: they phoned and told us their reference, the engagement and what "
            "they said. Do not write their name or contact details here."
        ),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter how you checked the person's identity")),
            Length(max=1000, message=_l("This must be 1,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Withdraw these views"), widget=GovSubmitInput())
