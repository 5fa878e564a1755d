"""Commissioners write "you said, we did": outcomes, the changes that follow, their progress,
and publishing them (the engagement then becomes "responded")."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from engagement_portal.core.access import Role, roles
from engagement_portal.engagements import services as engagements
from engagement_portal.engagements.forms import ConfirmForm
from engagement_portal.i18n import content
from engagement_portal.i18n.forms import translated_values, translation_form
from engagement_portal.outcomes import services
from engagement_portal.outcomes.forms import (
    ALIGNMENT_LABELS,
    STATUS_LABELS,
    ChangeForm,
    OutcomeForm,
    ProgressForm,
    translation_sections,
)
from engagement_portal.outcomes.services import OutcomeError, ReasonRequired
from engagement_portal.publication import services as publication
from engagement_portal.publication.models import TargetType
from engagement_portal.themes import services as themes

bp = Blueprint(
    "outcomes_staff", __name__, url_prefix="/staff/engagements/<int:engagement_id>/outcomes"
)


def _engagement_or_404(engagement_id: int):
    return engagements.get_engagement(engagement_id) or abort(404)


def _outcome_or_404(engagement, outcome_id: int):
    return services.get_outcome(engagement, outcome_id) or abort(404)


def _labels() -> dict:
    return {"alignment_labels": ALIGNMENT_LABELS, "status_labels": STATUS_LABELS}


@bp.route("/")
@roles(Role.COMMISSIONER)
def index(engagement_id: int):
    engagement = _engagement_or_404(engagement_id)
    outcomes = services.outcomes_of(engagement)
    return render_template(
        "outcomes/staff/index.html",
        engagement=engagement,
        outcomes=outcomes,
        problems=services.publishing_problems(engagement),
        restrictions=publication.restrictions_on(TargetType.OUTCOME, [o.id for o in outcomes]),
        translation_languages=services.translation_languages(engagement),
        translation_status={o.id: services.translation_status(o) for o in outcomes},
        readability_by_outcome={o.id: services.readability_of(o) for o in outcomes},
        form=ConfirmForm(),
        **_labels(),
    )


def _save_outcome(form: OutcomeForm, save) -> bool:
    """Run ``save`` if the form is valid; a rule the service enforces lands on its field."""
    if not form.validate_on_submit():
        return False
    try:
        save(form.details())
    except ReasonRequired as error:
        form.reason.errors.append(str(error))
    except OutcomeError as error:
        form.what_we_did.errors.append(str(error))
    else:
        return True
    return False


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def new(engagement_id: int):
    engagement = _engagement_or_404(engagement_id)
    form = OutcomeForm().set_themes(themes.themes_of(engagement))
    if _save_outcome(
        form,
        lambda details: services.create_outcome(engagement, details, current_user),
    ):
        flash(_("Outcome saved. It is a draft until you publish the outcomes."))
        return redirect(url_for(".index", engagement_id=engagement.id))
    return render_template(
        "outcomes/staff/form.html", engagement=engagement, outcome=None, form=form
    )


@bp.route("/<int:outcome_id>/edit", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def edit(engagement_id: int, outcome_id: int):
    engagement = _engagement_or_404(engagement_id)
    outcome = _outcome_or_404(engagement, outcome_id)
    form = OutcomeForm().set_themes(themes.themes_of(engagement))
    if not form.is_submitted():
        form.fill(outcome)
    if _save_outcome(
        form,
        lambda details: services.update_outcome(outcome, details, current_user),
    ):
        flash(_("Outcome saved."))
        return redirect(url_for(".index", engagement_id=engagement.id))
    return render_template(
        "outcomes/staff/form.html", engagement=engagement, outcome=outcome, form=form
    )


@bp.route("/<int:outcome_id>/changes/new", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def change_new(engagement_id: int, outcome_id: int):
    engagement = _engagement_or_404(engagement_id)
    outcome = _outcome_or_404(engagement, outcome_id)
    form = ChangeForm()
    if form.validate_on_submit():
        try:
            services.add_change(outcome, form.details(), current_user)
        except OutcomeError as error:
            form.description.errors.append(str(error))
        else:
            flash(_("Change added."))
            return redirect(url_for(".index", engagement_id=engagement.id))
    return render_template(
        "outcomes/staff/change_form.html", engagement=engagement, outcome=outcome, form=form
    )


@bp.route("/<int:outcome_id>/changes/<int:change_id>/progress", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def progress(engagement_id: int, outcome_id: int, change_id: int):
    engagement = _engagement_or_404(engagement_id)
    outcome = _outcome_or_404(engagement, outcome_id)
    change = services.get_change(outcome, change_id) or abort(404)
    form = ProgressForm()
    if not form.is_submitted():
        form.status.data = change.status
    if form.validate_on_submit():
        try:
            services.record_progress(change, form.text.data, form.status.data, current_user)
        except OutcomeError as error:
            form.text.errors.append(str(error))
        else:
            flash(_("Progress recorded."))
            return redirect(url_for(".index", engagement_id=engagement.id))
    return render_template(
        "outcomes/staff/progress.html",
        engagement=engagement,
        outcome=outcome,
        change=change,
        form=form,
        **_labels(),
    )


@bp.route("/<int:outcome_id>/translations/<language>", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def translation(engagement_id: int, outcome_id: int, language: str):
    engagement = _engagement_or_404(engagement_id)
    outcome = services.get_outcome_with_content(engagement, outcome_id) or abort(404)
    languages = services.translation_languages(engagement)
    if language not in languages:
        abort(404)
    sections = translation_sections(outcome)
    current = {("outcome", outcome.id): content.translation_of(outcome, language)}
    current.update({("change", c.id): content.translation_of(c, language) for c in outcome.changes})
    form = translation_form(sections, current)
    if form.validate_on_submit():
        try:
            services.save_translation(
                outcome, language, translated_values(form, sections), current_user
            )
        except OutcomeError as error:
            form.submit.errors = [str(error)]
        else:
            flash(_("Translation into %(language)s saved.", language=languages[language]))
            return redirect(url_for(".index", engagement_id=engagement.id))
    return render_template(
        "outcomes/staff/translation.html",
        engagement=engagement,
        outcome=outcome,
        language=language,
        language_name=languages[language],
        sections=sections,
        form=form,
    )


@bp.route("/publish", methods=["POST"])
@roles(Role.COMMISSIONER)
def publish(engagement_id: int):
    engagement = _engagement_or_404(engagement_id)
    if ConfirmForm().validate_on_submit():
        try:
            published = services.publish_outcomes(engagement, current_user)
        except OutcomeError as error:
            flash(str(error), "error")
        else:
            flash(
                ngettext(
                    "%(num)d outcome published. The engagement is now marked as responded.",
                    "%(num)d outcomes published. The engagement is now marked as responded.",
                    len(published),
                )
            )
    return redirect(url_for(".index", engagement_id=engagement.id))
