"""Staff reading views, keying in views received another way, and advocates' own list."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from engagement_portal.core.access import Role, roles
from engagement_portal.engagements import services as engagements
from engagement_portal.engagements.forms import ConfirmForm
from engagement_portal.responses import services
from engagement_portal.responses.routes import remember_draft
from engagement_portal.responses.services import ResponseError

bp = Blueprint("responses_staff", __name__, url_prefix="/staff")


@bp.route("/engagements/<int:engagement_id>/views")
@roles(Role.COMMISSIONER)
def engagement_views(engagement_id: int):
    engagement = engagements.get_engagement(engagement_id) or abort(404)
    return render_template(
        "responses/staff/list.html",
        engagement=engagement,
        responses=services.responses_for(engagement),
    )


@bp.route("/views/<int:response_id>")
@roles(Role.COMMISSIONER, Role.ADMINISTRATOR, Role.ADVOCATE)
def view(response_id: int):
    response = services.get_response(response_id)
    if response is None or not services.may_read(current_user, response):
        abort(404)  # an advocate is not told that someone else's view exists
    return render_template("responses/staff/view.html", response=response)


@bp.route("/my-views")
@roles(Role.ADVOCATE)
def my_views():
    return render_template(
        "responses/staff/my_views.html", responses=services.responses_entered_by(current_user)
    )


@bp.route("/engagements/<int:engagement_id>/views/new", methods=["POST"])
@roles(Role.COMMISSIONER)
def assisted_start(engagement_id: int):
    engagement = engagements.get_engagement(engagement_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        draft = services.start_draft(engagement, entered_by=current_user, assisted=True)
    except ResponseError:
        abort(409)
    remember_draft(engagement, draft)
    return redirect(url_for("responses.received", slug=engagement.slug))
