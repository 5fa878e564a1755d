from flask import Blueprint

bp = Blueprint("responses", __name__)
