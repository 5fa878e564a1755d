"""Every combination of consent, restriction, embargo end and level, in every engagement state,
against every public output (DESIGN.md, "The publication policy"; E-P15).

Each engagement state gets one engagement whose views cover consent (with name, anonymous, do
not publish) × restriction (none, each of the five kinds, an embargo ended or not, a lifted one) ×
level (on the view, on its free-text answer), plus safeguarding states, several restrictions on
one item, withdrawn views, a restricted theme and (once responded) outcomes restricted in every
way. Every view's text, name and organisation is a canary token; ``tests/publication/canaries.py``
builds the world, holds the oracle (written from the rules, not from ``policy``) and checks every
output: no withheld canary anywhere, every allowed one in the views pages, CSV and JSON, and the
withheld counts on the pages and in the JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.extensions import db
from engagement_portal.publication import services as restrictions
from engagement_portal.publication.models import Restriction
from tests.publication import canaries as c
from tests.publication.canaries import CONSENTS, KINDS, Out, R, Scenario, V

PAST = dt.timedelta(hours=5)  # an embargo that has ended by the time of reading
FUTURE = dt.timedelta(days=10)
LATER = dt.timedelta(days=20)

OPTIONS = (
    *(R(kind) for kind in KINDS if kind != "embargoed"),
    R("embargoed", until=PAST),
    R("embargoed", until=FUTURE),
    R("confidential", lifted=True),
    R("embargoed", until=FUTURE, lifted=True),
)


def _matrix() -> tuple[V, ...]:
    views = []
    for consent in CONSENTS:
        views.append(V(consent))
        for option in OPTIONS:
            for level in ("response", "answer"):
                views.append(V(consent, (replace(option, level=level),)))
    for state in ("held", "referred", "released"):
        for consent in ("with_name", "anonymous"):
            views.append(V(consent, safeguarding=state))
    views += [
        # Several reasons: counted once, under the strongest (an embargo is the weakest).
        V("with_name", (R("embargoed", until=FUTURE), R("confidential")), safeguarding="held"),
        V("with_name", (R("embargoed", until=FUTURE), R("confidential"))),
        V("anonymous", (R("embargoed", until=FUTURE), R("embargoed", until=LATER))),
        V("do_not_publish", (R("embargoed", until=FUTURE),)),
        V("with_name", (R("data_protection"), R("commercially_sensitive"))),
        V("anonymous", (R("commercially_sensitive"), R("confidential", lifted=True))),
        # An answer restriction inside a withheld view is counted with the view only.
        V("anonymous", (R("embargoed", until=FUTURE), R("confidential", level="answer"))),
        V("with_name", (R("confidential", level="answer"),), safeguarding="referred"),
        # Several restrictions on one answer.
        V(
            "with_name",
            (
                R("embargoed", level="answer", until=FUTURE),
                R("commercially_sensitive", level="answer"),
            ),
        ),
        V(
            "anonymous",
            (
                R("embargoed", level="answer", until=FUTURE),
                R("embargoed", level="answer", until=LATER),
            ),
        ),
        V("anonymous", (R("embargoed", level="answer", until=PAST),), safeguarding="released"),
        # Withdrawn views are in nothing, not even the counts.
        V("with_name", withdrawn=True),
        V("anonymous", (R("confidential"),), withdrawn=True),
        V("with_name", (R("embargoed", level="answer", until=FUTURE),), withdrawn=True),
        V("do_not_publish", withdrawn=True),
    ]
    tags = ((), ("open",), ("hidden",), ("open", "hidden"))
    return tuple(replace(v, themes=tags[i % len(tags)]) for i, v in enumerate(views))


VIEWS = _matrix()

OUTCOMES = (
    Out(),
    Out(theme="open"),
    Out(theme="hidden"),  # shown, but not the name of its restricted theme
    Out((R("confidential"),)),
    Out((R("embargoed", until=FUTURE),), theme="open"),
    Out((R("embargoed", until=LATER),)),
    Out((R("embargoed", until=PAST),)),
    Out((R("confidential", lifted=True),)),
    Out((R("embargoed", until=FUTURE), R("data_protection"))),  # not "due": something else holds it
)

# In this order, one world moves through every state (an engagement is never un-responded).
STATES = (
    ("open", "while_open"),
    ("open", "once_closed"),
    ("closed", "once_closed"),
    ("closed", "while_open"),
    ("responded", "once_closed"),
    ("draft", "while_open"),
)


def _t0() -> dt.datetime:
    return utcnow().replace(second=0, microsecond=0) - dt.timedelta(days=3)


def test_the_matrix_covers_every_combination():
    seen = {
        (v.consent, r.kind, r.level, r.until is not None and r.until > c.READ_AFTER)
        for v in VIEWS
        if len(v.restrictions) == 1 and v.safeguarding == "clear" and not v.withdrawn
        for r in v.restrictions
    }
    for consent in CONSENTS:
        for kind in KINDS:
            for level in ("response", "answer"):
                ends = (True, False) if kind == "embargoed" else (False,)
                for future in ends:
                    assert (consent, kind, level, future) in seen


def test_every_public_output_follows_the_policy_in_every_state(app):
    scenario = Scenario("open", "while_open", VIEWS, outcomes=OUTCOMES)
    world = c.build(app, scenario, _t0())
    for state, views_shown in STATES:
        c.move(app, world, state, views_shown)
        try:
            exp, reading = c.check(app, world)
        except AssertionError as error:
            raise AssertionError(f"{state}, views shown {views_shown}: {error}") from error
        # The oracle itself is not vacuous.
        if exp.shown_now:
            assert len(exp.shown) > c.PER_PAGE and len(reading.view_pages) == 2
            assert exp.views.by_reason.keys() == set(c.ORDER)
            assert exp.answers.by_reason.keys() == set(c.ORDER) - {"no_consent"}
            assert len(exp.allowed) > 30 and len(exp.forbidden) > 100
        if state == "responded":
            assert exp.outcomes.total == 4 and len(exp.outcomes_due) == 2
            outcome_page = reading.bodies[f"/engagements/{world.slug}/you-said-we-did"]
            assert "One of the themes" in outcome_page
            assert len(exp.open_outcome_texts) == 5 * 6


def test_a_lifted_restriction_no_longer_withholds(app, client):
    t0 = _t0()
    scenario = Scenario(
        "closed", "once_closed", (V("with_name", (R("confidential"),)), V("anonymous"))
    )
    world, *_ = c.run(app, scenario, t0)
    held = world.views[0]
    page = f"/engagements/{world.slug}/views"
    with frozen_clock(world.read_at):
        body = c.get(client, page)
        assert held.text not in body
        assert c.notice(body)["views"] == (1, ["1 for confidentiality"])
        with app.app_context():
            restriction = db.session.scalar(
                db.select(Restriction).where(
                    Restriction.target_type == "response",
                    Restriction.target_id == held.response_id,
                )
            )
            restrictions.lift(restriction, c.make_user(), "Checked: fine to publish.")
        # The downloads are built on each request: the view is back at once.
        assert held.text in c.get(client, f"{page}.csv")
        assert held.text in c.get(client, f"/engagements/{world.slug}/data.json")
        # The pages too: lifting is a commit that changes what public pages show.
        body = c.get(client, page)
        assert held.text in body and held.name in body, (
            "the views page still withholds a lifted view: publication.services.lift() does not "
            "drop cached public pages"
        )
        assert "views" not in c.notice(body)


def test_an_embargo_ends_by_itself_on_every_output(app, client):
    t0 = _t0()
    scenario = Scenario(
        "closed",
        "once_closed",
        (V("with_name", (R("embargoed", until=c.READ_AFTER + dt.timedelta(hours=1)),)),),
    )
    world, *_ = c.run(app, scenario, t0)
    view = world.views[0]
    end = t0 + c.READ_AFTER + dt.timedelta(hours=1)
    base = f"/engagements/{world.slug}"
    with frozen_clock(world.read_at):
        body = c.get(client, f"{base}/views")
        assert view.text not in body
        assert c.notice(body)["views"] == (1, [f"1 until {c.until_text(end)}"])
    with frozen_clock(end):
        for url in (f"{base}/views", f"{base}/views.csv", f"{base}/data.json"):
            assert view.text in c.get(client, url), url
        assert c.views_total(c.get(client, f"{base}/views?q={view.text}")) == 1
        assert "data-withheld-views" not in c.get(client, base)
