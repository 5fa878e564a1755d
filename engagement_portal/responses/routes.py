"""Giving views, page by page, without an account (GOV.UK question pages pattern).

Each page reads the draft, validates its one small form, saves it through the service and moves
on. The draft lives on the server; the session cookie only holds its random token.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from engagement_portal.core import rate_limits
from engagement_portal.core.access import public
from engagement_portal.core.page_cache import cached_page, page_valid_until
from engagement_portal.engagements import services as engagements
from engagement_portal.engagements.models import Engagement
from engagement_portal.i18n import content
from engagement_portal.i18n.locale import current_language
from engagement_portal.responses import forms, services, steps
from engagement_portal.responses.models import ResponseDraft
from engagement_portal.responses.services import (
    EngagementNotOpen,
    Incomplete,
    ResponseError,
    SendAgain,
)
from engagement_portal.responses.steps import Step

bp = Blueprint("responses", __name__, url_prefix="/engagements/<slug>/respond")

DRAFTS_KEY = "drafts"
SENT_KEY = "sent"


def _engagement(slug: str) -> Engagement:
    engagement = engagements.public_engagement(slug)
    if engagement is None:
        abort(404)
    return engagement


def _draft(engagement: Engagement, *, include_sent: bool = False) -> ResponseDraft | None:
    """The person's draft for this engagement. Once sent, a draft is finished: giving views
    again (an advocate for a second person, say) starts a new one."""
    token = session.get(DRAFTS_KEY, {}).get(str(engagement.id))
    draft = services.get_draft(token, engagement)
    if draft is not None and draft.submitted_reference and not include_sent:
        return None
    return draft


def remember_draft(engagement: Engagement, draft: ResponseDraft) -> None:
    drafts = dict(session.get(DRAFTS_KEY, {}))
    drafts[str(engagement.id)] = draft.token
    session[DRAFTS_KEY] = drafts


def _draft_for_saving(engagement: Engagement) -> ResponseDraft:
    """The person's draft, started on the first page they send (never on a GET)."""
    draft = _draft(engagement)
    if draft is None:
        rate_limits.count_new_draft(engagement.slug)
        entered_by = current_user if current_user.is_authenticated else None
        draft = services.start_draft(engagement, entered_by=entered_by, language=str(get_locale()))
        remember_draft(engagement, draft)
    return draft


def _remember_sent(engagement: Engagement, reference: str) -> None:
    sent = dict(session.get(SENT_KEY, {}))
    sent[str(engagement.id)] = reference
    session[SENT_KEY] = sent


def _is_assisted(draft: ResponseDraft | None) -> bool:
    return bool(draft and draft.data.get("assisted"))


def _closed_page(engagement: Engagement):
    return render_template("responses/closed.html", engagement=engagement)


def _go(engagement: Engagement, step: Step):
    return redirect(url_for(step.endpoint, slug=engagement.slug, **step.url_values()))


def _after_save(engagement: Engagement, draft: ResponseDraft, current: Step):
    if request.args.get("change") and services.next_missing_step(draft) is None:
        return _go(engagement, Step("check"))
    return _go(engagement, steps.following(engagement, draft, current))


def _render_step(template: str, engagement, draft, current: Step, **context):
    back = steps.previous(engagement, draft, current)
    back_url = (
        url_for(back.endpoint, slug=engagement.slug, **back.url_values())
        if back
        else url_for("engagements.show", slug=engagement.slug)
    )
    return render_template(
        template,
        engagement=engagement,
        text=context.pop("text", None) or content.engagement_text(engagement, current_language()),
        back_url=back_url,
        assisted=_is_assisted(draft),
        progress=_progress(engagement, draft, current),
        respondent_type=(draft.data.get("respondent_type") if draft else None),
        **context,
    )


def _progress(engagement, draft, current: Step) -> dict | None:
    if current.name != "question":
        return None
    return {"number": current.number, "total": len(engagement.questions)}


def _send_again_page(engagement: Engagement, draft, current: Step, **context):
    """Nothing was stored: a calm page that lets the person send again (see
    services.honeypot_filled and services.check_human_pace)."""
    return _render_step("responses/send_again.html", engagement, draft, current, **context)


def _guard(engagement: Engagement, draft: ResponseDraft | None):
    """A page to show instead of the step, or None to carry on."""
    if not services.accepts_views(engagement, assisted=_is_assisted(draft)):
        return _closed_page(engagement)
    return None


@bp.route("/")
@public
def start(slug: str):
    engagement = _engagement(slug)
    draft = _draft(engagement)
    if (stop := _guard(engagement, draft)) is not None:
        return stop
    if draft is None:
        return _go(engagement, steps.first(engagement, None))
    missing = services.next_missing_step(draft)
    return _go(engagement, _step_for(missing) if missing else Step("check"))


def _step_for(missing: Incomplete) -> Step:
    return Step(missing.step, missing.question_position)


def _draft_page(slug: str, step: Step, form_class, template: str):
    """A page that needs a draft already started: show it filled from the draft, save it back."""
    engagement = _engagement(slug)
    draft = _draft(engagement)
    if draft is None or (step.name == "received" and not _is_assisted(draft)):
        return _go(engagement, Step("who"))
    if (stop := _guard(engagement, draft)) is not None:
        return stop
    form = form_class.from_draft(draft.data)
    if form.validate_on_submit():
        services.update_draft(draft, **form.to_draft())
        return _after_save(engagement, draft, step)
    return _render_step(template, engagement, draft, step, form=form)


@bp.route("/received", methods=["GET", "POST"])
@public
def received(slug: str):
    return _draft_page(slug, Step("received"), forms.ReceivedForm, "responses/received.html")


@bp.route("/who", methods=["GET", "POST"])
@public
@cached_page
def who(slug: str):
    engagement = _engagement(slug)
    page_valid_until(engagements.next_status_change([engagement]))
    draft = _draft(engagement)
    if (stop := _guard(engagement, draft)) is not None:
        return stop
    form = forms.WhoForm.from_draft(draft.data if draft else None)
    if form.validate_on_submit():
        if services.honeypot_filled(form.extra_info.data):
            return _send_again_page(engagement, draft, Step("who"), automated=True)
        draft = _draft_for_saving(engagement)
        services.update_draft(draft, **form.to_draft())
        return _after_save(engagement, draft, Step("who"))
    return _render_step("responses/who.html", engagement, draft, Step("who"), form=form)


@bp.route("/on-behalf", methods=["GET", "POST"])
@public
def on_behalf(slug: str):
    return _draft_page(slug, Step("on_behalf"), forms.OnBehalfForm, "responses/on_behalf.html")


@bp.route("/question/<int:number>", methods=["GET", "POST"])
@public
@cached_page
def question(slug: str, number: int):
    engagement = _engagement(slug)
    page_valid_until(engagements.next_status_change([engagement]))
    question = next((q for q in engagement.questions if q.position == number), None)
    if question is None:
        abort(404)
    draft = _draft(engagement)
    if (stop := _guard(engagement, draft)) is not None:
        return stop
    language = current_language()
    words = content.question_texts(engagement, [question], language)[question.id]
    saved = (draft.data.get("answers", {}) if draft else {}).get(str(question.id))
    form = forms.question_form(
        question, data={"answer": saved} if saved is not None else None, words=words
    )
    if form.validate_on_submit():
        draft = _draft_for_saving(engagement)
        value = form.answer.data
        services.update_draft(
            draft,
            answers={question.id: value if value is not None else ""},
            # The language the page was in when the answer was written.
            answer_languages={question.id: language},
        )
        return _after_save(engagement, draft, Step("question", number))
    return _render_step(
        "responses/question.html",
        engagement,
        draft,
        Step("question", number),
        form=form,
        question=question,
        words=words,
    )


@bp.route("/publishing", methods=["GET", "POST"])
@public
def publishing(slug: str):
    return _draft_page(slug, Step("publishing"), forms.PublishingForm, "responses/publishing.html")


@bp.route("/hear-back", methods=["GET", "POST"])
@public
def hear_back(slug: str):
    return _draft_page(slug, Step("hear_back"), forms.HearBackForm, "responses/hear_back.html")


@bp.route("/check", methods=["GET", "POST"])
@public
@rate_limits.send_views_limits
def check(slug: str):
    engagement = _engagement(slug)
    sent_already = _draft(engagement, include_sent=True)
    if sent_already is not None and sent_already.submitted_reference:
        # A double click or a resubmitted page: the views are stored once, show the same reference
        # (also when the cookie set by the first answer never reached the browser).
        _remember_sent(engagement, sent_already.submitted_reference)
        return redirect(url_for(".sent", slug=engagement.slug))
    draft = _draft(engagement)
    if draft is None:
        return _go(engagement, Step("who"))
    if (stop := _guard(engagement, draft)) is not None:
        return stop
    missing = services.next_missing_step(draft)
    if missing is not None:
        return _go(engagement, _step_for(missing))
    form = forms.SendForm()
    if form.validate_on_submit():
        try:
            response = services.submit_draft(draft)
        except EngagementNotOpen:
            return _closed_page(engagement)
        except Incomplete as missing_step:
            return _go(engagement, _step_for(missing_step))
        except SendAgain:
            return _send_again_page(engagement, draft, Step("check"), form=form)
        except ResponseError as error:
            form.submit.errors = [str(error)]
        else:
            _remember_sent(engagement, response.reference)
            return redirect(url_for(".sent", slug=engagement.slug))
    return _render_step(
        "responses/check.html",
        engagement,
        draft,
        Step("check"),
        form=form,
        data=draft.data,
        questions=services.questions_of(engagement),
    )


@bp.route("/sent")
@public
def sent(slug: str):
    engagement = _engagement(slug)
    reference = session.get(SENT_KEY, {}).get(str(engagement.id))
    if not reference:
        return redirect(url_for("engagements.show", slug=engagement.slug))
    return render_template(
        "responses/sent.html",
        engagement=engagement,
        reference=reference,
        assisted=current_user.is_authenticated,
    )
