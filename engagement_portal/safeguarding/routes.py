"""The safeguarding queue and the review of one held response (C-P2). Staff only."""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_timedelta, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from engagement_portal.core.access import Role, roles
from engagement_portal.core.timeutil import utcnow
from engagement_portal.responses.models import SafeguardingState
from engagement_portal.safeguarding import services
from engagement_portal.safeguarding.forms import DecisionForm
from engagement_portal.safeguarding.services import SafeguardingError

bp = Blueprint("safeguarding", __name__, url_prefix="/staff/safeguarding")

REVIEWERS = (Role.COMMISSIONER, Role.ADMINISTRATOR)
# A held view should be looked at the same day; after this the queue marks it as overdue.
OVERDUE_AFTER = dt.timedelta(hours=24)


@bp.route("/")
@roles(*REVIEWERS)
def queue():
    return render_template(
        "safeguarding/queue.html",
        responses=services.queue(),
        now=utcnow(),
        waited=_waited,
        overdue_after=OVERDUE_AFTER,
    )


@bp.route("/reference/<reference>")
@roles(*REVIEWERS)
def review_by_reference(reference: str):
    """The link in the e-mail to the safeguarding lead (written before the response had an id)."""
    response_id = services.id_for_reference(reference)
    if response_id is None:
        abort(404)
    return redirect(url_for(".review", response_id=response_id))


@bp.route("/<int:response_id>", methods=["GET", "POST"])
@roles(*REVIEWERS)
def review(response_id: int):
    response = services.for_review(response_id)
    if response is None:
        abort(404)
    form = DecisionForm()
    refusal = None
    if form.is_submitted() and not response.is_held:
        refusal = services.already_decided_message(response)
    elif form.validate_on_submit():
        try:
            services.decide(response, current_user, form.decision.data, form.note.data)
        except SafeguardingError as error:
            refusal = str(error)
        else:
            if response.safeguarding_state == SafeguardingState.REFERRED:
                flash(
                    _(
                        "%(reference)s is referred to the safeguarding team.",
                        reference=response.reference,
                    )
                )
            else:
                flash(_("%(reference)s is released.", reference=response.reference))
            return redirect(url_for(".queue"))
    return (
        render_template(
            "safeguarding/review.html",
            response=response,
            form=form,
            refusal=refusal,
            highlight=services.highlight,
            language_name=_language_name(response.language),
        ),
        409 if refusal else 200,
    )


def _waited(since: dt.datetime, now: dt.datetime) -> str:
    return format_timedelta(max(now - since, dt.timedelta(0)), granularity="minute", threshold=1)


def _language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code
