from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from engagement_portal.accounts import services
from engagement_portal.accounts.forms import SignInForm
from engagement_portal.core.access import public, signed_in
from engagement_portal.core.urls import safe_next_url

bp = Blueprint("accounts", __name__)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a fresh session at sign-in: no fixation
            login_user(user)
            return redirect(safe_next_url(request.args.get("next"), url_for("site.staff_home")))
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@signed_in
def sign_out():
    logout_user()
    session.clear()
    flash(_("You have signed out."))
    return redirect(url_for("site.home"))
