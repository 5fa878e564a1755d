"""Public "you said, we did": an engagement's outcomes, the index of all of them, and an Atom
feed of outcomes and progress. Everything comes from the publication policy's projections."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, make_response, render_template

from engagement_portal.core.access import public
from engagement_portal.core.page_cache import cached_page, page_valid_until
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements import services as engagements
from engagement_portal.i18n import content
from engagement_portal.i18n.locale import current_language
from engagement_portal.outcomes import feed
from engagement_portal.publication import policy

bp = Blueprint("outcomes", __name__)


@bp.route("/engagements/<slug>/you-said-we-did")
@public
@cached_page
def engagement_outcomes(slug: str):
    engagement = engagements.public_engagement(slug)
    if engagement is None:
        abort(404)
    now = utcnow()
    page_valid_until(policy.next_change_at([engagement.id]))
    page_valid_until(engagements.next_status_change([engagement]))
    language = current_language()
    return render_template(
        "outcomes/engagement.html",
        engagement=engagement,
        text=content.engagement_text(engagement, language),
        outcomes=policy.public_outcomes(engagement, now, language=language),
        outcomes_due=policy.outcomes_due(engagement, now),
        withheld=policy.withheld_summary(engagement, now),
        views_shown_now=policy.views_shown_now(engagement, now),
    )


@bp.route("/you-said-we-did")
@public
@cached_page
def index():
    now = utcnow()
    page_valid_until(policy.next_change_at())
    entries = feed.outcome_index(now)
    texts = content.engagement_texts([entry.engagement for entry in entries], current_language())
    return render_template(
        "outcomes/index.html",
        entries=entries,
        titles={engagement_id: words.title for engagement_id, words in texts.items()},
    )


@bp.route("/you-said-we-did/feed.atom")
@public
@cached_page
def feed_atom():
    now = utcnow()
    page_valid_until(policy.next_change_at())
    body = render_template(
        "outcomes/feed.atom.xml",
        entries=feed.feed_entries(now),
        base_url=current_app.config["BASE_URL"],
        now=now,
    )
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response
