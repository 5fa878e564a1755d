"""Staff reading views, keying in views received another way, and advocates' own list."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from engagement_portal.core.access import Role, access_of, may_call, roles
from engagement_portal.engagements import services as engagements
from engagement_portal.engagements.forms import ConfirmForm
from engagement_portal.publication import services as publication
from engagement_portal.publication.models import TargetType
from engagement_portal.responses import services
from engagement_portal.responses.routes import remember_draft
from engagement_portal.responses.services import ResponseError
from engagement_portal.themes import services as themes
from engagement_portal.themes.forms import TagForm

bp = Blueprint("responses_staff", __name__, url_prefix="/staff")


@bp.route("/engagements/<int:engagement_id>/views")
@roles(Role.COMMISSIONER)
def engagement_views(engagement_id: int):
    engagement = engagements.get_engagement(engagement_id) or abort(404)
    found = services.responses_for(engagement)
    ids = [response.id for response in found]
    return render_template(
        "responses/staff/list.html",
        engagement=engagement,
        responses=found,
        restrictions=publication.restrictions_on(TargetType.RESPONSE, ids),
        answer_restrictions=publication.answer_restrictions_by_response(ids),
        theme_names=themes.theme_names_by_response(ids),
    )


@bp.route("/views/<int:response_id>")
@roles(Role.COMMISSIONER, Role.ADMINISTRATOR, Role.ADVOCATE)
def view(response_id: int):
    response = services.get_response(response_id)
    if response is None or not services.may_read(current_user, response):
        abort(404)  # an advocate is not told that someone else's view exists
    answer_ids = [answer.id for answer in response.answers]
    return render_template(
        "responses/staff/view.html",
        response=response,
        restrictions=publication.restrictions_on(TargetType.RESPONSE, [response.id]).get(
            response.id, []
        ),
        answer_restrictions=publication.restrictions_on(TargetType.ANSWER, answer_ids),
        # Restrictions' internal notes are for the people who set and review them.
        show_internal=current_user.role in (Role.COMMISSIONER, Role.ADMINISTRATOR),
        tag_forms=_tag_forms(response),
    )


def _tag_forms(response) -> dict:
    """One themes form per answer, for those who may tag (never on a withdrawn view)."""
    if response.is_withdrawn or not may_call(access_of("themes_staff.tag_answer"), current_user):
        return {}
    engagement_themes = themes.themes_of(response.engagement)
    return {
        answer.id: TagForm(formdata=None, themes=[theme.id for theme in answer.themes]).set_themes(
            engagement_themes
        )
        for answer in response.answers
    }


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
