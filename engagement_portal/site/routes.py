"""Pages that belong to no single domain: home, about, the staff landing page, branding."""

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from engagement_portal.core.access import public, signed_in
from engagement_portal.core.page_cache import cached_page, page_valid_until
from engagement_portal.core.templating import brand_stylesheet
from engagement_portal.engagements import services as engagements
from engagement_portal.i18n import catalogues

bp = Blueprint("site", __name__)


@bp.route("/")
@public
@cached_page
def home():
    page_valid_until(engagements.next_status_change())
    return render_template("site/home.html", engagements=engagements.public_list("open"))


@bp.route("/about")
@public
@cached_page
def about():
    return render_template("site/about.html")


@bp.route("/privacy")
@public
@cached_page
def privacy():
    return render_template("site/privacy.html")


@bp.route("/languages")
@public
@cached_page
def languages():
    codes = tuple(current_app.config["LANGUAGES"])
    return render_template("site/languages.html", statuses=catalogues.all_statuses(codes))


@bp.route("/brand.css")
@public
def brand_css():
    return brand_stylesheet()


@bp.route("/staff")
@signed_in
def staff_home():
    return render_template("site/staff_home.html", user=current_user)
