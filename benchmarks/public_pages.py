"""`make bench`: how fast the public pages are, against a hello-world Flask app.

Both apps run under gunicorn with the same settings, one at a time, on 127.0.0.1; each URL gets
a short warm-up, then a fixed number of concurrent keep-alive clients for a fixed time. The load
comes from `wrk` when it is on PATH (Debian package `wrk`), otherwise from Python threads in this
process (which then share the cores with the server, so absolute figures are lower: the ratio is
what to read). Results are printed and written to bench-results/public_pages.json.

Goal (issue 3): public GET pages at >= 50 % of hello world's requests per second.

Settings (environment): BENCH_SECONDS (10 per URL), BENCH_CLIENTS (8), BENCH_WORKERS (2),
BENCH_WORKER_CLASS (gthread), BENCH_THREADS (clients / workers, so every client has a thread),
BENCH_LOAD=python (use the Python load generator even when wrk is there).
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.gunicorn import Gunicorn

# What is measured: (label, app, path). "{slug}" is the benchmark engagement's slug.
# The first row is the yardstick every other row is compared with.
URLS: list[tuple[str, str, str]] = [
    ("hello world", "hello", "/"),
    ("home page", "portal", "/"),
    ("engagement page", "portal", "/engagements/{slug}"),
    ("first page of giving views", "portal", "/engagements/{slug}/respond/who"),
    ("first question page", "portal", "/engagements/{slug}/respond/question/1"),
]

APPS = {"hello": "benchmarks.hello_app:app", "portal": "wsgi:app"}

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results" / "public_pages.json"
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# gthread measured faster than sync for both apps here (sync closes the connection after every
# request). Each keep-alive client holds a thread, so there is one thread per client: with fewer,
# the extra clients wait for gunicorn's keep-alive timeout and the figures mean nothing.
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
THREADS = int(os.environ.get("BENCH_THREADS", str(math.ceil(CLIENTS / WORKERS))))
WARM_UP_SECONDS = min(2.0, SECONDS / 5)
REQUEST_TIMEOUT = 10.0
GOAL = 0.5


@dataclass
class Result:
    label: str
    path: str
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    errors: int
    bytes: int
    ratio_to_hello: float | None = None


# The database


def prepare_database(directory: Path) -> str:
    """A throwaway SQLite database, migrated, with published engagements as the public sees them.
    Returns the slug of the engagement whose pages are measured."""
    import datetime as dt

    from flask_migrate import upgrade

    from engagement_portal import create_app
    from engagement_portal.extensions import db
    from tests.factories import make_engagement

    app = create_app()  # reads DATABASE_URL and SECRET_KEY, set by main()
    with app.app_context():
        logging.disable(logging.INFO)  # Alembic's progress lines are noise here
        try:
            upgrade()
        finally:
            logging.disable(logging.NOTSET)
        slug = make_engagement(
            slug="day-services-review",
            title="Day services for adults with learning disabilities",
            body_html=(
                "<p>We fund six day centres across Northshire. Some are busy, some are half "
                "empty, and the buildings need repair.</p><p>Before we decide what to do, we "
                "want to hear from the people who use them and the people who support them.</p>"
                "<ul><li>what works well</li><li>what could be better</li>"
                "<li>what you would miss</li></ul>"
            ),
        ).slug
        for title, opens_in, closes_in in [
            ("Home care in the north of the county", -10, 20),
            ("Short breaks for family carers", -3, 40),
            ("Supported living: what good looks like", -30, 5),
            ("Respite beds at Hill View", -90, -30),
            ("Advocacy services from April", 10, 60),
        ]:
            make_engagement(
                title=title,
                opens_in=dt.timedelta(days=opens_in),
                closes_in=dt.timedelta(days=closes_in),
            )
        db.session.remove()
    return slug


# Gunicorn


def find_wrk() -> str | None:
    return None if os.environ.get("BENCH_LOAD") == "python" else shutil.which("wrk")


def fetch(port: int, path: str) -> tuple[int, int]:
    """(status, body size) of one GET."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


# Load: wrk when available, Python threads otherwise

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local non2xx = 0
  for _, thread in ipairs(threads) do non2xx = non2xx + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    'WRK-RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"non_2xx": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    non2xx, e.connect + e.read + e.write + e.timeout))
end
"""


def load_with_wrk(wrk: str, port: int, path: str, seconds: float, script: Path) -> dict:
    command = [
        wrk,
        f"--threads={min(2, CLIENTS)}",
        f"--connections={CLIENTS}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={REQUEST_TIMEOUT:.0f}s",
        f"--script={script}",
        f"http://127.0.0.1:{port}{path}",
    ]
    run = subprocess.run(  # noqa: S603 - our own fixed command line
        command, capture_output=True, text=True, timeout=seconds + 30, check=True
    )
    line = next(x for x in run.stdout.splitlines() if x.startswith("WRK-RESULT "))
    figures = json.loads(line.removeprefix("WRK-RESULT "))
    return {
        "requests": figures["requests"],
        "seconds": figures["duration_us"] / 1e6,
        "p50": figures["p50_us"] / 1e6,
        "p99": figures["p99_us"] / 1e6,
        "non_2xx": figures["non_2xx"],
        "errors": figures["errors"],
    }


def load_with_threads(port: int, path: str, seconds: float) -> dict:
    start = time.perf_counter()
    deadline = start + seconds
    per_client: list[dict] = []
    lock = threading.Lock()

    def client() -> None:
        latencies: list[float] = []
        non_2xx = errors = 0
        last = start
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        while (began := time.perf_counter()) < deadline:
            try:
                connection.request("GET", path)  # HTTP/1.1: kept alive unless the server closes
                response = connection.getresponse()
                response.read()
                if response.will_close:
                    connection.close()  # the next request reconnects (gunicorn sync workers)
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                time.sleep(0.01)
                continue
            last = time.perf_counter()
            latencies.append(last - began)
            if not 200 <= response.status < 300:
                non_2xx += 1
        connection.close()
        with lock:
            per_client.append(
                {"latencies": latencies, "non_2xx": non_2xx, "errors": errors, "last": last}
            )

    clients = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    latencies = sorted(x for c in per_client for x in c["latencies"])
    return {
        "requests": len(latencies),
        "seconds": max((c["last"] for c in per_client), default=deadline) - start,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "non_2xx": sum(c["non_2xx"] for c in per_client),
        "errors": sum(c["errors"] for c in per_client),
    }


def percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return float("nan")
    rank = math.ceil(pct / 100 * len(ordered)) - 1  # nearest rank
    return ordered[max(0, min(len(ordered) - 1, rank))]


# The run


def measure(server: Gunicorn, label: str, path: str, wrk: str | None, script: Path) -> Result:
    status, size = fetch(server.port, path)
    if not 200 <= status < 300:
        raise RuntimeError(f"{label} ({path}) answered {status}: fix the URL table")
    load = (
        (lambda seconds: load_with_wrk(wrk, server.port, path, seconds, script))
        if wrk
        else (lambda seconds: load_with_threads(server.port, path, seconds))
    )
    load(WARM_UP_SECONDS)
    figures = load(SECONDS)
    return Result(
        label=label,
        path=path,
        requests=figures["requests"],
        requests_per_second=round(figures["requests"] / figures["seconds"], 1),
        p50_ms=round(figures["p50"] * 1000, 2),
        p99_ms=round(figures["p99"] * 1000, 2),
        non_2xx=figures["non_2xx"],
        errors=figures["errors"],
        bytes=size,
    )


def run(workdir: Path) -> list[Result]:
    os.environ.update(
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite'}",
        SECRET_KEY="benchmark-only-secret-key",  # noqa: S106 - a throwaway database
        SESSION_COOKIE_SECURE="false",
        APP_ENV="production",
    )
    os.environ.pop("GUNICORN_CMD_ARGS", None)  # same settings for both apps, whatever the shell has
    slug = prepare_database(workdir)
    wrk = find_wrk()
    script = workdir / "count.lua"
    script.write_text(WRK_SCRIPT)

    results: list[Result] = []
    for app_key, app in APPS.items():
        rows = [(label, path.format(slug=slug)) for label, key, path in URLS if key == app_key]
        if not rows:
            continue
        server = Gunicorn(
            app,
            dict(os.environ),
            workdir / f"gunicorn-{app_key}.log",
            workers=WORKERS,
            worker_class=WORKER_CLASS,
            threads=THREADS,
        )
        try:
            server.wait_until_ready()
            for label, path in rows:
                print(f"  measuring {label} ({path}) ...", flush=True)
                results.append(measure(server, label, path, wrk, script))
        finally:
            server.stop()
    order = {label: i for i, (label, _, _) in enumerate(URLS)}
    results.sort(key=lambda r: order[r.label])
    hello = results[0].requests_per_second
    for result in results:
        result.ratio_to_hello = round(result.requests_per_second / hello, 3) if hello else None
    return results


def report(results: list[Result], tool: str, note: str) -> None:
    from engagement_portal.core.timeutil import utcnow

    print()
    print(
        f"{'':24} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'errors':>7} {'vs hello':>9}"
    )
    for r in results:
        print(
            f"{r.label:24} {r.requests_per_second:9.1f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} "
            f"{r.non_2xx:8d} {r.errors:7d} {r.ratio_to_hello:9.0%}"
        )
    print()
    print(
        f"gunicorn: {WORKERS} {WORKER_CLASS} workers"
        + (f" x {THREADS} threads" if WORKER_CLASS == "gthread" else "")
        + f"; {CLIENTS} keep-alive clients for {SECONDS:g}s per URL after "
        f"{WARM_UP_SECONDS:g}s warm-up; load from {tool}; {os.cpu_count()} CPUs."
    )
    print(note)
    below = [r.label for r in results[1:] if (r.ratio_to_hello or 0) < GOAL]
    print(
        f"Goal: public pages at >= {GOAL:.0%} of hello world: "
        + (f"NOT met by {', '.join(below)}" if below else "met")
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": utcnow().isoformat() + "Z",
                "load_generator": tool,
                "note": note,
                "seconds_per_url": SECONDS,
                "warm_up_seconds": WARM_UP_SECONDS,
                "clients": CLIENTS,
                "gunicorn": {"workers": WORKERS, "worker_class": WORKER_CLASS, "threads": THREADS},
                "cpus": os.cpu_count(),
                "goal_ratio": GOAL,
                "results": [asdict(r) for r in results],
            },
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {RESULTS.relative_to(ROOT)}")


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop gunicorn


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    wrk = find_wrk()
    tool = "wrk" if wrk else "Python threads (http.client)"
    note = (
        "wrk runs in its own process beside the server on the same machine."
        if wrk
        else "The load comes from Python threads in this process (no wrk), which share "
        "the CPUs with gunicorn, so absolute figures are low; compare the ratios."
    )
    print(f"Benchmark: {len(URLS)} URLs, {SECONDS:g}s each, load from {tool}.")
    with tempfile.TemporaryDirectory(prefix="ep-bench-") as workdir:
        try:
            results = run(Path(workdir))
        except KeyboardInterrupt:
            print("\ninterrupted: gunicorn stopped", file=sys.stderr)
            return 130
        except (RuntimeError, subprocess.SubprocessError) as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
    report(results, tool, note)
    bad = [r.label for r in results if r.non_2xx or r.errors or not r.requests]
    if bad:
        print(f"Invalid measurement (non-2xx, errors or no requests): {', '.join(bad)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
