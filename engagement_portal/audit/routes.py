from flask import Blueprint, render_template, request

from engagement_portal.audit import services
from engagement_portal.core.access import Role, roles

bp = Blueprint("audit", __name__, url_prefix="/staff/audit")


@bp.route("")
@roles(Role.ADMINISTRATOR)
def index():
    return render_template(
        "audit/index.html",
        page=services.page(request.args.get("page", 1, type=int)),
    )
