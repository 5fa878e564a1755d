"""Canary worlds for the publication-policy tests (test_policy_exhaustive.py and
test_policy_properties.py).

A *world* is one engagement whose views, answers, themes and outcomes each carry a unique canary
token (``<kind>qz<12 hex>``), with restrictions, consent, safeguarding states and withdrawals as a
spec says. The *oracle* here decides, from the rules in DESIGN.md ("The publication policy") and
written without calling ``publication.policy``, what the public may see and what the "not shown"
notice must count. ``read_world`` renders every public output (and the provider's page) and
``check_world`` compares what was rendered with the oracle.

Times: the world is built under ``frozen_clock(t0)`` and read under ``frozen_clock(t0 +
READ_AFTER)``. An embargo ends ``until`` after t0: one with ``until < READ_AFTER`` has ended by
the time of reading (it was set in the future, as the service requires, and then passed by itself).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from engagement_portal.accounts import services as accounts
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import frozen_clock, utcnow
from engagement_portal.extensions import db
from engagement_portal.outcomes import services as outcomes
from engagement_portal.privacy import services as privacy
from engagement_portal.publication import services as restrictions
from engagement_portal.responses import services as responses
from engagement_portal.themes import services as themes
from tests.conftest import FreshClient
from tests.factories import make_engagement, make_user, sign_in

# Strongest first; in this code an embargo is the weakest reason (after "no consent").
ORDER = (
    "safeguarding",
    "data_protection",
    "confidential",
    "commercially_sensitive",
    "no_consent",
    "embargoed",
)
KINDS = ("safeguarding", "data_protection", "confidential", "commercially_sensitive", "embargoed")
CONSENTS = ("with_name", "anonymous", "do_not_publish")
HELD_STATES = ("held", "referred")
PER_PAGE = 20
READ_AFTER = dt.timedelta(days=2)
PUBLISH_AFTER = dt.timedelta(days=1, hours=1)  # when outcomes are published (engagement closed)
ZONE = ZoneInfo("Europe/London")

TOKEN = re.compile(r"[A-Za-z]+qz[0-9a-f]{12}")


def canary(kind: str) -> str:
    return f"{kind}qz{uuid.uuid4().hex[:12]}"


# Specs


@dataclass(frozen=True)
class R:
    """A restriction: on the view ("response") or on its free-text answer ("answer")."""

    kind: str
    level: str = "response"
    until: dt.timedelta | None = None  # embargo end after t0 (> 0)
    lifted: bool = False

    def __post_init__(self):
        assert (self.kind == "embargoed") == (self.until is not None), self

    @property
    def active(self) -> bool:
        if self.lifted:
            return False
        if self.kind == "embargoed":
            return self.until > READ_AFTER
        return True


@dataclass(frozen=True)
class V:
    consent: str
    restrictions: tuple[R, ...] = ()
    safeguarding: str = "clear"
    withdrawn: bool = False
    themes: tuple[str, ...] = ()  # "open" and/or "hidden": tags on the free-text answer


@dataclass(frozen=True)
class Out:
    """An outcome, published with the engagement's outcomes."""

    restrictions: tuple[R, ...] = ()
    theme: str | None = None  # "open", "hidden" or None (the whole engagement)


@dataclass(frozen=True)
class Scenario:
    state: str  # open, closed, responded, upcoming, draft
    views_shown: str  # while_open or once_closed
    views: tuple[V, ...]
    hidden_theme: tuple[R, ...] = (R("confidential"),)  # restrictions on the "hidden" theme
    outcomes: tuple[Out, ...] = ()  # published when state is responded or draft


def strongest(reasons):
    reasons = list(reasons)
    return min(reasons, key=ORDER.index) if reasons else None


# Built world: plain data only (no ORM rows), so it can be used outside the app context.


@dataclass
class BuiltView:
    spec: V
    response_id: int
    text: str
    name: str
    organisation: str


@dataclass
class BuiltOutcome:
    spec: Out
    id: int
    texts: list[str]  # every text of it: said, did, reason, easy read, change, progress


@dataclass
class World:
    scenario: Scenario
    t0: dt.datetime
    slug: str
    engagement_id: int
    views: list[BuiltView]
    theme_ids: dict[str, int]
    theme_texts: dict[str, list[str]]  # name and summary canaries
    outcomes: list[BuiltOutcome]
    notes: list[str]  # internal notes of restrictions: staff only
    provider_email: str
    other_provider_email: str
    actor_id: int
    outcomes_published: bool = False

    @property
    def read_at(self) -> dt.datetime:
        return self.t0 + READ_AFTER


def build_world(scenario: Scenario, t0: dt.datetime) -> World:
    """Build the world under frozen_clock(t0). Call inside an app context."""
    with frozen_clock(t0):
        actor = make_user(Role.COMMISSIONER)
        provider_org = accounts.get_or_create_organisation(canary("Prov"), is_provider=True)
        other_org = accounts.get_or_create_organisation(canary("Prov"), is_provider=True)
        db.session.commit()
        provider = make_user(Role.PROVIDER, organisation=provider_org)
        other = make_user(Role.PROVIDER, organisation=other_org)
        engagement = make_engagement(
            views_shown=scenario.views_shown,
            provider=provider_org,
            opens_in=dt.timedelta(days=-1),
            closes_in=dt.timedelta(days=30),
        )
        questions = sorted(engagement.questions, key=lambda q: q.position)
        free_text, choice = questions[0], questions[1]
        notes: list[str] = []

        def put(target_type: str, target_id: int, spec: R):
            note = canary("Note")
            notes.append(note)
            details = restrictions.RestrictionDetails(
                kind=spec.kind,
                internal_note=note,
                embargo_until=t0 + spec.until if spec.until is not None else None,
            )
            restriction = restrictions.restrict(
                restrictions.find_target(target_type, target_id), details, actor
            )
            if spec.lifted:
                restrictions.lift(restriction, actor, "Lifted in a test.")

        theme_ids, theme_texts = {}, {}
        for key in ("open", "hidden"):
            name, summary = canary("Thm"), canary("Tsum")
            theme = themes.create_theme(engagement, name, summary, actor)
            theme_ids[key], theme_texts[key] = theme.id, [name, summary]
        for spec in scenario.hidden_theme:
            put("theme", theme_ids["hidden"], spec)

        built = []
        for spec in scenario.views:
            text, name, organisation = canary("cnry"), canary("Nm"), canary("Org")
            response = responses.record_response(
                engagement,
                responses.Submission(
                    respondent_type="myself",
                    answers={free_text.id: f"{text} likes the garden", choice.id: "weekly"},
                    publication_consent=spec.consent,
                    respondent_name=f"Pat {name}",
                    organisation_name=f"{organisation} group",
                ),
                idempotency_token=uuid.uuid4().hex,
            )
            assert response.safeguarding_state == "clear"
            answer = next(a for a in response.answers if a.question_id == free_text.id)
            if spec.themes:
                themes.set_answer_themes(answer, [theme_ids[k] for k in spec.themes], actor)
            for r in spec.restrictions:
                put(r.level, response.id if r.level == "response" else answer.id, r)
            if spec.safeguarding != "clear":
                response.safeguarding_state = spec.safeguarding
                db.session.commit()
            if spec.withdrawn:
                privacy.withdraw(response)
            built.append(BuiltView(spec, response.id, text, name, organisation))

        built_outcomes = []
        if scenario.outcomes:
            for spec in scenario.outcomes:
                texts = [canary(k) for k in ("Osaid", "Odid", "Oreason", "Oer", "Ochg", "Oprog")]
                outcome = outcomes.create_outcome(
                    engagement,
                    outcomes.OutcomeDetails(
                        what_people_said=texts[0],
                        what_we_did=texts[1],
                        alignment="partly",
                        reason=texts[2],
                        theme_id=theme_ids[spec.theme] if spec.theme else None,
                        easy_read_did=texts[3],
                    ),
                    actor,
                )
                change = outcomes.add_change(
                    outcome, outcomes.ChangeDetails(description=texts[4]), actor
                )
                outcomes.record_progress(change, texts[5], "in_progress", actor)
                for r in spec.restrictions:
                    put("outcome", outcome.id, r)
                built_outcomes.append(BuiltOutcome(spec, outcome.id, texts))
        world = World(
            scenario=scenario,
            t0=t0,
            slug=engagement.slug,
            engagement_id=engagement.id,
            views=built,
            theme_ids=theme_ids,
            theme_texts=theme_texts,
            outcomes=built_outcomes,
            notes=notes,
            provider_email=provider.email,
            other_provider_email=other.email,
            actor_id=actor.id,
        )
    set_state(world, scenario.state, scenario.views_shown)
    return world


def set_state(world: World, state: str, views_shown: str) -> None:
    """Move the engagement to ``state`` as seen at the reading time (inside an app context).
    The order open, closed, responded, draft is possible: an engagement is not un-responded."""
    from engagement_portal.accounts.models import User
    from engagement_portal.engagements.models import Engagement

    engagement = db.session.get(Engagement, world.engagement_id)
    t0 = world.t0
    with frozen_clock(t0 + PUBLISH_AFTER):
        engagement.views_shown = views_shown
        if state == "open":
            assert engagement.responded_at is None
            engagement.closes_at = world.read_at + dt.timedelta(days=30)
        elif state == "upcoming":
            engagement.opens_at = world.read_at + dt.timedelta(days=1)
            engagement.closes_at = world.read_at + dt.timedelta(days=10)
        else:
            engagement.closes_at = t0 + dt.timedelta(days=1)
        db.session.commit()
        if state in ("responded", "draft") and world.outcomes and not world.outcomes_published:
            outcomes.publish_outcomes(engagement, db.session.get(User, world.actor_id))
            world.outcomes_published = True
        elif state == "responded" and engagement.responded_at is None:
            engagement.responded_at = utcnow()
        if state == "draft":
            engagement.published_at = None
        db.session.commit()
    world.scenario = replace(world.scenario, state=state, views_shown=views_shown)


# The oracle


def view_reason(spec: V) -> str | None:
    reasons = [r.kind for r in spec.restrictions if r.level == "response" and r.active]
    if spec.safeguarding in HELD_STATES:
        reasons.append("safeguarding")
    if spec.consent == "do_not_publish":
        reasons.append("no_consent")
    return strongest(reasons)


def embargo_end(t0, specs) -> dt.datetime | None:
    ends = [t0 + r.until for r in specs if r.active and r.kind == "embargoed"]
    return max(ends, default=None)


@dataclass
class Counts:
    by_reason: Counter = field(default_factory=Counter)
    ends: Counter = field(default_factory=Counter)

    def add(self, reason, end):
        self.by_reason[reason] += 1
        if reason == "embargoed":
            self.ends[end] += 1

    @property
    def total(self):
        return sum(self.by_reason.values())

    def as_json(self):
        return {
            "total": self.total,
            "by_reason": {r: n for r, n in self.by_reason.items() if r != "embargoed" and n},
            "embargoed_until": [
                {"until": m.isoformat() + "Z", "count": n} for m, n in sorted(self.ends.items())
            ],
        }

    def phrases(self):
        items = [phrase(r, self.by_reason[r]) for r in ORDER[:-1] if self.by_reason[r]]
        return items + [f"{n} until {until_text(m)}" for m, n in sorted(self.ends.items())]


def phrase(reason: str, n: int) -> str:
    one = n == 1
    return {
        "safeguarding": f"{n} because {'it is' if one else 'they are'} being reviewed",
        "data_protection": f"{n} to protect {'someone' if one else 'people'}'s personal information",
        "confidential": f"{n} for confidentiality",
        "commercially_sensitive": f"{n} because {'it is' if one else 'they are'} commercially "
        "sensitive",
        "no_consent": f"{n} because the person who gave it asked us not to publish it"
        if one
        else f"{n} because the people who gave them asked us not to publish them",
    }[reason]


def until_text(moment: dt.datetime) -> str:
    local = moment.replace(tzinfo=dt.UTC).astimezone(ZONE)
    day = f"{local.day} {local:%B %Y}"
    return day if local.time() == dt.time(0, 0) else f"{day}, {local:%H:%M}"


@dataclass
class Expected:
    public: bool
    shown_now: bool
    received: int
    shown: list[BuiltView]  # views the public may read (empty when not shown now)
    views: Counts
    answers: Counts
    themes: Counts
    outcomes: Counts
    allowed: set[str]  # canaries of view text, names, organisations the public may read
    forbidden: set[str]  # canaries that must appear nowhere public
    view_canaries: set[str]  # every canary of a view (text, name, organisation)
    open_outcome_texts: set[str]
    outcomes_due: list[dt.datetime]
    theme_views: dict[str, set[str]]  # theme key -> text canaries of views shown on its filter


def answer_allowed(view: BuiltView) -> bool:
    return not any(r.active for r in view.spec.restrictions if r.level == "answer")


def expect(world: World) -> Expected:
    s, t0 = world.scenario, world.t0
    public = s.state != "draft"
    if s.state in ("closed", "responded"):
        shown_now = public
    elif s.state == "open":
        shown_now = s.views_shown == "while_open"
    else:
        shown_now = False
    live = [v for v in world.views if not v.spec.withdrawn]
    views, answers = Counts(), Counts()
    shown = []
    for v in live:
        reason = view_reason(v.spec)
        if reason is not None:
            views.add(reason, embargo_end(t0, v.spec.restrictions))
            continue
        if not shown_now:
            continue
        shown.append(v)
        own = [r for r in v.spec.restrictions if r.level == "answer" and r.active]
        if own:
            answers.add(strongest(r.kind for r in own), embargo_end(t0, own))
    allowed = set()
    for v in shown:
        if answer_allowed(v):
            allowed.add(v.text)
        if v.spec.consent == "with_name":
            allowed |= {v.name, v.organisation}
    view_canaries = {c for v in world.views for c in (v.text, v.name, v.organisation)}

    theme_counts = Counts()
    theme_active = [r for r in s.hidden_theme if r.active]
    if theme_active:
        theme_counts.add(strongest(r.kind for r in theme_active), embargo_end(t0, s.hidden_theme))
    theme_open = {"open": True, "hidden": not theme_active}

    outcome_counts, due, open_texts, closed_texts = Counts(), set(), set(), set()
    published = world.outcomes_published
    for o in world.outcomes:
        active = [r for r in o.spec.restrictions if r.active]
        if active and public and published:
            reason = strongest(r.kind for r in active)
            end = embargo_end(t0, active)
            outcome_counts.add(reason, end)
            if reason == "embargoed":
                due.add(end)
        if active or not public or not published:
            closed_texts |= set(o.texts)
        else:
            open_texts |= set(o.texts)

    forbidden = (view_canaries - allowed) | set(world.notes) | closed_texts
    for key, texts in world.theme_texts.items():
        if not (public and theme_open[key]):
            forbidden |= set(texts)
    theme_views = {
        key: {v.text for v in shown if key in v.spec.themes and answer_allowed(v)}
        if theme_open[key]
        else set()
        for key in ("open", "hidden")
    }
    return Expected(
        public=public,
        shown_now=shown_now and public,
        received=len(live),
        shown=shown,
        views=views,
        answers=answers,
        themes=theme_counts,
        outcomes=outcome_counts,
        allowed=allowed,
        forbidden=forbidden,
        view_canaries=view_canaries,
        open_outcome_texts=open_texts,
        outcomes_due=sorted(due),
        theme_views=theme_views,
    )


# Reading every public output


def tokens(body: str) -> set[str]:
    return set(TOKEN.findall(body))


def get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


VIEWS_TOTAL = re.compile(r'data-views-total="(\d+)"')
ARTICLE = re.compile(r'<article class="ep-public-view" aria-labelledby="(view-\d+)"')


def views_total(body: str) -> int:
    match = VIEWS_TOTAL.search(body)
    assert match is not None, "no data-views-total"
    return int(match.group(1))


def walk(client, url: str, sep: str = "?") -> tuple[int | None, list[str]]:
    """Every page of a paginated list of views: (total, bodies)."""
    first = get(client, url)
    match = VIEWS_TOTAL.search(first)
    total = int(match.group(1)) if match else None
    pages = [first]
    count = max(1, -(-(total or 0) // PER_PAGE))
    for number in range(2, count + 1):
        pages.append(get(client, f"{url}{sep}page={number}"))
    return total, pages


def article_ids(bodies) -> list[str]:
    return [found for body in bodies for found in ARTICLE.findall(body)]


def notice(body: str) -> dict:
    """What the "not shown" notice says: totals and list texts, by kind of item."""
    soup = BeautifulSoup(body, "html.parser")
    found = {}
    for kind in ("views", "answers", "themes", "outcomes"):
        node = soup.find(attrs={f"data-withheld-{kind}": True})
        if node is None:
            continue
        items = node.find_next_sibling("ul")
        found[kind] = (
            int(node[f"data-withheld-{kind}"]),
            [" ".join(li.get_text().split()) for li in items.find_all("li")],
        )
    return found


def expected_notice(exp: Expected, *, show_views: bool = True) -> dict:
    want = {}
    if show_views and exp.shown_now:
        for kind, counts in (("views", exp.views), ("answers", exp.answers)):
            if counts.total:
                want[kind] = (counts.total, counts.phrases())
    for kind, counts in (("themes", exp.themes), ("outcomes", exp.outcomes)):
        if counts.total:
            want[kind] = (counts.total, counts.phrases())
    return want


@dataclass
class Reading:
    bodies: dict[str, str]  # url -> body, every public output
    view_pages: list[str]
    views_total: int | None
    csv_rows: list[list[str]] | None
    data: dict | None
    provider_pages: list[str]
    provider_total_text: str | None


def new_client(app):
    return FreshClient(app, app.response_class, use_cookies=True)


def read_world(app, world: World, exp: Expected, *, search: int = 3) -> Reading:
    """Render every public output of the world at its reading time and run the checks that need
    the client (status codes, search and theme filters, the provider pages)."""
    slug = world.slug
    base = f"/engagements/{slug}"
    bodies: dict[str, str] = {}
    with frozen_clock(world.read_at):
        client = new_client(app)
        bodies["/you-said-we-did"] = get(client, "/you-said-we-did")
        bodies["/you-said-we-did/feed.atom"] = get(client, "/you-said-we-did/feed.atom")
        bodies["/engagements/"] = get(client, "/engagements/")
        if not exp.public:
            for url in (
                base,
                f"{base}/views",
                f"{base}/views.csv",
                f"{base}/data.json",
                f"{base}/you-said-we-did",
                f"{base}/views?page=2",
            ):
                bodies[url] = get(client, url, 404)
            reading = Reading(bodies, [], None, None, None, [], None)
            _provider_checks(app, world, exp, reading)
            return reading
        bodies[base] = get(client, base)
        bodies[f"{base}/you-said-we-did"] = get(client, f"{base}/you-said-we-did")
        total, pages = walk(client, f"{base}/views")
        for number, body in enumerate(pages, 1):
            bodies[f"{base}/views?page={number}"] = body
        csv_text = get(client, f"{base}/views.csv")
        bodies[f"{base}/views.csv"] = csv_text
        json_text = get(client, f"{base}/data.json")
        bodies[f"{base}/data.json"] = json_text
        data = json.loads(json_text)
        # The views may come a page at a time (views_page.next): follow every page.
        next_url = (data.get("views_page") or {}).get("next")
        while next_url:
            url = next_url.removeprefix(app.config["BASE_URL"])
            more = get(client, url)
            bodies[url] = more
            page_data = json.loads(more)
            data["views"] += page_data["views"]
            next_url = page_data["views_page"]["next"]

        # Filters: each theme, and searches for view canaries.
        for key, theme_id in world.theme_ids.items():
            url = f"{base}/views?theme={theme_id}"
            t_total, t_pages = walk(client, url, "&")
            for number, body in enumerate(t_pages, 1):
                bodies[f"{url}&page={number}"] = body
            found = set().union(*map(tokens, t_pages)) & {v.text for v in world.views}
            if exp.shown_now:
                assert t_total == len(exp.theme_views[key]), (key, t_total, exp.theme_views)
                assert found == exp.theme_views[key], key
        # Every withheld answer of a shown view, a few withheld views, one allowed view.
        shown_ids = {v.response_id for v in exp.shown}
        answers_withheld = [
            v for v in world.views if v.response_id in shown_ids and v.text not in exp.allowed
        ]
        views_withheld = [v for v in world.views if v.response_id not in shown_ids]
        allowed = [v for v in world.views if v.text in exp.allowed]
        searched = answers_withheld + views_withheld[:search] + allowed[:1]
        if not searched:
            searched = world.views[:1]
        for v in searched:
            url = f"{base}/views?q={v.text}"
            body = get(client, url)
            bodies[url] = body
            if exp.shown_now:
                assert views_total(body) == (1 if v.text in exp.allowed else 0), (v.spec, url)
    reading = Reading(
        bodies=bodies,
        view_pages=pages,
        views_total=total,
        csv_rows=list(csv.reader(io.StringIO(csv_text))),
        data=data,
        provider_pages=[],
        provider_total_text=None,
    )
    _provider_checks(app, world, exp, reading)
    return reading


def _provider_checks(app, world: World, exp: Expected, reading: Reading) -> None:
    url = f"/staff/engagements/about-your-service/{world.engagement_id}/views"
    with frozen_clock(world.read_at):
        own = new_client(app)
        sign_in(own, SimpleNamespace(email=world.provider_email))
        if exp.public:
            first = get(own, url)
            match = re.search(r"(\d+) views? (?:is|are) shown", first)
            count = max(1, -(-int(match.group(1)) // PER_PAGE)) if match else 1
            pages = [first] + [get(own, f"{url}?page={n}") for n in range(2, count + 1)]
            reading.provider_pages = pages
            if exp.shown_now:
                assert int(match.group(1)) == len(exp.shown), "provider total"
        else:
            get(own, url, 404)
        other = new_client(app)
        sign_in(other, SimpleNamespace(email=world.other_provider_email))
        get(other, url, 404)
        # Signed in as the other provider: nothing withheld anywhere it can go.
        seen = [get(other, "/staff/engagements/about-your-service")]
        for public_url in list(reading.bodies)[:8]:
            response = other.get(public_url)
            seen.append(response.get_data(as_text=True))
        for body in seen:
            assert not tokens(body) & exp.forbidden, "other provider sees a withheld canary"


# Checking


def check_world(world: World, exp: Expected, reading: Reading) -> None:
    # 1. No withheld canary in any output.
    for url, body in reading.bodies.items():
        echoed = set(TOKEN.findall(url.partition("?q=")[2]))  # a search page repeats its words
        leaked = (tokens(body) - echoed) & exp.forbidden
        assert not leaked, f"{url} shows withheld {sorted(leaked)}"
    for body in reading.provider_pages:
        assert not tokens(body) & exp.forbidden, "the provider sees a withheld canary"
    if not exp.public:
        return

    # 2. Every allowed canary in the views pages, the CSV and the JSON; nothing else of views.
    on_pages = set().union(*map(tokens, reading.view_pages)) & exp.view_canaries
    assert on_pages == exp.allowed, _diff(on_pages, exp.allowed)
    in_csv = tokens(json.dumps(reading.csv_rows)) & exp.view_canaries
    assert in_csv == exp.allowed, _diff(in_csv, exp.allowed)
    in_json = tokens(json.dumps(reading.data["views"])) & exp.view_canaries
    assert in_json == exp.allowed, _diff(in_json, exp.allowed)
    shown_ids = sorted(v.response_id for v in exp.shown)
    assert sorted(v["number"] for v in reading.data["views"]) == shown_ids
    assert sorted(int(row[0]) for row in reading.csv_rows[1:]) == shown_ids
    pages_ids = article_ids(reading.view_pages)
    assert sorted(pages_ids) == sorted(f"view-{n}" for n in shown_ids)
    if exp.shown_now:
        assert reading.views_total == len(exp.shown)
    # Names only with consent: an anonymous view is "Anonymous" with no name or organisation.
    for v in exp.shown:
        if v.spec.consent != "with_name":
            for row in reading.data["views"]:
                if row["number"] == v.response_id:
                    assert row["name"] == "" and row["organisation"] == ""

    # 3. Counts: the JSON and the notice on every page that carries it.
    data = reading.data
    assert data["views_received"] == exp.received
    assert data["views_shown_now"] == exp.shown_now
    assert data["views_shown"] == len(exp.shown)
    for kind in ("views", "answers", "themes", "outcomes"):
        got = {k: data["withheld"][kind][k] for k in ("total", "by_reason", "embargoed_until")}
        want = getattr(exp, kind).as_json()
        assert got == want, (kind, got, want)
    want = expected_notice(exp)
    base = f"/engagements/{world.slug}"
    on_show = want if world.scenario.state != "upcoming" else {}
    assert notice(reading.bodies[base]) == on_show, ("show", notice(reading.bodies[base]), on_show)
    searched = [url for url in reading.bodies if "?q=" in url]
    for url, body in reading.bodies.items():
        listing = url.startswith(f"{base}/views") and "views.csv" not in url
        if listing and ("?q=" not in url or url == searched[0]):
            got = notice(body)
            assert got == (want if exp.shown_now else {}), (url, got, want)
    assert notice(reading.bodies[f"{base}/you-said-we-did"]) == expected_notice(
        exp, show_views=False
    )
    for body in reading.provider_pages:
        assert notice(body) == (want if exp.shown_now else {}), "provider notice"
    on_provider = set().union(*map(tokens, reading.provider_pages)) & exp.view_canaries
    assert on_provider == exp.allowed, _diff(on_provider, exp.allowed)
    assert sorted(article_ids(reading.provider_pages)) == sorted(pages_ids)

    # Themes and outcomes.
    if exp.shown_now:
        pages_text = " ".join(reading.view_pages)
        assert world.theme_texts["open"][0] in pages_text
    outcome_page = reading.bodies[f"{base}/you-said-we-did"]
    feed = reading.bodies["/you-said-we-did/feed.atom"]
    json_outcomes = json.dumps(data["outcomes"], ensure_ascii=False)
    for o in world.outcomes:
        said, did = o.texts[0], o.texts[1]
        if did in exp.open_outcome_texts:
            assert said in outcome_page and did in outcome_page, "a public outcome is missing"
            assert did in feed and said in json_outcomes
    for moment in exp.outcomes_due:
        assert f"An outcome is due on {until_text(moment)}." in outcome_page
        assert f"An outcome is due on {until_text(moment)}." in reading.bodies[base]
    assert outcome_page.count("An outcome is due on") == len(exp.outcomes_due)


def _diff(got: set, want: set) -> str:
    return f"missing {sorted(want - got)}, extra {sorted(got - want)}"


def build(app, scenario: Scenario, t0: dt.datetime) -> World:
    with app.app_context():
        world = build_world(scenario, t0)
        db.session.remove()
    return world


def move(app, world: World, state: str, views_shown: str) -> None:
    with app.app_context():
        set_state(world, state, views_shown)
        db.session.remove()


def check(app, world: World, *, search: int = 3):
    exp = expect(world)
    reading = read_world(app, world, exp, search=search)
    check_world(world, exp, reading)
    return exp, reading


def run(app, scenario: Scenario, t0: dt.datetime, *, search: int = 3):
    world = build(app, scenario, t0)
    exp, reading = check(app, world, search=search)
    return world, exp, reading
