import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient


class FreshClient(FlaskClient):
    """A test client whose every request starts with an empty ``g``, as a real request does.

    Tests that use the ``app_context`` fixture share that one application context (and so one
    ``g``) across all their requests. Flask-Login caches the signed-in user in ``g`` and
    Flask-WTF the CSRF token: without this, a second client would be served as whoever the first
    signed in as, and a form after signing in would carry the token of the old session.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            for name in list(g):
                g.pop(name)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    return FreshClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def other_client(app):
    return FreshClient(app, app.response_class, use_cookies=True)
