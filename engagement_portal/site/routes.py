"""Pages that belong to no single domain: home, about, the staff landing page, branding."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user

from engagement_portal.core import rate_limits
from engagement_portal.core.access import public, signed_in
from engagement_portal.core.page_cache import cached_page, page_valid_until
from engagement_portal.core.templating import brand_stylesheet
from engagement_portal.engagements import services as engagements
from engagement_portal.i18n import catalogues, content
from engagement_portal.i18n.locale import current_language
from engagement_portal.site import services
from engagement_portal.site.forms import FORMATS, FormatRequestForm

bp = Blueprint("site", __name__)


@bp.route("/")
@public
@cached_page
def home():
    page_valid_until(engagements.next_status_change())
    found = engagements.public_list("open")
    return render_template(
        "site/home.html",
        engagements=found,
        texts=content.engagement_texts(found, current_language()),
    )


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


@bp.route("/accessibility")
@public
@cached_page
def accessibility():
    return render_template("site/accessibility.html")


@bp.route("/another-format", methods=["GET", "POST"])
@public
@rate_limits.format_request_limits
def another_format():
    form = FormatRequestForm()
    if not form.is_submitted():
        form.what.data = request.args.get("what", "")[:300]
    if form.validate_on_submit():
        reference = services.request_format(
            services.FormatRequest(
                what=form.what.data or "",
                format=form.format.data,
                format_label=str(FORMATS[form.format.data]),
                details=form.details.data or "",
                name=form.name.data or "",
                email=form.email.data or "",
                phone=form.phone.data or "",
                language=str(get_locale()),
            )
        )
        session["format_request_reference"] = reference
        return redirect(url_for(".another_format_sent"))
    return render_template("site/another_format.html", form=form)


@bp.route("/another-format/sent")
@public
def another_format_sent():
    reference = session.get("format_request_reference")
    if reference is None:
        return redirect(url_for(".another_format"))
    return render_template("site/another_format_sent.html", reference=reference)


@bp.route("/brand.css")
@public
def brand_css():
    return brand_stylesheet()


@bp.route("/staff")
@signed_in
def staff_home():
    return render_template("site/staff_home.html", user=current_user)
