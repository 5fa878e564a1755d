"""Commissioners group an engagement's views into themes and tag answers with them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engagement_portal.core.access import Role, roles
from engagement_portal.core.forms import choices
from engagement_portal.engagements import services as engagements
from engagement_portal.publication import services as publication
from engagement_portal.publication.models import TargetType
from engagement_portal.responses import services as responses
from engagement_portal.themes import services
from engagement_portal.themes.forms import MergeForm, TagForm, ThemeForm
from engagement_portal.themes.services import ThemeError

bp = Blueprint("themes_staff", __name__, url_prefix="/staff")


def _engagement_or_404(engagement_id: int):
    return engagements.get_engagement(engagement_id) or abort(404)


def _theme_or_404(engagement, theme_id: int):
    return services.get_theme(engagement, theme_id) or abort(404)


@bp.route("/engagements/<int:engagement_id>/themes", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def index(engagement_id: int):
    engagement = _engagement_or_404(engagement_id)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            theme = services.create_theme(
                engagement, form.name.data, form.summary.data or "", current_user
            )
        except ThemeError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("Theme “%(name)s” created.", name=theme.name))
            return redirect(url_for(".index", engagement_id=engagement.id))
    summary = services.overview(engagement)
    return render_template(
        "themes/staff/index.html",
        engagement=engagement,
        overview=summary,
        restrictions=publication.restrictions_on(
            TargetType.THEME, [count.theme.id for count in summary.themes]
        ),
        form=form,
    )


@bp.route("/engagements/<int:engagement_id>/themes/<int:theme_id>/edit", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def edit(engagement_id: int, theme_id: int):
    engagement = _engagement_or_404(engagement_id)
    theme = _theme_or_404(engagement, theme_id)
    form = ThemeForm()
    if not form.is_submitted():
        form.name.data = theme.name
        form.summary.data = theme.summary
    if form.validate_on_submit():
        try:
            services.rename_theme(theme, form.name.data, form.summary.data or "", current_user)
        except ThemeError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("Theme saved."))
            return redirect(url_for(".index", engagement_id=engagement.id))
    return render_template("themes/staff/edit.html", engagement=engagement, theme=theme, form=form)


@bp.route("/engagements/<int:engagement_id>/themes/<int:theme_id>/merge", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def merge(engagement_id: int, theme_id: int):
    engagement = _engagement_or_404(engagement_id)
    theme = _theme_or_404(engagement, theme_id)
    others = [other for other in services.themes_of(engagement) if other.id != theme.id]
    form = MergeForm()
    form.into.choices = choices([(other.id, other.name) for other in others])
    if others and form.validate_on_submit():
        into = services.get_theme(engagement, form.into.data)
        try:
            if into is None:
                raise ThemeError(_("Choose another theme of this engagement to merge into"))
            name = theme.name
            services.merge_themes(theme, into, current_user)
        except ThemeError as error:
            form.into.errors.append(str(error))
        else:
            flash(_("“%(name)s” merged into “%(into)s”.", name=name, into=into.name))
            return redirect(url_for(".index", engagement_id=engagement.id))
    return render_template(
        "themes/staff/merge.html", engagement=engagement, theme=theme, others=others, form=form
    )


@bp.route("/views/<int:response_id>/answers/<int:answer_id>/themes", methods=["POST"])
@roles(Role.COMMISSIONER)
def tag_answer(response_id: int, answer_id: int):
    response = responses.get_response(response_id) or abort(404)
    answer = services.get_answer(response, answer_id) or abort(404)
    form = TagForm().set_themes(services.themes_of(response.engagement))
    if form.validate_on_submit():
        try:
            services.set_answer_themes(answer, form.themes.data or [], current_user)
        except ThemeError as error:
            flash(str(error), "error")
        else:
            flash(_("Themes saved."))
    else:
        flash(_("The themes could not be saved. Choose themes from the list."), "error")
    return redirect(
        url_for("responses_staff.view", response_id=response.id, _anchor=f"answer-{answer.id}")
    )
