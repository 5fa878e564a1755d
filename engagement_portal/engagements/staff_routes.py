from flask import Blueprint

bp = Blueprint("engagements_staff", __name__, url_prefix="/staff/engagements")
