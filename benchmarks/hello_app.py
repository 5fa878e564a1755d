"""The yardstick for `make bench`: the smallest Flask app, served with the same gunicorn settings
as ours, so the ratio shows what our pages cost on top of Flask itself."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
