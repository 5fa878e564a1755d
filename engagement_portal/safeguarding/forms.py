from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from engagement_portal.core.forms import PortalForm, choices, strip_whitespace
from engagement_portal.core.widgets import CharacterCount, Radios
from engagement_portal.safeguarding.services import NOTE_MAX_LENGTH, REFER, RELEASE


class DecisionForm(PortalForm):
    decision = RadioField(
        _l("What is your decision?"),
        choices=choices(
            [
                (RELEASE, _l("Release: there is no safeguarding concern")),
                (REFER, _l("Refer to the safeguarding team")),
            ]
        ),
        description=_l("If you think anyone may be at risk of harm, refer it."),
        widget=Radios(),
        validators=[
            InputRequired(message=_l("Select whether to release the response or refer it"))
        ],
    )
    note = TextAreaField(
        _l("Note about your decision"),
        description=_l(
            "Say why, and for a referral who it was referred to and when. Only staff see this."
        ),
        widget=CharacterCount(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter a note about your decision")),
            Length(
                max=NOTE_MAX_LENGTH,
                message=_l("The note must be 5,000 characters or fewer"),
            ),
        ],
    )
    submit = SubmitField(_l("Save decision"), widget=GovSubmitInput())

    # Hints shown under each option (GOV.UK radios with hints).
    hints = {
        RELEASE: _l(
            "The ordinary publication rules then apply: the person's consent and any restrictions."
        ),
        REFER: _l("The response has been passed to the safeguarding team. It is never published."),
    }
