"""Public pages about engagements."""

from flask import Blueprint, abort, render_template, request

from engagement_portal.core.access import public
from engagement_portal.core.page_cache import cached_page, page_valid_until
from engagement_portal.engagements import services

bp = Blueprint("engagements", __name__, url_prefix="/engagements")


@bp.route("/")
@public
@cached_page
def index():
    page_valid_until(services.next_status_change())
    status = request.args.get("status") or None
    return render_template(
        "engagements/index.html", engagements=services.public_list(status), status=status
    )


@bp.route("/<slug>")
@public
@cached_page
def show(slug: str):
    engagement = services.public_engagement(slug)
    if engagement is None:
        abort(404)
    page_valid_until(services.next_status_change([engagement]))
    return render_template("engagements/show.html", engagement=engagement)
