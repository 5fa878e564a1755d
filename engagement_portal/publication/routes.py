"""Commissioners restrict what the public sees of a view, an answer, a theme or an outcome, and
lift restrictions. The rules are in services.py; what the public then sees is policy.py's."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engagement_portal.core.access import Role, roles
from engagement_portal.engagements import services as engagements
from engagement_portal.publication import services
from engagement_portal.publication.forms import LiftForm, RestrictForm
from engagement_portal.publication.models import TargetType
from engagement_portal.publication.services import KIND_LABELS, RestrictionError

bp = Blueprint("publication_staff", __name__, url_prefix="/staff/restrictions")


def _home_of(target: services.Target) -> str:
    """The staff page where the restricted item is shown."""
    item = target.item
    if target.type is TargetType.RESPONSE:
        return url_for("responses_staff.view", response_id=item.id)
    if target.type is TargetType.ANSWER:
        return url_for(
            "responses_staff.view", response_id=item.response_id, _anchor=f"answer-{item.id}"
        )
    if target.type is TargetType.THEME:
        return url_for("themes_staff.index", engagement_id=target.engagement_id)
    return url_for("outcomes_staff.index", engagement_id=target.engagement_id)


def _withdrawn(target: services.Target) -> bool:
    if target.type is TargetType.RESPONSE:
        return target.item.is_withdrawn
    if target.type is TargetType.ANSWER:
        return target.item.response.is_withdrawn
    return False


@bp.route(
    "/new/<any(response, answer, theme, outcome):target_type>/<int:target_id>",
    methods=["GET", "POST"],
)
@roles(Role.COMMISSIONER)
def restrict(target_type: str, target_id: int):
    target = services.find_target(target_type, target_id)
    if target is None or _withdrawn(target):
        abort(404)  # a withdrawn view has nothing left to restrict
    form = RestrictForm(zone=current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if form.validate_on_submit():
        try:
            restriction = services.restrict(target, form.details(), current_user)
        except RestrictionError as error:
            (form.embargo_date if form.is_embargo else form.kind).errors.append(str(error))
        else:
            flash(
                _(
                    "Restricted: %(kind)s. The public no longer sees it.",
                    kind=str(KIND_LABELS.get(restriction.kind, restriction.kind)),
                )
            )
            return redirect(_home_of(target))
    return render_template(
        "publication/staff/restrict.html",
        form=form,
        target=target,
        engagement=engagements.get_engagement(target.engagement_id),
        back=_home_of(target),
        existing=services.restrictions_on(target.type, [target.id]).get(target.id, []),
    )


@bp.route("/<int:restriction_id>/lift", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def lift(restriction_id: int):
    restriction = services.get_restriction(restriction_id) or abort(404)
    target = services.find_target(restriction.target_type, restriction.target_id)
    back = (
        _home_of(target)
        if target is not None
        else url_for(".engagement_restrictions", engagement_id=restriction.engagement_id)
    )
    form = LiftForm()
    if restriction.lifted_at is None and form.validate_on_submit():
        try:
            services.lift(restriction, current_user, form.note.data)
        except RestrictionError as error:
            form.note.errors.append(str(error))
        else:
            flash(_("Restriction lifted."))
            return redirect(back)
    items = services.items_restricted([restriction])
    return render_template(
        "publication/staff/lift.html",
        form=form,
        restriction=restriction,
        item=items.get((restriction.target_type, restriction.target_id)),
        engagement=engagements.get_engagement(restriction.engagement_id),
        back=back,
    )


@bp.route("/engagement/<int:engagement_id>")
@roles(Role.COMMISSIONER)
def engagement_restrictions(engagement_id: int):
    engagement = engagements.get_engagement(engagement_id) or abort(404)
    restrictions = services.restrictions_for_engagement(engagement.id)
    return render_template(
        "publication/staff/engagement.html",
        engagement=engagement,
        restrictions=restrictions,
        items=services.items_restricted(restrictions),
    )
