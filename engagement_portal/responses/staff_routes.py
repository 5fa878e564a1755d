from flask import Blueprint

bp = Blueprint("responses_staff", __name__, url_prefix="/staff")
