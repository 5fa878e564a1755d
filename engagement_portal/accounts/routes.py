from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from engagement_portal.accounts import services, sessions
from engagement_portal.accounts.forms import (
    AcceptInvitationForm,
    AccountStatusForm,
    ChangePasswordForm,
    InviteForm,
    ResetPasswordForm,
    ResetRequestForm,
    RoleForm,
    SignInForm,
    TwoStepCodeForm,
    TwoStepOffForm,
    TwoStepSetupForm,
)
from engagement_portal.accounts.roles import role_label
from engagement_portal.core import rate_limits
from engagement_portal.core.access import Role, public, roles, signed_in
from engagement_portal.core.forms import PortalForm
from engagement_portal.core.urls import safe_next_url

bp = Blueprint("accounts", __name__)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@rate_limits.sign_in_limits
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            next_url = safe_next_url(request.args.get("next"), url_for("site.staff_home"))
            if services.has_two_step(user):
                sessions.begin_two_step(user)  # not signed in until the code is right
                return redirect(url_for("accounts.two_step", next=next_url))
            sessions.start(user)  # a fresh session at sign-in: no fixation
            return redirect(next_url)
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@rate_limits.two_step_limits
def two_step():
    user_id = sessions.pending_user_id()
    if user_id is None:  # no password yet, or the time to type the code has run out
        return render_template("accounts/two_step_expired.html")
    form = TwoStepCodeForm()
    if form.validate_on_submit():
        user = services.complete_two_step(user_id, form.code.data)
        if user is not None:
            sessions.start(user)  # a fresh session at sign-in: no fixation
            return redirect(safe_next_url(request.args.get("next"), url_for("site.staff_home")))
        form.code.errors.append(_("The code is not correct, or it has already been used"))
    return render_template("accounts/two_step.html", form=form)


@bp.route("/staff/two-step", methods=["GET", "POST"])
@signed_in
@rate_limits.password_limits
def two_step_setup():
    user = current_user._get_current_object()
    if services.has_two_step(user):
        return render_template(
            "accounts/two_step_on.html",
            form=TwoStepOffForm(),
            required=services.two_step_required_for(user),
        )
    form = TwoStepSetupForm()
    secret = sessions.setup_secret()
    if form.validate_on_submit():
        try:
            codes = services.enable_two_step(user, secret, form.code.data)
        except services.AccountError as error:
            form.code.errors.append(str(error))
        else:
            sessions.forget_setup_secret()
            return render_template("accounts/two_step_codes.html", codes=codes)
    return render_template(
        "accounts/two_step_setup.html",
        form=form,
        setup=services.totp_setup(user, secret),
        required=services.two_step_required_for(user),
    )


@bp.route("/staff/two-step/off", methods=["POST"])
@signed_in
@rate_limits.password_limits
def two_step_off():
    user = current_user._get_current_object()
    form = TwoStepOffForm()
    if form.validate_on_submit():
        try:
            services.disable_two_step(user, form.current_password.data)
        except services.AccountError as error:
            form.current_password.errors.append(str(error))
        else:
            flash(_("Two-step sign-in is off."))
            return redirect(url_for("site.staff_home"))
    return render_template(
        "accounts/two_step_on.html", form=form, required=services.two_step_required_for(user)
    )


@bp.route("/sign-in/reset", methods=["GET", "POST"])
@public
@rate_limits.password_reset_request_limits
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("accounts/reset_sent.html")  # whether or not there is an account
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/sign-in/reset/<token>", methods=["GET", "POST"])
@public
@rate_limits.password_limits
def reset_password(token: str):
    reset = services.reset_for_token(token)
    if reset is None:
        return render_template("accounts/reset_unavailable.html")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.ResetLinkUnavailable:
            return render_template("accounts/reset_unavailable.html")
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            sessions.end()  # whoever was signed in in this browser, start afresh
            flash(_("Your password has been changed. Sign in with your new password."))
            return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form, email=reset.user.email)


@bp.route("/staff/password", methods=["GET", "POST"])
@signed_in
@rate_limits.password_limits
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user,
                current_password=form.current_password.data,
                new_password=form.password.data,
            )
        except services.WrongPassword as error:
            form.current_password.errors.append(str(error))
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            # Every other session has ended; this one goes on, as a fresh session.
            sessions.start(current_user._get_current_object())
            flash(_("Your password has been changed. You have been signed out everywhere else."))
            return redirect(url_for("site.staff_home"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@signed_in
def sign_out():
    sessions.end()
    flash(_("You have signed out."))
    return redirect(url_for("site.home"))


@bp.route("/staff/sign-out-everywhere", methods=["POST"])
@signed_in
def sign_out_everywhere():
    if not PortalForm().validate_on_submit():
        return redirect(url_for("site.staff_home"))
    services.sign_out_everywhere(current_user)
    sessions.end()
    flash(_("You have signed out on every device and browser where you were signed in."))
    return redirect(url_for("site.home"))


@bp.route("/staff/accounts")
@roles(Role.ADMINISTRATOR)
def users():
    return render_template(
        "accounts/users.html", overview=services.staff_overview(), role_label=role_label
    )


@bp.route("/staff/accounts/invite", methods=["GET", "POST"])
@roles(Role.ADMINISTRATOR)
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            sent = services.invite(
                current_user,
                email=form.email.data,
                name=form.name.data,
                role=Role(form.role.data),
                organisation_name=form.organisation_name.data,
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            if sent.resent:
                flash(_("Invitation sent again. The earlier link no longer works."))
            else:
                flash(_("Invitation sent."))
            return redirect(url_for("accounts.users"))
    return render_template("accounts/invite.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
@rate_limits.invitation_limits
def accept_invitation(token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render_template("accounts/invitation_unavailable.html")
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            services.accept_invitation(token, form.password.data)
        except services.InvitationUnavailable:
            return render_template("accounts/invitation_unavailable.html")
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            flash(_("Your account has been created. Sign in with your email address and password."))
            return redirect(url_for("accounts.sign_in"))
    return render_template(
        "accounts/accept_invitation.html",
        form=form,
        invitation=invitation,
        role_label=role_label,
    )


def _user_or_404(user_id: int):
    user = services.get_user(user_id)
    if user is None:
        abort(404)
    return user


def _render_user(user, *, role_form=None, status_error=None):
    if role_form is None:
        role_form = RoleForm(
            formdata=None,
            role=user.role,
            organisation_name=user.organisation.name if user.organisation else "",
        )
    return render_template(
        "accounts/user.html",
        user=user,
        role_form=role_form,
        status_error=status_error,
        role_label=role_label,
    )


@bp.route("/staff/accounts/<int:user_id>")
@roles(Role.ADMINISTRATOR)
def user(user_id: int):
    return _render_user(_user_or_404(user_id))


@bp.route("/staff/accounts/<int:user_id>/role", methods=["POST"])
@roles(Role.ADMINISTRATOR)
def change_role(user_id: int):
    user = _user_or_404(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            changed = services.change_role(
                current_user,
                user,
                role=Role(form.role.data),
                organisation_name=form.organisation_name.data,
            )
        except services.AccountError as error:
            form.role.errors.append(str(error))
        else:
            flash(_("Role saved.") if changed else _("Nothing was changed."))
            return redirect(url_for("accounts.user", user_id=user.id))
    return _render_user(user, role_form=form)


def _set_active(user_id: int, active: bool):
    user = _user_or_404(user_id)
    form = AccountStatusForm()
    if form.validate_on_submit():
        try:
            services.set_active(current_user, user, active)
        except services.AccountError as error:
            return _render_user(user, status_error=str(error))
        flash(_("Account reactivated.") if active else _("Account deactivated."))
    return redirect(url_for("accounts.user", user_id=user.id))


@bp.route("/staff/accounts/<int:user_id>/deactivate", methods=["POST"])
@roles(Role.ADMINISTRATOR)
def deactivate(user_id: int):
    return _set_active(user_id, False)


@bp.route("/staff/accounts/<int:user_id>/reactivate", methods=["POST"])
@roles(Role.ADMINISTRATOR)
def reactivate(user_id: int):
    return _set_active(user_id, True)
