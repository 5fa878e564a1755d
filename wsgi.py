"""Entry point for gunicorn: `gunicorn wsgi:app`."""

from engagement_portal import create_app

app = create_app()
