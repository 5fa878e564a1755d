from __future__ import annotations

from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db
from engagement_portal.privacy.services import add_months
from engagement_portal.responses.models import Response
from tests.factories import make_engagement
from tests.privacy.helpers import EMAIL, give_views


def test_retention_run_reports_what_it_did_and_is_safe_to_repeat(app, app_context):
    engagement = make_engagement()
    response = give_views(engagement)
    engagement.closes_at = add_months(utcnow(), -13)
    engagement.opens_at = add_months(utcnow(), -14)
    db.session.commit()
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert dry.exit_code == 0
    assert "Would remove personal data from 1 responses in 1 engagements." in dry.output
    db.session.expire_all()
    assert db.session.get(Response, response.id).email == EMAIL

    first = runner.invoke(args=["retention", "run"])
    assert "Removed personal data from 1 responses in 1 engagements." in first.output
    second = runner.invoke(args=["retention", "run"])
    assert "Removed personal data from 0 responses in 0 engagements." in second.output
    db.session.expire_all()
    assert db.session.get(Response, response.id).email == ""
