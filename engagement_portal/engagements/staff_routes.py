"""Commissioners build and run engagements here; providers see the ones about their service."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from engagement_portal.core.access import Role, roles
from engagement_portal.core.forms import choices
from engagement_portal.core.timeutil import local_date, utcnow
from engagement_portal.engagements import services
from engagement_portal.engagements.forms import (
    ConfirmForm,
    EngagementForm,
    QuestionForm,
    easy_read_pictures_form,
    translation_sections,
)
from engagement_portal.engagements.services import (
    EngagementDetails,
    EngagementError,
    QuestionDetails,
)
from engagement_portal.i18n import content
from engagement_portal.i18n.forms import translated_values, translation_form
from engagement_portal.publication import policy
from engagement_portal.responses import services as responses

bp = Blueprint("engagements_staff", __name__, url_prefix="/staff/engagements")


def _engagement_or_404(engagement_id: int):
    engagement = services.get_engagement(engagement_id)
    if engagement is None:
        abort(404)
    return engagement


def _engagement_form(engagement=None) -> EngagementForm:
    form = EngagementForm()
    form.provider_id.choices = choices(
        [(0, _("None"))]
        + [
            (organisation.id, organisation.name)
            for organisation in services.provider_organisations()
        ]
    )
    if engagement is not None and not form.is_submitted():
        form.title.data = engagement.title
        form.summary.data = engagement.summary
        form.easy_read_summary.data = engagement.easy_read_summary
        form.body.data = engagement.body_html
        zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
        form.opens_on.data = local_date(engagement.opens_at, zone)
        form.closes_on.data = local_date(engagement.closes_at, zone)
        form.plan_how_views_used.data = engagement.plan_how_views_used
        form.plan_who_decides.data = engagement.plan_who_decides
        form.plan_hear_back.data = engagement.plan_hear_back
        form.ways_to_take_part.data = engagement.ways_to_take_part
        form.support_offered.data = engagement.support_offered
        form.communities.data = engagement.communities
        form.views_shown.data = engagement.views_shown
        form.retention_months.data = engagement.retention_months
        form.provider_id.data = engagement.provider_id or 0
    return form


def _details(form: EngagementForm) -> EngagementDetails:
    return EngagementDetails(
        title=form.title.data,
        summary=form.summary.data,
        easy_read_summary=form.easy_read_summary.data or "",
        body=form.body.data or "",
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        plan_how_views_used=form.plan_how_views_used.data,
        plan_who_decides=form.plan_who_decides.data,
        plan_hear_back=form.plan_hear_back.data,
        ways_to_take_part=form.ways_to_take_part.data or [],
        support_offered=form.support_offered.data or [],
        communities=form.communities.data or "",
        views_shown=form.views_shown.data,
        provider_id=form.provider_id.data or None,
        retention_months=form.retention_months.data or 12,
    )


@bp.route("/")
@roles(Role.COMMISSIONER)
def index():
    return render_template(
        "engagements/staff/index.html",
        engagements=services.all_engagements(),
        counts=responses.count_by_engagement(),
    )


@bp.route("/about-your-service")
@roles(Role.PROVIDER)
def provider_index():
    return render_template(
        "engagements/staff/provider_index.html",
        engagements=services.engagements_about(current_user.organisation),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def new():
    form = _engagement_form()
    if form.validate_on_submit():
        try:
            engagement = services.create_engagement(_details(form), current_user)
        except EngagementError as error:
            form.provider_id.errors.append(str(error))
        else:
            flash(_("Engagement created. Now add its questions."))
            return redirect(url_for(".show", engagement_id=engagement.id))
    return render_template("engagements/staff/form.html", form=form, engagement=None)


@bp.route("/<int:engagement_id>")
@roles(Role.COMMISSIONER)
def show(engagement_id: int):
    engagement = services.get_engagement_with_content(engagement_id) or abort(404)
    return render_template(
        "engagements/staff/show.html",
        engagement=engagement,
        translation_languages=services.translation_languages(engagement),
        translation_status=services.translation_status(engagement),
        readability=services.readability_of(engagement),
        problems=services.publishing_problems(engagement)
        if engagement.published_at is None
        else [],
        view_count=responses.count_by_engagement().get(engagement.id, 0),
        form=ConfirmForm(),
    )


@bp.route("/<int:engagement_id>/edit", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def edit(engagement_id: int):
    engagement = _engagement_or_404(engagement_id)
    form = _engagement_form(engagement)
    if form.validate_on_submit():
        try:
            services.update_engagement(engagement, _details(form), current_user)
        except EngagementError as error:
            form.title.errors.append(str(error))
        else:
            flash(_("Changes saved."))
            return redirect(url_for(".show", engagement_id=engagement.id))
    return render_template("engagements/staff/form.html", form=form, engagement=engagement)


@bp.route("/<int:engagement_id>/translations/<language>", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def translation(engagement_id: int, language: str):
    engagement = services.get_engagement_with_content(engagement_id) or abort(404)
    languages = services.translation_languages(engagement)
    if language not in languages:
        abort(404)
    sections = translation_sections(engagement)
    current = {
        (owner, part.id): content.translation_of(part, language)
        for owner, part in _owned_parts(engagement)
    }
    form = translation_form(sections, current)
    if form.validate_on_submit():
        try:
            services.save_translation(
                engagement, language, translated_values(form, sections), current_user
            )
        except EngagementError as error:
            form.submit.errors = [str(error)]
        else:
            flash(_("Translation into %(language)s saved.", language=languages[language]))
            return redirect(url_for(".show", engagement_id=engagement.id))
    return render_template(
        "engagements/staff/translation.html",
        engagement=engagement,
        language=language,
        language_name=languages[language],
        sections=sections,
        form=form,
    )


def _owned_parts(engagement):
    for part in services.translatable_parts(engagement):
        yield type(part).__name__.lower(), part


def _confirmed(engagement, action, done_message: str | None = None):
    """Run a one-button action (publish, close, delete, move) if its CSRF-protected form is
    valid, say how it went, and go back to the engagement's page."""
    if ConfirmForm().validate_on_submit():
        try:
            action()
        except EngagementError as error:
            flash(str(error), "error")
        else:
            if done_message:
                flash(done_message)
    return redirect(url_for(".show", engagement_id=engagement.id))


@bp.route("/<int:engagement_id>/publish", methods=["POST"])
@roles(Role.COMMISSIONER)
def publish(engagement_id: int):
    engagement = _engagement_or_404(engagement_id)
    return _confirmed(
        engagement,
        lambda: services.publish(engagement, current_user),
        _("Published. The engagement is now on the public website."),
    )


@bp.route("/<int:engagement_id>/close", methods=["POST"])
@roles(Role.COMMISSIONER)
def close(engagement_id: int):
    engagement = _engagement_or_404(engagement_id)
    return _confirmed(
        engagement,
        lambda: services.close_early(engagement, current_user),
        _("Closed. People can no longer give their views online."),
    )


def _question_details(form: QuestionForm) -> QuestionDetails:
    return QuestionDetails(
        kind=form.kind.data,
        text=form.text.data,
        easy_read_text=form.easy_read_text.data or "",
        easy_read_picture=form.easy_read_picture.data or "",
        help_text=form.help_text.data or "",
        required=bool(form.required.data),
        options=form.option_lines(),
        easy_read_options=form.easy_read_option_lines(),
    )


@bp.route("/<int:engagement_id>/questions/new", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def question_new(engagement_id: int):
    engagement = _engagement_or_404(engagement_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            services.add_question(engagement, _question_details(form), current_user)
        except EngagementError as error:
            form.text.errors.append(str(error))
        else:
            flash(_("Question added."))
            return redirect(url_for(".show", engagement_id=engagement.id))
    return render_template(
        "engagements/staff/question_form.html", form=form, engagement=engagement, question=None
    )


@bp.route("/<int:engagement_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def question_edit(engagement_id: int, question_id: int):
    engagement = _engagement_or_404(engagement_id)
    question = services.get_question(engagement, question_id) or abort(404)
    form = QuestionForm()
    if not form.is_submitted():
        form.kind.data = question.kind
        form.text.data = question.text
        form.easy_read_text.data = question.easy_read_text
        form.easy_read_picture.data = question.easy_read_picture
        form.help_text.data = question.help_text
        form.required.data = question.required
        form.choices.data = "\n".join(choice.label for choice in question.choices)
        form.easy_read_choices.data = "\n".join(
            choice.easy_read_label for choice in question.choices
        )
    if form.validate_on_submit():
        try:
            services.update_question(question, _question_details(form), current_user)
        except EngagementError as error:
            form.text.errors.append(str(error))
        else:
            flash(_("Question saved."))
            return redirect(url_for(".show", engagement_id=engagement.id))
    return render_template(
        "engagements/staff/question_form.html", form=form, engagement=engagement, question=question
    )


@bp.route("/<int:engagement_id>/questions/<int:question_id>/delete", methods=["POST"])
@roles(Role.COMMISSIONER)
def question_delete(engagement_id: int, question_id: int):
    engagement = _engagement_or_404(engagement_id)
    question = services.get_question(engagement, question_id) or abort(404)
    return _confirmed(
        engagement, lambda: services.delete_question(question, current_user), _("Question deleted.")
    )


@bp.route(
    "/<int:engagement_id>/questions/<int:question_id>/move/<any(up, down):direction>",
    methods=["POST"],
)
@roles(Role.COMMISSIONER)
def question_move(engagement_id: int, question_id: int, direction: str):
    engagement = _engagement_or_404(engagement_id)
    question = services.get_question(engagement, question_id) or abort(404)
    return _confirmed(engagement, lambda: services.move_question(question, direction, current_user))


@bp.route("/about-your-service/<int:engagement_id>/views")
@roles(Role.PROVIDER)
def provider_views(engagement_id: int):
    """Feedback about a provider's own service: exactly what the public may read (the policy's
    projections), never restricted content nor anything identifying beyond what people agreed
    to publish; engagements about any other organisation are not found."""
    engagement = services.provider_engagement(current_user.organisation, engagement_id)
    if engagement is None:
        abort(404)
    now = utcnow()
    return render_template(
        "engagements/staff/provider_views.html",
        engagement=engagement,
        page=policy.public_view_page(engagement, _page_number(), now=now),
        withheld=policy.withheld_summary(engagement, now),
        outcomes=policy.public_outcomes(engagement, now),
    )


def _page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), 2**31 - 1))
    except ValueError:
        return 1


@bp.route("/<int:engagement_id>/easy-read-pictures", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def pictures(engagement_id: int):
    engagement = _engagement_or_404(engagement_id)
    points = services.easy_read_points(engagement)
    form = easy_read_pictures_form(points, engagement.easy_read_pictures or [])
    if points and form.validate_on_submit():
        codes = [form[f"picture_{index}"].data for index in range(len(points))]
        try:
            services.set_easy_read_pictures(engagement, codes, current_user)
        except EngagementError as error:
            form["picture_0"].errors.append(str(error))
        else:
            flash(_("Pictures saved."))
            return redirect(url_for(".show", engagement_id=engagement.id))
    return render_template(
        "engagements/staff/pictures.html", engagement=engagement, form=form, points=points
    )
