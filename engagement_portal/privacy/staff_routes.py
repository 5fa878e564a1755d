"""Staff withdrawing views on a person's behalf, recording how they checked who it was."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from engagement_portal.core.access import Role, roles
from engagement_portal.privacy import forms, services
from engagement_portal.privacy.services import PrivacyError
from engagement_portal.responses import services as responses

bp = Blueprint("privacy_staff", __name__, url_prefix="/staff")


@bp.route("/views/<int:response_id>/withdraw", methods=["GET", "POST"])
@roles(Role.COMMISSIONER, Role.ADMINISTRATOR)
def withdraw(response_id: int):
    response = responses.get_response(response_id)
    if response is None:
        abort(404)
    if response.is_withdrawn:
        return redirect(url_for("responses_staff.view", response_id=response.id))
    form = forms.StaffWithdrawForm()
    if form.validate_on_submit():
        try:
            services.withdraw_for_person(response.id, current_user, form.identity_check.data)
        except PrivacyError as error:
            form.identity_check.errors = [str(error)]
        else:
            return redirect(url_for("responses_staff.view", response_id=response.id))
    return render_template("privacy/staff_withdraw.html", form=form, response=response)
