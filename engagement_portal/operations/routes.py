from flask import Blueprint, jsonify

from engagement_portal.core.access import public
from engagement_portal.operations import services

bp = Blueprint("operations", __name__)


@bp.route("/healthz")
@public
def healthz():
    """For load balancers and monitoring: 200 when the site can reach its database, else 503."""
    if services.database_is_up():
        return jsonify(status="ok", database="ok")
    return jsonify(status="unavailable", database="unavailable"), 503
