"""Public pages about engagements: the engagement, its views, and its open data. Everything
about views comes from the publication policy's projections."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    url_for,
)

from engagement_portal.core.access import public
from engagement_portal.core.page_cache import cached_page, page_valid_until
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements import services
from engagement_portal.i18n import content
from engagement_portal.i18n.locale import current_language
from engagement_portal.publication import exports, policy
from engagement_portal.publication import services as restrictions

bp = Blueprint("engagements", __name__, url_prefix="/engagements")

SEARCH_MAX = 100


@bp.route("/")
@public
@cached_page
def index():
    page_valid_until(services.next_status_change())
    status = request.args.get("status") or None
    engagements = services.public_list(status)
    return render_template(
        "engagements/index.html",
        engagements=engagements,
        texts=content.engagement_texts(engagements, current_language()),
        status=status,
    )


def _public_or_404(slug: str):
    engagement = services.public_engagement(slug)
    if engagement is None:
        abort(404)
    # Until the next opening, closing or embargo end, these pages stay the same.
    page_valid_until(services.next_status_change([engagement]))
    page_valid_until(policy.next_change_at([engagement.id]))
    return engagement


@bp.route("/<slug>")
@public
@cached_page
def show(slug: str):
    engagement = _public_or_404(slug)
    now = utcnow()
    return render_template(
        "engagements/show.html",
        engagement=engagement,
        text=content.engagement_text(engagement, current_language()),
        withheld=policy.withheld_summary(engagement, now),
        public_reasons=restrictions.public_reasons(engagement.id, now),
        has_outcomes=policy.has_public_outcomes(engagement, now),
        outcomes_due=policy.outcomes_due(engagement, now),
    )


def _int_arg(name: str) -> int | None:
    try:
        value = int(request.args.get(name, ""))
    except ValueError:
        return None
    return value if 0 < value < 2**31 else None


@bp.route("/<slug>/views")
@public
@cached_page
def views(slug: str):
    engagement = _public_or_404(slug)
    now = utcnow()
    search = " ".join(request.args.get("q", "").split())[:SEARCH_MAX]
    theme_id = _int_arg("theme")
    number = _int_arg("page") or 1
    themes = policy.public_themes(engagement, now)
    page = policy.public_view_page(
        engagement, number, theme_id=theme_id, search=search, now=now, themes=themes
    )
    # How people answered is a summary of everything: on the first page of all views only.
    summary_page = number == 1 and not search and theme_id is None
    return render_template(
        "engagements/views.html",
        engagement=engagement,
        page=page,
        search=search,
        theme=next((t for t in themes if t.id == theme_id), None),
        themes=themes,
        withheld=policy.withheld_summary(engagement, now),
        public_reasons=restrictions.public_reasons(engagement.id, now),
        choice_counts=policy.choice_counts(engagement, now) if summary_page else [],
    )


@bp.route("/<slug>/views.csv")
@public
def views_csv(slug: str):
    engagement = _public_or_404(slug)
    return Response(
        "".join(exports.views_csv(engagement)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{engagement.slug}-views.csv"'},
    )


@bp.route("/<slug>/data.json")
@public
@cached_page
def data_json(slug: str):
    engagement = _public_or_404(slug)
    body = exports.engagement_json(
        engagement, current_app.config["BASE_URL"], _int_arg("page") or 1
    )
    response = Response(body, mimetype="application/json")
    response.headers["Link"] = f'<{url_for(".show", slug=slug)}>; rel="describes"'
    return response
