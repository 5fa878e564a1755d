from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from engagement_portal.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from engagement_portal.accounts.roles import ROLE_HINTS, ROLE_LABELS
from engagement_portal.core.access import Role
from engagement_portal.core.forms import PortalForm, strip_whitespace
from engagement_portal.core.widgets import Password, Radios


def _email_field(label, required_message):
    return EmailField(
        label,
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=required_message),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.com")
            ),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
    )


class SignInForm(PortalForm):
    email = _email_field(_l("Email address"), _l("Enter your email address"))
    password = PasswordField(
        _l("Password"),
        widget=Password(),
        validators=[
            DataRequired(message=_l("Enter your password")),
            Length(max=1000, message=_l("Password must be 1,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


def _role_field(label):
    return RadioField(
        label,
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in Role],
        widget=Radios({role.value: ROLE_HINTS[role] for role in Role}),
        validators=[DataRequired(message=_l("Select a role"))],
    )


def _organisation_field():
    return StringField(
        _l("Organisation"),
        description=_l("Needed for service providers: the organisation that runs the service."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=200, message=_l("Organisation must be 200 characters or fewer"))],
    )


class _ProviderNeedsOrganisation:
    def validate_organisation_name(self, field):
        if self.role.data == Role.PROVIDER.value and not field.data:
            raise ValidationError(_l("Enter the name of the provider’s organisation"))


class InviteForm(_ProviderNeedsOrganisation, PortalForm):
    email = _email_field(_l("Email address"), _l("Enter their email address"))
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter their full name")),
            Length(max=200, message=_l("Full name must be 200 characters or fewer")),
        ],
    )
    role = _role_field(_l("Role"))
    organisation_name = _organisation_field()
    submit = SubmitField(_l("Send invitation"), widget=GovSubmitInput())


class AcceptInvitationForm(PortalForm):
    password = PasswordField(
        _l("Create a password"),
        description=_l("Use 12 characters or more. A few words you will remember work well."),
        widget=Password(),
        validators=[
            DataRequired(message=_l("Enter a password")),
            Length(
                min=MIN_LENGTH,
                message=_l("Password must be 12 characters or more"),
            ),
            Length(max=MAX_LENGTH, message=_l("Password must be 1,000 characters or fewer")),
        ],
    )
    password_confirm = PasswordField(
        _l("Enter the password again"),
        widget=Password(),
        validators=[
            DataRequired(message=_l("Enter the password again")),
            EqualTo("password", message=_l("The passwords do not match")),
        ],
    )
    submit = SubmitField(_l("Create account"), widget=GovSubmitInput())


class RoleForm(_ProviderNeedsOrganisation, PortalForm):
    role = _role_field(_l("Role"))
    organisation_name = _organisation_field()
    submit = SubmitField(_l("Save role"), widget=GovSubmitInput())


class AccountStatusForm(PortalForm):
    """Deactivate or reactivate: the button is the whole form (plus its CSRF token)."""


def _new_password_field():
    return PasswordField(
        _l("New password"),
        description=_l("Use 12 characters or more. A few words you will remember work well."),
        widget=Password(),
        validators=[
            DataRequired(message=_l("Enter a new password")),
            Length(min=MIN_LENGTH, message=_l("Password must be 12 characters or more")),
            Length(max=MAX_LENGTH, message=_l("Password must be 1,000 characters or fewer")),
        ],
    )


def _new_password_again_field():
    return PasswordField(
        _l("Enter the new password again"),
        widget=Password(),
        validators=[
            DataRequired(message=_l("Enter the new password again")),
            EqualTo("password", message=_l("The passwords do not match")),
        ],
    )


class ResetRequestForm(PortalForm):
    email = _email_field(_l("Email address"), _l("Enter your email address"))
    submit = SubmitField(_l("Send me a link"), widget=GovSubmitInput())


class ResetPasswordForm(PortalForm):
    password = _new_password_field()
    password_confirm = _new_password_again_field()
    submit = SubmitField(_l("Save new password"), widget=GovSubmitInput())


class ChangePasswordForm(PortalForm):
    current_password = PasswordField(
        _l("Current password"),
        widget=Password(),
        validators=[
            DataRequired(message=_l("Enter your current password")),
            Length(max=MAX_LENGTH, message=_l("Password must be 1,000 characters or fewer")),
        ],
    )
    password = _new_password_field()
    password_confirm = _new_password_again_field()
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class TwoStepCodeForm(PortalForm):
    code = StringField(
        _l("Code"),
        description=_l(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        ),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter the code")),
            Length(max=40, message=_l("Code must be 40 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class TwoStepSetupForm(PortalForm):
    code = StringField(
        _l("Code from the app"),
        description=_l("The 6-digit code the app shows after you add this account."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter the 6-digit code from the app")),
            Length(max=40, message=_l("Code must be 40 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Turn on two-step sign-in"), widget=GovSubmitInput())


class TwoStepOffForm(PortalForm):
    current_password = PasswordField(
        _l("Current password"),
        widget=Password(),
        validators=[
            DataRequired(message=_l("Enter your current password")),
            Length(max=MAX_LENGTH, message=_l("Password must be 1,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Turn off two-step sign-in"), widget=GovSubmitInput())
