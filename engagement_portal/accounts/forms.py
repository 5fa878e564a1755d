from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from engagement_portal.core.forms import PortalForm, strip_whitespace


class SignInForm(PortalForm):
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter your email address")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.com")
            ),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[
            DataRequired(message=_l("Enter your password")),
            Length(max=1000, message=_l("Password must be 1,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())
