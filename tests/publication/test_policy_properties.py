"""Generated engagements against every public output (DESIGN.md, "The publication policy").

Hypothesis draws the engagement's state and when it shows views, and a list of views: consent,
0-2 restrictions each (kind, on the view or on its answer, an embargo ending before or after the
reading time, lifted or not), safeguarding state, withdrawn or not, themes; a restriction on a
theme; outcomes with their own restrictions. For each example a fresh world is built (the
database is emptied first) and every public output is read and checked by the oracle in
``tests/publication/canaries.py``: no withheld canary anywhere, every allowed one in the views
pages, CSV and JSON, exact withheld counts, and the provider sees exactly what the public sees
while another provider sees nothing.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db
from tests.publication import canaries as c
from tests.publication.canaries import CONSENTS, KINDS, Out, R, Scenario, V

HOURS_BEFORE_READING = int(c.READ_AFTER.total_seconds() // 3600)


@st.composite
def restrictions(draw, levels=("response", "answer")):
    kind = draw(st.sampled_from(KINDS))
    until = None
    if kind == "embargoed":
        # Set in the future at t0; ends before the reading time or after it.
        hours = draw(
            st.one_of(
                st.integers(1, HOURS_BEFORE_READING - 1),
                st.integers(HOURS_BEFORE_READING + 1, 24 * 60),
            )
        )
        until = dt.timedelta(hours=hours)
    return R(kind, draw(st.sampled_from(levels)), until, draw(st.booleans()))


views = st.builds(
    V,
    consent=st.sampled_from(CONSENTS),
    restrictions=st.lists(restrictions(), max_size=2).map(tuple),
    safeguarding=st.sampled_from(("clear", "clear", "held", "released", "referred")),
    withdrawn=st.sampled_from((False, False, False, True)),
    themes=st.sampled_from(((), ("open",), ("hidden",), ("open", "hidden"))),
)

scenarios = st.builds(
    Scenario,
    state=st.sampled_from(("open", "open", "closed", "responded", "upcoming", "draft")),
    views_shown=st.sampled_from(("while_open", "once_closed")),
    views=st.lists(views, max_size=8).map(tuple),
    hidden_theme=st.lists(restrictions(levels=("theme",)), max_size=1).map(tuple),
    outcomes=st.lists(
        st.builds(
            Out,
            restrictions=st.lists(restrictions(levels=("outcome",)), max_size=2).map(tuple),
            theme=st.sampled_from((None, "open", "hidden")),
        ),
        max_size=2,
    ).map(tuple),
)


def _empty_database(app) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SET LOCAL session_replication_role = replica"))
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios)
def test_generated_engagements_follow_the_policy_everywhere(app, scenario):
    _empty_database(app)
    t0 = utcnow().replace(second=0, microsecond=0) - dt.timedelta(days=3)
    c.run(app, scenario, t0, search=2)
