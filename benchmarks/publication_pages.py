"""`make bench-publication`: how fast the public publication pages render with many views.

What it does, in this process and on 127.0.0.1 only:

1. builds a throwaway database (a SQLite file in a temporary directory; with BENCH_PG_URL set, a
   fresh PostgreSQL database beside it, dropped afterwards), applies the migrations
   (flask_migrate.upgrade) and adds one closed engagement with three questions (free text,
   single choice, agreement) and BENCH_VIEWS (20,000) views, written with bulk core inserts:
   about 10 % "do not publish", 1 % held for safeguarding (and a few released, referred or
   withdrawn), about 300 restrictions on views and 100 on answers across every kind (some
   embargoed into the future, some embargoes ended, some lifted), 5 themes tagging about 30 % of
   answers, and 3 published outcomes with changes and progress updates;
2. with the page cache off (PAGE_CACHE_SECONDS=0, so rendering is what is measured) and rate
   limits off, requests each public page with the Flask test client: 3 warm-up requests, then
   BENCH_REPEATS (30) timed ones (data.json, the first 1,000 views: BENCH_JSON_REPEATS, 3),
   and times ``policy.withheld_summary`` alone;
3. counts the SQL statements of every request (the "before_cursor_execute" event) and the time
   spent in them, and checks there is no N+1: the statements of one page of views must not grow
   with the number of views on the page;
4. prints a table (min, median, p95 in ms; statements; the goal beside each figure) and writes
   bench-results/publication_pages.json.

Goal: the engagement page and the views page under 200 ms median. A missed goal is reported, not
an error: the exit status is non-zero only when something failed (a page not 200, an N+1).

Settings (environment): BENCH_VIEWS (20000), BENCH_REPEATS (30), BENCH_JSON_REPEATS (3),
BENCH_PG_URL (unset: SQLite; e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres),
BENCH_PROFILE=1 (also print the top functions of a cProfile run of each URL).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import json
import logging
import math
import os
import pstats
import random
import signal
import statistics
import sys
import tempfile
import time
import traceback
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWS = int(os.environ.get("BENCH_VIEWS", "20000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))
JSON_REPEATS = int(os.environ.get("BENCH_JSON_REPEATS", "3"))
WARM_UP = 3
PG_URL = os.environ.get("BENCH_PG_URL", "").strip()
PROFILE = os.environ.get("BENCH_PROFILE", "").strip().lower() in {"1", "true", "yes", "on"}
RESULTS = ROOT / "bench-results" / "publication_pages.json"
SLUG = "bench-publication"
GOAL_MS = 200.0
SEARCH_WORD = "minibus"  # in about 3 % of the free-text answers
SEED = 20240301
BATCH = 5000

# (label, path, repeats, goal in ms or None). "{slug}" is the engagement's slug.
URLS: list[tuple[str, str, int, float | None]] = [
    ("engagement page", "/engagements/{slug}", REPEATS, GOAL_MS),
    ("views, first page", "/engagements/{slug}/views", REPEATS, GOAL_MS),
    ("views, page 500", "/engagements/{slug}/views?page=500", REPEATS, GOAL_MS),
    (f"views, q={SEARCH_WORD}", f"/engagements/{{slug}}/views?q={SEARCH_WORD}", REPEATS, GOAL_MS),
    ("you said, we did", "/engagements/{slug}/you-said-we-did", REPEATS, None),
    ("data.json (first 1,000 views)", "/engagements/{slug}/data.json", JSON_REPEATS, None),
]


# The database


def _admin(statement: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def create_pg_database() -> str:
    from sqlalchemy import make_url

    name = f"ep_bench_publication_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    from sqlalchemy import make_url

    _admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def make_app(url: str, workdir: Path):
    from engagement_portal import create_app

    os.environ.update(
        DATABASE_URL=url,
        SECRET_KEY="benchmark-only-secret-key",  # noqa: S106 - a throwaway database
    )
    return create_app(
        "production",
        SQLALCHEMY_DATABASE_URI=url,
        SECRET_KEY="benchmark-only-secret-key",  # noqa: S106
        SESSION_COOKIE_SECURE=False,
        PAGE_CACHE_SECONDS=0,  # no page cache: rendering is what is measured
        PAGE_CACHE_VERSION_FILE=str(workdir / "page-cache-version"),
        RATELIMIT_ENABLED=False,
        BASE_URL="http://127.0.0.1",
    )


WORDS = [
    "the staff are kind and know me well",
    "i like the cooking group and the garden",
    "the building is cold in winter and the toilets need repair",
    "my mum says the transport is often late",
    "we would miss our friends if the centre closed",
    "please keep the art sessions",
    "the music on fridays is the best part of my week",
    "it is too far from home",
    "i feel safe there",
    "the new manager listens to us",
    "the lunches could be better",
    "more trips out would be good",
    "there are not enough staff on mondays",
    "i want to learn to use the bus on my own",
    "the quiet room helps when i am upset",
    "my carer gets a break",
]


def _free_text(rng: random.Random) -> str:
    sentences = [rng.choice(WORDS) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.03:
        sentences.insert(rng.randrange(len(sentences) + 1), f"the {SEARCH_WORD} is often full")
    return ". ".join(s.capitalize() for s in sentences) + "."


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def populate(app) -> dict:
    """The engagement and its views, by bulk inserts; returns what was made, for the report."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, text

    from engagement_portal.core.timeutil import utcnow
    from engagement_portal.engagements.models import Agreement, QuestionKind
    from engagement_portal.extensions import db
    from engagement_portal.outcomes.models import Outcome, OutcomeChange, ProgressUpdate
    from engagement_portal.publication.models import Restriction, RestrictionKind, TargetType
    from engagement_portal.responses.models import (
        Answer,
        PublicationConsent,
        RespondentType,
        Response,
        SafeguardingState,
    )
    from engagement_portal.themes.models import Theme, answer_theme
    from tests.factories import make_engagement

    rng = random.Random(SEED)  # noqa: S311 - made-up data, not secrets
    with app.app_context():
        logging.disable(logging.INFO)  # Alembic's progress lines are noise here
        try:
            upgrade()
        finally:
            logging.disable(logging.NOTSET)
        engagement = make_engagement(
            slug=SLUG,
            title="Day services for adults with learning disabilities",
            opens_in=dt.timedelta(days=-90),
            closes_in=dt.timedelta(days=-2),
        )
        engagement_id = engagement.id
        questions = {q.kind: q.id for q in engagement.questions}
        opens_at, closes_at = engagement.opens_at, engagement.closes_at
        now = utcnow()
        span = (closes_at - opens_at).total_seconds()
        agreement_codes = [a.value for a in Agreement]

        responses, answers = [], []
        consent_mix = [
            (PublicationConsent.ANONYMOUS, 0.72),
            (PublicationConsent.WITH_NAME, 0.18),
            (PublicationConsent.DO_NOT_PUBLISH, 0.10),
        ]
        state_mix = [
            (SafeguardingState.CLEAR, 0.984),
            (SafeguardingState.HELD, 0.01),
            (SafeguardingState.RELEASED, 0.004),
            (SafeguardingState.REFERRED, 0.002),
        ]
        type_mix = [
            (RespondentType.MYSELF, 0.55),
            (RespondentType.KEY_PERSON_OWN, 0.25),
            (RespondentType.ON_BEHALF, 0.12),
            (RespondentType.STAKEHOLDER, 0.08),
        ]
        answer_id = 0
        for response_id in range(1, VIEWS + 1):
            consent = _pick(rng, consent_mix)
            respondent_type = _pick(rng, type_mix)
            withdrawn = rng.random() < 0.005
            with_name = consent == PublicationConsent.WITH_NAME and not withdrawn
            submitted_at = opens_at + dt.timedelta(seconds=rng.uniform(0, span))
            responses.append(
                {
                    "id": response_id,
                    "engagement_id": engagement_id,
                    "reference": f"EP-{response_id:08d}B"[:12],
                    "idempotency_token": f"bench-{response_id}-{uuid.uuid4().hex}",
                    "submitted_at": submitted_at,
                    "respondent_type": respondent_type,
                    "respondent_name": f"Person {response_id}" if with_name else "",
                    "organisation_name": (
                        "Northshire Carers"
                        if with_name and respondent_type == RespondentType.STAKEHOLDER
                        else ""
                    ),
                    "relationship_to_person": (
                        "advocate" if respondent_type == RespondentType.ON_BEHALF else ""
                    ),
                    "gathering_method": (
                        "talked" if respondent_type == RespondentType.ON_BEHALF else ""
                    ),
                    "gathering_detail": "",
                    "person_agreed": respondent_type == RespondentType.ON_BEHALF,
                    "publication_consent": consent,
                    "hear_back": False,
                    "email": "",
                    "language": "en",
                    "channel": "online",
                    "support_used": [],
                    "safeguarding_state": _pick(rng, state_mix),
                    "safeguarding_matches": [],
                    "safeguarding_note": "",
                    "withdrawn_at": now - dt.timedelta(days=1) if withdrawn else None,
                    "withdrawal_note": "",
                }
            )
            for kind, question_id in questions.items():
                answer_id += 1
                if kind == QuestionKind.FREE_TEXT:
                    text_, codes = ("" if withdrawn else _free_text(rng)), []
                elif kind == QuestionKind.SINGLE_CHOICE:
                    text_, codes = "", [rng.choice(["weekly", "weekly", "monthly"])]
                else:
                    text_, codes = "", [rng.choice(agreement_codes)]
                answers.append(
                    {
                        "id": answer_id,
                        "response_id": response_id,
                        "question_id": question_id,
                        "text": text_,
                        "choice_codes": codes,
                    }
                )
        _bulk(db, insert(Response.__table__), responses)
        _bulk(db, insert(Answer.__table__), answers)

        theme_names = [
            ("Buildings and repairs", "The buildings are cold and need repair."),
            ("Friends and activities", "People value their friends and the activities."),
            ("Getting there", "Transport is late or the centre is far."),
            ("Staff", "Staff are kind, but there are not enough of them."),
            ("Food", "The lunches could be better."),
        ]
        theme_ids = []
        for name, summary in theme_names:
            theme_ids.append(
                db.session.execute(
                    insert(Theme.__table__)
                    .values(engagement_id=engagement_id, name=name, summary=summary, created_at=now)
                    .returning(Theme.__table__.c.id)
                ).scalar_one()
            )
        tags = []
        for answer in answers:
            if rng.random() < 0.30:
                for theme_id in rng.sample(theme_ids, 2 if rng.random() < 0.2 else 1):
                    tags.append({"answer_id": answer["id"], "theme_id": theme_id})
        _bulk(db, insert(answer_theme), tags)

        restrictions = []
        reason_text = {
            RestrictionKind.SAFEGUARDING: "Being reviewed",
            RestrictionKind.DATA_PROTECTION: "It names a person who did not agree",
            RestrictionKind.CONFIDENTIAL: "It is about a matter still being decided",
            RestrictionKind.COMMERCIALLY_SENSITIVE: "It names a provider's prices",
            RestrictionKind.EMBARGOED: "Published after the committee meets",
        }

        def restrict(target_type: str, target_ids: list[int], plan: list[tuple[str, str, int]]):
            targets = iter(target_ids)
            for kind, state, count in plan:
                for _ in range(count):
                    embargo_until = None
                    if kind == RestrictionKind.EMBARGOED:
                        days = rng.randint(3, 40) if state != "ended" else -rng.randint(1, 20)
                        embargo_until = (now + dt.timedelta(days=days)).replace(
                            hour=9, minute=0, second=0, microsecond=0
                        )
                    restrictions.append(
                        {
                            "engagement_id": engagement_id,
                            "target_type": target_type,
                            "target_id": next(targets),
                            "kind": kind,
                            "public_reason": reason_text[kind],
                            "internal_note": "",
                            "embargo_until": embargo_until,
                            "set_at": now - dt.timedelta(days=rng.randint(1, 30)),
                            "lifted_at": now - dt.timedelta(hours=6) if state == "lifted" else None,
                            "lift_note": "Checked again" if state == "lifted" else "",
                        }
                    )

        kinds = RestrictionKind
        response_plan = [
            (kinds.SAFEGUARDING, "active", 30),
            (kinds.DATA_PROTECTION, "active", 75),
            (kinds.CONFIDENTIAL, "active", 60),
            (kinds.COMMERCIALLY_SENSITIVE, "active", 35),
            (kinds.EMBARGOED, "active", 50),
            (kinds.EMBARGOED, "ended", 15),
            (kinds.DATA_PROTECTION, "lifted", 15),
            (kinds.CONFIDENTIAL, "lifted", 10),
            (kinds.EMBARGOED, "lifted", 10),
        ]
        answer_plan = [
            (kinds.DATA_PROTECTION, "active", 35),
            (kinds.CONFIDENTIAL, "active", 20),
            (kinds.COMMERCIALLY_SENSITIVE, "active", 10),
            (kinds.EMBARGOED, "active", 15),
            (kinds.EMBARGOED, "ended", 5),
            (kinds.DATA_PROTECTION, "lifted", 10),
            (kinds.CONFIDENTIAL, "lifted", 5),
        ]
        response_count = sum(n for _, _, n in response_plan)
        answer_count = sum(n for _, _, n in answer_plan)
        # Mostly distinct targets, with a few views restricted twice (a second, different kind).
        response_targets = rng.sample(range(1, VIEWS + 1), min(VIEWS, response_count))
        response_targets += rng.sample(response_targets, max(0, response_count - VIEWS))
        for i in range(0, len(response_targets), 25):
            response_targets[i] = response_targets[max(0, i - 1)]
        free_text_answers = [a["id"] for a in answers if a["question_id"] == questions["free_text"]]
        answer_targets = rng.sample(free_text_answers, min(len(free_text_answers), answer_count))
        restrict(TargetType.RESPONSE, response_targets, response_plan)
        restrict(TargetType.ANSWER, answer_targets, answer_plan)
        _bulk(db, insert(Restriction.__table__), restrictions)

        outcome_specs = [
            (None, "in_line", "People said the centres matter to them.", "We keep all six."),
            (theme_ids[0], "partly", "The buildings are cold.", "We repair two this year."),
            (theme_ids[2], "not_in_line", "Transport is late.", "We keep the contract."),
        ]
        changes = updates = 0
        for number, (theme_id, alignment, said, did) in enumerate(outcome_specs, 1):
            outcome_id = db.session.execute(
                insert(Outcome.__table__)
                .values(
                    engagement_id=engagement_id,
                    theme_id=theme_id,
                    what_people_said=said,
                    what_we_did=did,
                    alignment=alignment,
                    reason="" if alignment == "in_line" else "The budget is fixed until 2026.",
                    easy_read_said=said,
                    easy_read_did=did,
                    easy_read_reason="",
                    published_at=now - dt.timedelta(days=1, hours=number),
                    created_at=now - dt.timedelta(days=2),
                    updated_at=now - dt.timedelta(days=1),
                )
                .returning(Outcome.__table__.c.id)
            ).scalar_one()
            for position in range(1, 4):
                status = ["done", "in_progress", "planned"][position - 1]
                change_id = db.session.execute(
                    insert(OutcomeChange.__table__)
                    .values(
                        outcome_id=outcome_id,
                        position=position,
                        description=f"Change {position} of outcome {number}",
                        easy_read_description=f"We will do thing {position}",
                        status=status,
                        expected_on=(now + dt.timedelta(days=30 * position)).date(),
                        done_on=now.date() if status == "done" else None,
                        created_at=now - dt.timedelta(days=1),
                    )
                    .returning(OutcomeChange.__table__.c.id)
                ).scalar_one()
                changes += 1
                for step in range(position - 1):
                    db.session.execute(
                        insert(ProgressUpdate.__table__).values(
                            change_id=change_id,
                            text=f"Progress note {step + 1}",
                            status=status,
                            created_at=now - dt.timedelta(hours=step + 1),
                        )
                    )
                    updates += 1
        if db.engine.dialect.name == "postgresql":  # explicit ids: move the sequences on
            for table in ("response", "answer"):
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                db.session.execute(text(f"SELECT setval({sequence}, max(id)) FROM {table}"))  # noqa: S608
        db.session.commit()
        db.session.execute(text("ANALYZE"))  # planner statistics, as a live database has
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    consents = [r["publication_consent"] for r in responses]
    states = [r["safeguarding_state"] for r in responses]
    return {
        "views": VIEWS,
        "answers": len(answers),
        "do_not_publish": consents.count(PublicationConsent.DO_NOT_PUBLISH),
        "safeguarding_held": states.count(SafeguardingState.HELD),
        "safeguarding_referred": states.count(SafeguardingState.REFERRED),
        "withdrawn": sum(1 for r in responses if r["withdrawn_at"] is not None),
        "restrictions_on_views": response_count,
        "restrictions_on_answers": answer_count,
        "themes": len(theme_ids),
        "answer_theme_tags": len(tags),
        "answers_tagged": len({t["answer_id"] for t in tags}),
        "outcomes": len(outcome_specs),
        "outcome_changes": changes,
        "progress_updates": updates,
    }


def _bulk(db, statement, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        db.session.execute(statement, rows[start : start + BATCH])


# Measuring


class StatementCounter:
    """Counts statements on an engine, and the time spent in them, between resets."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        self.seconds = 0.0
        self.slowest: tuple[float, str] = (0.0, "")
        self._started: list[float] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def reset(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self.slowest = (0.0, "")

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1
        self._started.append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        took = time.perf_counter() - self._started.pop()
        self.seconds += took
        if took > self.slowest[0]:
            self.slowest = (took, " ".join(statement.split()))


@dataclass
class Timing:
    label: str
    path: str
    requests: int
    min_ms: float
    median_ms: float
    p95_ms: float
    sql_statements: list[int]  # distinct counts seen over the timed requests
    sql_ms_median: float
    bytes: int
    goal_ms: float | None
    goal_met: bool | None
    slowest_statement_ms: float = 0.0
    slowest_statement: str = ""
    profile: str = field(default="", repr=False)


def percentile(ordered: list[float], pct: float) -> float:
    rank = math.ceil(pct / 100 * len(ordered)) - 1  # nearest rank
    return ordered[max(0, min(len(ordered) - 1, rank))]


def summarise(
    label: str,
    path: str,
    seconds: list[float],
    counts: list[int],
    sql: list[float],
    size: int,
    goal: float | None,
    slowest: tuple[float, str],
) -> Timing:
    ordered = sorted(seconds)
    median = statistics.median(ordered) * 1000
    return Timing(
        label=label,
        path=path,
        requests=len(ordered),
        min_ms=round(ordered[0] * 1000, 2),
        median_ms=round(median, 2),
        p95_ms=round(percentile(ordered, 95) * 1000, 2),
        sql_statements=sorted(set(counts)),
        sql_ms_median=round(statistics.median(sql) * 1000, 2),
        bytes=size,
        goal_ms=goal,
        goal_met=None if goal is None else median < goal,
        slowest_statement_ms=round(slowest[0] * 1000, 2),
        slowest_statement=slowest[1][:400],
    )


def time_url(app, counter: StatementCounter, label, path, repeats, goal) -> Timing:
    client = app.test_client()
    for _ in range(WARM_UP):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{label} ({path}) answered {response.status_code}")
    seconds, counts, sql = [], [], []
    slowest = (0.0, "")
    size = 0
    for _ in range(repeats):
        counter.reset()
        began = time.perf_counter()
        response = client.get(path)
        body = response.get_data()
        seconds.append(time.perf_counter() - began)
        if response.status_code != 200:
            raise RuntimeError(f"{label} ({path}) answered {response.status_code}")
        counts.append(counter.count)
        sql.append(counter.seconds)
        slowest = max(slowest, counter.slowest)
        size = len(body)
    timing = summarise(label, path, seconds, counts, sql, size, goal, slowest)
    if PROFILE:
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(path)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
        timing.profile = out.getvalue()
    return timing


def time_withheld_summary(app, counter: StatementCounter) -> Timing:
    from engagement_portal.engagements.models import Engagement
    from engagement_portal.extensions import db
    from engagement_portal.publication import policy

    seconds, counts, sql = [], [], []
    slowest = (0.0, "")
    for attempt in range(WARM_UP + REPEATS):
        with app.test_request_context("/"):
            engagement = db.session.scalars(
                db.select(Engagement).where(Engagement.slug == SLUG)
            ).one()
            counter.reset()
            began = time.perf_counter()
            summary = policy.withheld_summary(engagement)
            took = time.perf_counter() - began
            db.session.remove()
        if attempt >= WARM_UP:
            seconds.append(took)
            counts.append(counter.count)
            sql.append(counter.seconds)
            slowest = max(slowest, counter.slowest)
    timing = summarise(
        "policy.withheld_summary", "(function)", seconds, counts, sql, 0, None, slowest
    )
    timing.profile = json.dumps(
        {
            "views_received": summary.views_received,
            "views_shown": summary.views_shown,
            "views_withheld": {r.value: n for r, n in summary.views.by_reason.items()},
            "answers_withheld": {r.value: n for r, n in summary.answers.by_reason.items()},
        }
    )
    return timing


def n_plus_one_check(app, counter: StatementCounter) -> dict:
    """Statements of one page of views, for pages of 10, 20 and 100 views: must be equal. (Not 1
    view: a page without a themed answer skips the public themes' queries; not over 166 views:
    selectinload sends its ids in chunks of 500, so 500 answers add a statement.)"""
    from engagement_portal.engagements.models import Engagement
    from engagement_portal.extensions import db
    from engagement_portal.publication import policy

    counts = {}
    for per_page in (10, 20, 100):
        with app.test_request_context("/"):
            engagement = db.session.scalars(
                db.select(Engagement).where(Engagement.slug == SLUG)
            ).one()
            counter.reset()
            page = policy.public_view_page(engagement, 1, per_page=per_page)
            for view in page.views:  # touch everything a template would
                for answer in view.answers:
                    _ = [t.name for t in answer.themes]
            counts[per_page] = counter.count
            db.session.remove()
    return {"statements_by_views_per_page": counts, "ok": len(set(counts.values())) == 1}


def run(workdir: Path) -> dict:
    url = create_pg_database() if PG_URL else f"sqlite:///{workdir / 'bench.sqlite'}"
    try:
        app = make_app(url, workdir)
        began = time.perf_counter()
        print(
            f"  building {VIEWS:,} views on {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]} ...",
            flush=True,
        )
        made = populate(app)
        build_seconds = time.perf_counter() - began
        with app.app_context():
            from engagement_portal.extensions import db

            engine = db.engine
            dialect = engine.dialect.name
            server_version = ".".join(str(p) for p in engine.dialect.server_version_info or ())
        counter = StatementCounter(engine)
        timings = []
        for label, path, repeats, goal in URLS:
            path = path.format(slug=SLUG)
            print(f"  timing {label} ({path}), {repeats} requests ...", flush=True)
            timings.append(time_url(app, counter, label, path, repeats, goal))
        print("  timing policy.withheld_summary ...", flush=True)
        withheld = time_withheld_summary(app, counter)
        n_plus_one = n_plus_one_check(app, counter)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        return {
            "database": dialect,
            "database_version": server_version,
            "build_seconds": round(build_seconds, 1),
            "made": made,
            "timings": timings,
            "withheld_summary": withheld,
            "n_plus_one": n_plus_one,
        }
    finally:
        if PG_URL:
            drop_pg_database(url)


def report(figures: dict) -> list[str]:
    from engagement_portal.core.timeutil import utcnow

    timings: list[Timing] = figures["timings"]
    withheld: Timing = figures["withheld_summary"]
    n_plus_one = figures["n_plus_one"]
    made = figures["made"]
    print()
    print(
        f"{figures['database']} {figures['database_version']}: {made['views']:,} views "
        f"({made['answers']:,} answers, {made['do_not_publish']:,} do not publish, "
        f"{made['safeguarding_held']} held, {made['withdrawn']} withdrawn), "
        f"{made['restrictions_on_views']} restrictions on views and "
        f"{made['restrictions_on_answers']} on answers, {made['themes']} themes on "
        f"{made['answers_tagged']:,} answers, {made['outcomes']} outcomes; "
        f"built in {figures['build_seconds']}s."
    )
    print()
    header = (
        f"{'':28} {'n':>3} {'min ms':>8} {'median':>8} {'p95 ms':>8} {'SQL ms':>7} "
        f"{'stmts':>6} {'KB':>7}  goal"
    )
    print(header)
    print("-" * len(header))
    for t in [*timings, withheld]:
        goal = (
            ""
            if t.goal_ms is None
            else f"< {t.goal_ms:g} ms median: " + ("met" if t.goal_met else "NOT MET")
        )
        statements = "/".join(str(c) for c in t.sql_statements)
        kilobytes = f"{t.bytes / 1024:7.1f}" if t.bytes else f"{'':7}"
        print(
            f"{t.label:28} {t.requests:3d} {t.min_ms:8.1f} {t.median_ms:8.1f} {t.p95_ms:8.1f} "
            f"{t.sql_ms_median:7.1f} {statements:>6} {kilobytes}  {goal}"
        )
    print(
        "SQL ms: median time in cursor.execute per request (SQLite does part of a query's work "
        "in fetch, so there it under-counts); stmts: statements per request."
    )
    print()
    print("Slowest SQL statement seen per URL:")
    for t in [*timings, withheld]:
        print(f"  {t.label:26} {t.slowest_statement_ms:7.1f} ms  {t.slowest_statement[:150]}")
    print()
    by_page = n_plus_one["statements_by_views_per_page"]
    print(
        "No N+1: statements for one page of 10 / 20 / 100 views: "
        + " / ".join(str(by_page[k]) for k in sorted(by_page))
        + (" - constant, ok" if n_plus_one["ok"] else " - GROWS WITH THE VIEWS ON A PAGE")
    )
    views_pages = [t for t in timings if t.label.startswith("views")]
    if len({c for t in views_pages[:2] for c in t.sql_statements}) > 1:
        print("  (the first page and page 500 differ in statements)")
    print(f"withheld_summary: {withheld.profile}")
    if PROFILE:
        for t in timings:
            print(f"\ncProfile of {t.label} ({t.path}):\n{t.profile}")
    missed = [t.label for t in timings if t.goal_met is False]
    print(
        f"Goal: engagement and views pages < {GOAL_MS:g} ms median: "
        + (f"NOT met by {', '.join(missed)}" if missed else "met")
    )
    problems = [] if n_plus_one["ok"] else ["statements of a page of views grow with its views"]
    RESULTS.parent.mkdir(exist_ok=True)
    out = RESULTS
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": utcnow().isoformat() + "Z",
                "database": figures["database"],
                "database_version": figures["database_version"],
                "data": made,
                "build_seconds": figures["build_seconds"],
                "warm_up_requests": WARM_UP,
                "client": "Flask test client, in process, page cache off",
                "cpus": os.cpu_count(),
                "goal_median_ms": GOAL_MS,
                "goal_missed_by": missed,
                "results": [
                    {k: v for k, v in asdict(t).items() if k != "profile"} for t in timings
                ],
                "withheld_summary": {
                    **{k: v for k, v in asdict(withheld).items() if k != "profile"},
                    "summary": json.loads(withheld.profile),
                },
                "n_plus_one": n_plus_one,
                "problems": problems,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {out.relative_to(ROOT)}")
    return problems


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through the finally block that drops the database


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    where = "PostgreSQL (a throwaway database beside BENCH_PG_URL)" if PG_URL else "SQLite"
    print(f"Benchmark: public publication pages with {VIEWS:,} views on {where}.")
    with tempfile.TemporaryDirectory(prefix="ep-bench-publication-") as workdir:
        try:
            figures = run(Path(workdir))
        except KeyboardInterrupt:
            print("\ninterrupted: database dropped", file=sys.stderr)
            return 130
        except Exception as error:  # any failure: reported, then exit 1
            traceback.print_exc()
            print(f"benchmark failed: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
    problems = report(figures)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
