"""`make bench-load` (and `make bench-fault`): no view is lost under load, nor when PostgreSQL
restarts in the middle of it.

What it does, all on 127.0.0.1 and bounded in time:

1. creates a fresh PostgreSQL database beside BENCH_PG_URL, applies the migrations
   (flask_migrate.upgrade) and adds one open engagement with three questions;
2. starts gunicorn (2 gthread workers, one thread per client) on it with rate limits off and no
   minimum time to respond (RATELIMIT_ENABLED=false, MIN_SECONDS_TO_RESPOND=0);
3. runs BENCH_LOAD_CLIENTS (50) Python clients, threads each with its own cookies, that walk the
   whole give-views flow again and again for BENCH_LOAD_SECONDS (60): GET the first page for the
   CSRF token, POST who, the three questions, publishing, hear-back and check, then GET the
   confirmation page and read the reference on it. Every flow is a new person (cookies cleared);
   a flow under way when the time is up is finished (within a grace period);
4. with BENCH_FAULT=1, restarts PostgreSQL half way through
   (`pg_ctlcluster --skip-systemctl-redirect <version> main restart`, needs root). A client that
   gets our 503 page ("try again in a few minutes") waits a moment and sends the same page again,
   as a person going back would: the answers are kept in the draft on the server;
5. stops gunicorn (always: its own process group, killed on any exit), then compares the
   references shown on confirmation pages with the rows in the response table, drops the database,
   prints the figures and writes bench-results/give_views_load.json (or give_views_fault.json).

Exit status 0 only when every confirmation shown is a stored view and every stored view was
confirmed (same references, none twice), no 5xx other than our 503 page (and no 503 at all without
BENCH_FAULT), no flow left unfinished, and with BENCH_FAULT some flows succeeded after the restart.

Settings (environment): BENCH_LOAD_SECONDS (60), BENCH_LOAD_CLIENTS (50), BENCH_FAULT (off),
BENCH_FAULT_AT (seconds into the load; half of BENCH_LOAD_SECONDS),
BENCH_PG_URL (postgresql+psycopg://postgres@127.0.0.1:5432/postgres: where to create the database).
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.gunicorn import Gunicorn

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
CLIENTS = int(os.environ.get("BENCH_LOAD_CLIENTS", "50"))
FAULT = os.environ.get("BENCH_FAULT", "").strip().lower() in {"1", "true", "yes", "on"}
FAULT_AT = float(os.environ.get("BENCH_FAULT_AT", str(SECONDS / 2)))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
RESULTS = ROOT / "bench-results" / ("give_views_fault.json" if FAULT else "give_views_load.json")
WORKERS = 2
THREADS = math.ceil(CLIENTS / WORKERS)  # a thread per keep-alive client
GRACE_SECONDS = 60.0  # to finish the flows under way when the time is up
REQUEST_TIMEOUT = 30.0
RETRY_PAUSE = 0.5  # how long a client waits before sending a page again after a 503
SLUG = "bench-give-views"
ANSWERS = {1: "It is friendly and the staff know me.", 2: "weekly", 3: "agree"}

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
VALUE = re.compile(r'value="([^"]+)"')
REFERENCE = re.compile(r'class="ep-reference">(EP-[A-Z0-9]{4}-[A-Z0-9]{4})<')
TRY_AGAIN = "try again"  # on templates/errors/503.html


# The database


def create_database() -> str:
    from sqlalchemy import make_url

    base = make_url(PG_URL)
    name = f"ep_bench_load_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    from sqlalchemy import make_url

    _admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def _admin(statement: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def prepare_database() -> None:
    from flask_migrate import upgrade

    from engagement_portal import create_app
    from engagement_portal.extensions import db
    from tests.factories import make_engagement

    app = create_app()  # reads DATABASE_URL, set by run()
    with app.app_context():
        logging.disable(logging.INFO)  # Alembic's progress lines are noise here
        try:
            upgrade()
        finally:
            logging.disable(logging.NOTSET)
        make_engagement(slug=SLUG)
        db.session.remove()
        db.engine.dispose()


def stored_references(url: str) -> list[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(text("SELECT reference FROM response")))
    finally:
        engine.dispose()


# Gunicorn


# One person in a browser


class ServerError(Exception):
    """A 5xx other than our 503 page, or an answer the flow did not expect: the flow stops."""


@dataclass
class Tally:
    confirmations: list[str] = field(default_factory=list)
    confirmed_at: list[float] = field(default_factory=list)
    flows_started: int = 0
    unfinished: int = 0
    requests: int = 0
    try_again_pages: int = 0  # our 503 page, then the same page sent again
    try_again_at: list[float] = field(default_factory=list)
    try_again_on_send: int = 0  # of which on the check page's "Send": views not stored, retried
    other_5xx: int = 0
    unexpected: list[str] = field(default_factory=list)
    connection_errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, name: str) -> None:
        with self.lock:  # += on an attribute is not atomic across threads
            setattr(self, name, getattr(self, name) + 1)


class Browser:
    """Keep-alive connection and cookies of one person."""

    def __init__(self, port: int, tally: Tally, hard_deadline: float):
        self.port = port
        self.tally = tally
        self.hard_deadline = hard_deadline
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def send(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """(status, Location, body) of one request, after any 503 or dropped connection has been
        waited out and the request sent again, like a person trying again."""
        while True:
            if time.monotonic() > self.hard_deadline:
                raise TimeoutError
            try:
                status, location, body = self._once(method, path, form)
            except (OSError, http.client.HTTPException):
                self.tally.count("connection_errors")
                self.close()
                time.sleep(RETRY_PAUSE)
                continue
            self.tally.count("requests")
            if status == 503:
                if TRY_AGAIN not in body:
                    raise ServerError(f"503 without the try-again page on {method} {path}")
                self.tally.count("try_again_pages")
                if method == "POST" and path.endswith("/check"):
                    self.tally.count("try_again_on_send")
                self.tally.try_again_at.append(time.monotonic())
                time.sleep(RETRY_PAUSE)
                continue
            if status >= 500:
                self.tally.count("other_5xx")
                raise ServerError(f"{status} on {method} {path}")
            return status, location, body

    def _once(self, method: str, path: str, form: dict | None) -> tuple[int, str, str]:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT
            )
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                expired = morsel["max-age"] == "0" or not morsel.value
                if expired:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.will_close:
            self.close()
        return response.status, response.getheader("Location", ""), text

    def post(self, page: str, form: dict, token: str) -> None:
        status, _, body = self.send(
            "POST", f"/engagements/{SLUG}/respond/{page}", {**form, "csrf_token": token}
        )
        if status != 302:
            raise ServerError(f"{page} answered {status}, not a redirect: {body[:200]!r}")

    def give_views(self, number: int) -> str:
        """One person's whole flow; returns the reference on the confirmation page."""
        self.cookies.clear()
        status, _, body = self.send("GET", f"/engagements/{SLUG}/respond/who")
        field = CSRF.search(body)
        if status != 200 or field is None or (token := VALUE.search(field.group(0))) is None:
            raise ServerError(f"first page answered {status} without a CSRF token")
        token = token.group(1)
        self.post("who", {"respondent_type": "myself"}, token)
        for position, answer in ANSWERS.items():
            text = f"{answer} ({number})" if position == 1 else answer
            self.post(f"question/{position}", {"answer": text}, token)
        self.post(
            "publishing",
            {"publication_consent": "anonymous", "respondent_name": "", "organisation_name": ""},
            token,
        )
        self.post("hear-back", {"hear_back": "no", "email": ""}, token)
        self.post("check", {}, token)
        status, _, body = self.send("GET", f"/engagements/{SLUG}/respond/sent")
        found = REFERENCE.search(body)
        if status != 200 or found is None:
            raise ServerError(f"confirmation page answered {status} without a reference")
        return found.group(1)


def client(port: int, tally: Tally, number: int, stop_at: float, hard_deadline: float) -> None:
    browser = Browser(port, tally, hard_deadline)
    flow = 0
    try:
        while time.monotonic() < stop_at:
            flow += 1
            tally.count("flows_started")
            try:
                reference = browser.give_views(number * 100_000 + flow)
            except TimeoutError:
                tally.count("unfinished")
                return
            except ServerError as error:
                tally.unexpected.append(str(error))
                time.sleep(RETRY_PAUSE)
                continue
            tally.confirmations.append(reference)
            tally.confirmed_at.append(time.monotonic())
    finally:
        browser.close()


# The fault


@dataclass
class Restart:
    started: float | None = None
    finished: float | None = None
    output: str = ""
    ok: bool = False


def restart_postgresql(at: float, restart: Restart) -> None:
    time.sleep(max(0.0, at - time.monotonic()))
    versions = sorted(os.listdir("/etc/postgresql"))
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"]
    restart.started = time.monotonic()
    try:
        run = subprocess.run(  # noqa: S603 - our own fixed command line
            command, capture_output=True, text=True, timeout=60
        )
        restart.ok = run.returncode == 0
        restart.output = (run.stdout + run.stderr).strip()
    except (OSError, subprocess.SubprocessError) as error:
        restart.output = str(error)
    restart.finished = time.monotonic()


# The run


def run(workdir: Path) -> dict:
    url = create_database()
    try:
        os.environ.update(
            DATABASE_URL=url,
            SECRET_KEY="benchmark-only-secret-key",  # noqa: S106 - a throwaway database
            SESSION_COOKIE_SECURE="false",
            APP_ENV="production",
            RATELIMIT_ENABLED="false",
            MIN_SECONDS_TO_RESPOND="0",
        )
        os.environ.pop("GUNICORN_CMD_ARGS", None)
        prepare_database()
        server = Gunicorn(
            "wsgi:app",
            dict(os.environ),
            workdir / "gunicorn.log",
            workers=WORKERS,
            worker_class="gthread",
            threads=THREADS,
        )
        try:
            server.wait_until_ready()
            figures = load(server.port)
        finally:
            server.stop()
        log = server.log.read_text(errors="replace")
        figures["tracebacks_in_gunicorn_log"] = log.count("Traceback")
        if log.strip():  # kept for whoever reads the figures: warnings and errors only
            RESULTS.parent.mkdir(exist_ok=True)
            RESULTS.with_suffix(".gunicorn.log").write_text(log)
        figures["stored"] = stored_references(url)
        return figures
    finally:
        drop_database(url)


def load(port: int) -> dict:
    tally = Tally()
    start = time.monotonic()
    stop_at = start + SECONDS
    hard_deadline = stop_at + GRACE_SECONDS
    restart = Restart()
    threads = [
        threading.Thread(target=client, args=(port, tally, n, stop_at, hard_deadline), daemon=True)
        for n in range(CLIENTS)
    ]
    if FAULT:
        threads.append(
            threading.Thread(
                target=restart_postgresql, args=(start + FAULT_AT, restart), daemon=True
            )
        )
    print(
        f"  {CLIENTS} clients giving views for {SECONDS:g}s"
        + (f"; PostgreSQL restarts at {FAULT_AT:g}s" if FAULT else "")
        + " ...",
        flush=True,
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, hard_deadline + REQUEST_TIMEOUT + 5 - time.monotonic()))
    ended = time.monotonic()
    last_confirmation = max(tally.confirmed_at, default=ended)
    figures = {
        "seconds": round(last_confirmation - start, 1),
        "tally": tally,
        "restart": restart,
        "start": start,
    }
    return figures


def summarise(figures: dict) -> dict:
    tally: Tally = figures["tally"]
    restart: Restart = figures["restart"]
    stored = figures["stored"]
    confirmed = tally.confirmations
    summary = {
        "clients": CLIENTS,
        "seconds": SECONDS,
        "gunicorn": {"workers": WORKERS, "worker_class": "gthread", "threads": THREADS},
        "cpus": os.cpu_count(),
        "fault": FAULT,
        "flows_started": tally.flows_started,
        "confirmations": len(confirmed),
        "distinct_confirmed_references": len(set(confirmed)),
        "rows_in_response_table": len(stored),
        "distinct_stored_references": len(set(stored)),
        "confirmed_but_not_stored": len(set(confirmed) - set(stored)),
        "stored_but_not_confirmed": len(set(stored) - set(confirmed)),
        "views_per_second": round(len(confirmed) / figures["seconds"], 1)
        if figures["seconds"]
        else 0.0,
        "requests": tally.requests,
        "try_again_503_pages": tally.try_again_pages,
        "try_again_503_on_send": tally.try_again_on_send,
        "other_5xx": tally.other_5xx,
        "connection_errors_then_retried": tally.connection_errors,
        "unexpected_answers": len(tally.unexpected),
        "unexpected_examples": tally.unexpected[:5],
        "unfinished_flows": tally.unfinished,
        "tracebacks_in_gunicorn_log": figures["tracebacks_in_gunicorn_log"],
    }
    if FAULT:
        start = figures["start"]
        after = [t for t in tally.confirmed_at if restart.finished and t > restart.finished]
        summary["restart"] = {
            "ok": restart.ok,
            "output": restart.output,
            "began_at_s": _offset(restart.started, start),
            "took_s": _offset(restart.finished, restart.started),
            "first_503_at_s": _offset(min(tally.try_again_at, default=None), start),
            "last_503_at_s": _offset(max(tally.try_again_at, default=None), start),
            "confirmations_after_restart": len(after),
            # From the restart command returning to the next view confirmed to someone.
            "recovered_after_s": _offset(min(after, default=None), restart.finished),
        }
    return summary


def _offset(moment: float | None, origin: float | None) -> float | None:
    return None if moment is None or origin is None else round(moment - origin, 2)


def failures(summary: dict) -> list[str]:
    problems = []
    if summary["confirmations"] == 0:
        problems.append("no view was confirmed")
    if summary["confirmations"] != summary["rows_in_response_table"]:
        problems.append("confirmations and stored rows differ")
    if summary["distinct_confirmed_references"] != summary["confirmations"]:
        problems.append("a reference was confirmed twice")
    if summary["confirmed_but_not_stored"] or summary["stored_but_not_confirmed"]:
        problems.append("confirmed and stored references differ")
    if summary["other_5xx"]:
        problems.append("5xx responses other than the try-again page")
    if summary["try_again_503_pages"] and not FAULT:
        problems.append("503 pages without a fault")
    if summary["unexpected_answers"] or summary["unfinished_flows"]:
        problems.append("flows that did not end on a confirmation page")
    if FAULT:
        restart = summary["restart"]
        if not restart["ok"]:
            problems.append(f"PostgreSQL was not restarted: {restart['output']}")
        if not restart["confirmations_after_restart"]:
            problems.append("no view confirmed after the restart")
    return problems


def report(summary: dict, problems: list[str]) -> None:
    from engagement_portal.core.timeutil import utcnow

    print()
    print(f"views per second       {summary['views_per_second']:>8}")
    print(f"confirmations shown    {summary['confirmations']:>8}")
    print(f"rows in response table {summary['rows_in_response_table']:>8}")
    print(f"confirmed, not stored  {summary['confirmed_but_not_stored']:>8}")
    print(f"stored, not confirmed  {summary['stored_but_not_confirmed']:>8}")
    print(f"requests               {summary['requests']:>8}")
    print(f"5xx (not our 503 page) {summary['other_5xx']:>8}")
    print(f"503 try-again pages    {summary['try_again_503_pages']:>8}")
    print(f"  of which on Send     {summary['try_again_503_on_send']:>8}")
    print(f"dropped connections    {summary['connection_errors_then_retried']:>8}")
    print(
        f"flows not confirmed    {summary['unexpected_answers'] + summary['unfinished_flows']:>8}"
    )
    if FAULT:
        restart = summary["restart"]
        print(
            f"PostgreSQL restart at {restart['began_at_s']}s took {restart['took_s']}s; 503 pages "
            f"from {restart['first_503_at_s']}s to {restart['last_503_at_s']}s; first view "
            f"confirmed {restart['recovered_after_s']}s after the restart returned; "
            f"{restart['confirmations_after_restart']} confirmed after it"
        )
    print(
        f"gunicorn: {WORKERS} gthread workers x {THREADS} threads; {CLIENTS} clients for "
        f"{SECONDS:g}s; {os.cpu_count()} CPUs; load from Python threads in this process."
    )
    print("No view lost: " + ("yes" if not problems else "NO - " + "; ".join(problems)))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {"measured_at": utcnow().isoformat() + "Z", **summary, "problems": problems},
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {RESULTS.relative_to(ROOT)}")


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop gunicorn


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    print("Load test: giving views" + (" with PostgreSQL restarted mid-way" if FAULT else ""))
    with tempfile.TemporaryDirectory(prefix="ep-bench-load-") as workdir:
        try:
            figures = run(Path(workdir))
        except KeyboardInterrupt:
            print("\ninterrupted: gunicorn stopped, database dropped", file=sys.stderr)
            return 130
        except (RuntimeError, subprocess.SubprocessError) as error:
            print(f"load test failed: {error}", file=sys.stderr)
            return 1
    summary = summarise(figures)
    problems = failures(summary)
    report(summary, problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
