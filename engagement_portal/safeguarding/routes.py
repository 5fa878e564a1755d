from flask import Blueprint

bp = Blueprint("safeguarding", __name__, url_prefix="/staff/safeguarding")
