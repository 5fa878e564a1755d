"""Rate limits: each trips at its number and lets people through again once its window has
passed; GET pages are never limited; a refused request gets a friendly page with Retry-After;
and with Redis the count is shared by every worker.

The suite's own app has limits off (it signs in and sends views many times from one address), so
these tests build their own app on the same database, with small numbers, and move the limit
counters' clock instead of waiting.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time

import limits.storage.memory
import pytest
import redis
from limits import parse_many

from engagement_portal import create_app
from engagement_portal.config import PROJECT_ROOT, Config
from engagement_portal.core import rate_limits
from engagement_portal.core.access import Role
from engagement_portal.engagements.models import Engagement
from engagement_portal.extensions import db
from engagement_portal.responses import services as responses
from engagement_portal.responses.models import Response, ResponseDraft
from tests.conftest import html
from tests.factories import PASSWORD, make_engagement, make_user

REDIS_URI = "redis://127.0.0.1:6379/0"
GENEROUS = "1000 per minute"
LIMIT_SETTINGS = (
    "RATELIMIT_SIGN_IN_PER_IP",
    "RATELIMIT_SIGN_IN_PER_EMAIL",
    "RATELIMIT_INVITATION_PER_IP",
    "RATELIMIT_PASSWORD_RESET_PER_IP",
    "RATELIMIT_PASSWORD_RESET_PER_EMAIL",
    "RATELIMIT_SEND_VIEWS_PER_IP",
    "RATELIMIT_SEND_VIEWS_PER_ENGAGEMENT",
)


class Clock:
    """The clock of the in-memory limit counters (and of Retry-After), moved by hand."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


def _settings(app, **overrides) -> dict:
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SESSION_COOKIE_SECURE": False,
        "WTF_CSRF_ENABLED": False,
        "SMTP_PORT": 1,
        "BASE_URL": "http://localhost",
        "MIN_SECONDS_TO_RESPOND": 0,
        "PAGE_CACHE_SECONDS": 0,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "TWO_STEP_REQUIRED_ROLES": "",
        **{name: GENEROUS for name in LIMIT_SETTINGS},
    }
    settings.update(overrides)
    return settings


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    monkeypatch.setattr(rate_limits, "time", clock)
    return clock


@pytest.fixture
def limited(app, clock):
    """Builds an app with limits on, on the suite's database; only one is used at a time."""
    built = []

    def build(**overrides):
        limited_app = create_app("testing", **_settings(app, **overrides))
        built.append(limited_app)
        return limited_app

    yield build
    for limited_app in built:
        with limited_app.app_context():
            db.engine.dispose()


def from_ip(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def sign_in(client, email: str, password: str, ip: str = "192.0.2.1"):
    return client.post("/sign-in", data={"email": email, "password": password}, **from_ip(ip))


def users(app, count: int) -> list[str]:
    with app.app_context():
        return [make_user(Role.COMMISSIONER).email for _ in range(count)]


# Signing in


def test_sign_in_per_address_trips_at_its_number_even_for_the_right_password(app, limited, clock):
    client = limited(RATELIMIT_SIGN_IN_PER_IP="3 per minute").test_client()
    emails = users(app, 4)
    for email in emails[:3]:
        assert sign_in(client, email, "not the password").status_code == 200
    refused = sign_in(client, emails[3], PASSWORD)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert client.get("/staff").status_code == 302  # not signed in

    # Another address is not affected; this one is let in once the minute has passed.
    assert (
        sign_in(client.application.test_client(), emails[3], PASSWORD, ip="192.0.2.99").status_code
        == 302
    )
    clock.advance(61)
    assert sign_in(client, emails[3], PASSWORD).status_code == 302
    assert client.get("/staff").status_code == 200


def test_sign_in_per_email_counts_every_address_and_ignores_case(app, limited, clock):
    client = limited(RATELIMIT_SIGN_IN_PER_EMAIL="2 per minute").test_client()
    email, other = users(app, 2)
    assert sign_in(client, email, "wrong password 1", ip="198.51.100.1").status_code == 200
    assert sign_in(client, f" {email.upper()} ", "wrong", ip="198.51.100.2").status_code == 200
    refused = sign_in(client, email, PASSWORD, ip="198.51.100.3")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0

    assert sign_in(client, other, PASSWORD, ip="198.51.100.3").status_code == 302
    clock.advance(61)
    assert sign_in(client, email, PASSWORD, ip="198.51.100.3").status_code == 302


def test_sign_in_limits_also_count_by_the_hour(app, limited, clock):
    client = limited(RATELIMIT_SIGN_IN_PER_IP="2 per minute; 3 per hour").test_client()
    [email] = users(app, 1)
    assert [sign_in(client, email, "wrong").status_code for _ in range(3)] == [200, 200, 429]
    clock.advance(61)
    assert sign_in(client, email, "wrong").status_code == 200  # the third of the hour
    refused = sign_in(client, email, PASSWORD)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 60  # until the hour's window ends
    clock.advance(3600)
    assert sign_in(client, email, PASSWORD).status_code == 302


def test_accepting_an_invitation_is_limited_per_address(limited, clock):
    client = limited(RATELIMIT_INVITATION_PER_IP="2 per minute").test_client()
    form = {"password": "a long enough passphrase", "password_confirm": "x"}
    statuses = [client.post("/invitation/guessed-token", data=form).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    clock.advance(61)
    assert client.post("/invitation/guessed-token", data=form).status_code == 200


def test_asking_for_a_reset_link_is_limited_per_address_typed_account_or_not(app, limited, clock):
    client = limited(RATELIMIT_PASSWORD_RESET_PER_EMAIL="2 per hour").test_client()
    [email] = users(app, 1)
    for typed in (email, "nobody.here@example.org"):
        statuses = [
            client.post(
                "/sign-in/reset", data={"email": f" {typed.upper()} "}, **from_ip(ip)
            ).status_code
            for ip in ("198.51.100.1", "198.51.100.2", "198.51.100.3")
        ]
        assert statuses == [200, 200, 429], typed
    assert client.post("/sign-in/reset", data={"email": "other@example.org"}).status_code == 200
    clock.advance(3601)
    assert client.post("/sign-in/reset", data={"email": email}).status_code == 200


def test_reset_and_password_change_posts_are_limited_per_client_address(app, limited, clock):
    client = limited(RATELIMIT_PASSWORD_RESET_PER_IP="2 per minute").test_client()
    for url, form in (
        ("/sign-in/reset", {"email": "someone@example.org"}),
        (
            "/sign-in/reset/guessed-token",
            {"password": "a long passphrase", "password_confirm": "x"},
        ),
    ):
        statuses = [client.post(url, data=form).status_code for _ in range(3)]
        assert statuses == [200, 200, 429], url
    [email] = users(app, 1)
    assert sign_in(client, email, PASSWORD).status_code == 302
    form = {"current_password": "a guess at it", "password": "x", "password_confirm": "x"}
    statuses = [client.post("/staff/password", data=form).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    clock.advance(61)
    assert client.post("/sign-in/reset/guessed-token", data={}).status_code == 200


# Sending views


def _engagement(app) -> tuple[str, int]:
    with app.app_context():
        engagement = make_engagement(questions=False)
        return engagement.slug, engagement.id


def _ready_draft(app, engagement_id: int) -> str:
    """A draft with every page answered, started on the server (no page sent for it)."""
    with app.app_context():
        draft = responses.start_draft(db.session.get(Engagement, engagement_id))
        responses.update_draft(
            draft, respondent_type="myself", publication_consent="anonymous", hear_back=False
        )
        return draft.token


def _client_with_draft(limited_app, app, slug_and_id):
    client = limited_app.test_client()
    with client.session_transaction() as session:
        session["drafts"] = {str(slug_and_id[1]): _ready_draft(app, slug_and_id[1])}
    return client


def _send(client, slug: str, ip: str):
    return client.post(f"/engagements/{slug}/respond/check", data={}, **from_ip(ip))


def _stored(app) -> int:
    with app.app_context():
        return db.session.query(Response).count()


def test_sending_views_is_limited_per_address_and_the_answers_are_kept(app, limited, clock):
    limited_app = limited(RATELIMIT_SEND_VIEWS_PER_IP="2 per minute")
    engagement = _engagement(app)
    slug = engagement[0]
    clients = [_client_with_draft(limited_app, app, engagement) for _ in range(3)]

    assert [_send(c, slug, "203.0.113.5").status_code for c in clients[:2]] == [302, 302]
    refused = _send(clients[2], slug, "203.0.113.5")
    assert refused.status_code == 429
    page = html(refused)
    assert "Your answers are kept" in page.get_text()
    assert "try again in" in page.get_text()
    assert page.find("a", href=f"/engagements/{slug}/respond/check")
    assert _stored(app) == 2

    assert _send(clients[2], slug, "203.0.113.6").status_code == 302  # another address
    assert _stored(app) == 3


def test_sending_views_is_limited_per_engagement(app, limited, clock):
    limited_app = limited(RATELIMIT_SEND_VIEWS_PER_ENGAGEMENT="2 per minute")
    busy, quiet = _engagement(app), _engagement(app)
    senders = [_client_with_draft(limited_app, app, busy) for _ in range(3)]
    statuses = [_send(c, busy[0], f"203.0.113.{i}").status_code for i, c in enumerate(senders)]
    assert statuses == [302, 302, 429]
    assert (
        _send(_client_with_draft(limited_app, app, quiet), quiet[0], "203.0.113.9").status_code
        == 302
    )

    clock.advance(61)
    assert _send(senders[2], busy[0], "203.0.113.2").status_code == 302
    assert _stored(app) == 4


def _start(client, slug: str, ip: str):
    return client.post(
        f"/engagements/{slug}/respond/who", data={"respondent_type": "myself"}, **from_ip(ip)
    )


def _drafts(app) -> int:
    with app.app_context():
        return db.session.query(ResponseDraft).count()


def test_starting_drafts_is_limited_per_address_and_only_new_drafts_count(app, limited, clock):
    limited_app = limited(RATELIMIT_SEND_VIEWS_PER_IP="2 per minute")
    slug, _ = _engagement(app)
    first, second, third = (limited_app.test_client() for _ in range(3))
    assert _start(first, slug, "203.0.113.7").status_code == 302
    assert _start(second, slug, "203.0.113.7").status_code == 302

    refused = _start(third, slug, "203.0.113.7")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Nothing has been lost" in html(refused).get_text()
    assert _drafts(app) == 2

    # Someone whose draft is already started carries on: only starting a draft counts.
    assert _start(first, slug, "203.0.113.7").status_code == 302
    clock.advance(61)
    assert _start(third, slug, "203.0.113.7").status_code == 302
    assert _drafts(app) == 3


def test_starting_drafts_is_limited_per_engagement(app, limited, clock):
    limited_app = limited(RATELIMIT_SEND_VIEWS_PER_ENGAGEMENT="2 per minute")
    (busy, _), (quiet, _) = _engagement(app), _engagement(app)
    statuses = [
        _start(limited_app.test_client(), busy, f"198.51.100.{i}").status_code for i in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert _start(limited_app.test_client(), quiet, "198.51.100.3").status_code == 302


# What is never limited, and what a refused person sees


def test_get_pages_are_never_limited(app, limited):
    everything_once = {name: "1 per minute" for name in LIMIT_SETTINGS}
    client = limited(**everything_once).test_client()
    slug, _ = _engagement(app)
    for path in (
        "/sign-in",
        "/invitation/some-token",
        f"/engagements/{slug}/respond/who",
        f"/engagements/{slug}",
    ):
        assert [client.get(path).status_code for _ in range(5)] == [200] * 5, path


def test_the_refusal_page_is_in_the_readers_language_with_retry_after(app, limited):
    limited_app = limited(
        RATELIMIT_SIGN_IN_PER_IP="1 per hour", LANGUAGES={"en": "English", "cy": "Cymraeg"}
    )
    client = limited_app.test_client()
    [email] = users(app, 1)
    sign_in(client, email, "wrong")
    refused = client.post(
        "/sign-in",
        data={"email": email, "password": PASSWORD},
        headers={"Accept-Language": "cy"},
        **from_ip("192.0.2.1"),
    )
    assert refused.status_code == 429
    assert 3500 < int(refused.headers["Retry-After"]) <= 3600
    page = html(refused)
    assert page.find("html")["lang"] == "cy"
    # The Welsh catalogue's words, not the English ones.
    assert page.find("h1").get_text(strip=True) == "Gormod o ymdrechion"
    assert "awr" in page.get_text()  # "1 awr": the wait, worded by Babel in Welsh
    assert PASSWORD not in refused.get_data(as_text=True)
    assert "Traceback" not in page.get_text()


def test_every_default_limit_is_a_valid_limit():
    config = Config()
    for name in LIMIT_SETTINGS:
        assert parse_many(getattr(config, name)), name
    assert config.RATELIMIT_ENABLED is True
    assert config.RATELIMIT_STORAGE_URI == "memory://"
    assert config.PROXY_FIX_HOPS == 0


# The client's address behind a proxy


def _invitation_statuses(client, count: int, **headers) -> list[int]:
    return [
        client.post("/invitation/x", data={}, headers=headers, **from_ip("10.0.0.1")).status_code
        for _ in range(count)
    ]


def test_without_proxy_fix_a_forwarded_for_header_cannot_dodge_the_limit(limited):
    client = limited(RATELIMIT_INVITATION_PER_IP="2 per minute").test_client()
    forged = [
        client.post(
            "/invitation/x",
            headers={"X-Forwarded-For": f"203.0.113.{i}"},
            **from_ip("10.0.0.1"),
        ).status_code
        for i in range(3)
    ]
    assert forged == [200, 200, 429]


def test_behind_a_proxy_each_forwarded_client_is_counted_on_its_own(limited):
    client = limited(RATELIMIT_INVITATION_PER_IP="2 per minute", PROXY_FIX_HOPS=1).test_client()
    assert _invitation_statuses(client, 3, **{"X-Forwarded-For": "203.0.113.1"}) == [200, 200, 429]
    assert _invitation_statuses(client, 1, **{"X-Forwarded-For": "203.0.113.2"}) == [200]


# Several workers: counts shared through Redis

_WORKER = """
import json, sys
from engagement_portal import create_app
app = create_app("testing", **json.loads(sys.argv[1]))
client = app.test_client()
statuses = [
    client.post("/invitation/x", data={}, environ_base={"REMOTE_ADDR": sys.argv[2]}).status_code
    for _ in range(int(sys.argv[3]))
]
print(json.dumps(statuses))
"""


def test_with_redis_every_worker_shares_the_count(app, limited):
    settings = _settings(
        app, RATELIMIT_STORAGE_URI=REDIS_URI, RATELIMIT_INVITATION_PER_IP="3 per minute"
    )
    address, other_address = (
        f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
        for _ in range(2)
    )
    store = redis.Redis.from_url(REDIS_URI)
    try:
        # One worker (its own process) uses up the address's three requests...
        worker = subprocess.run(  # noqa: S603 (this interpreter, our own script)
            [sys.executable, "-c", _WORKER, json.dumps(settings), address, "3"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert worker.returncode == 0, worker.stderr
        assert json.loads(worker.stdout.strip().splitlines()[-1]) == [200, 200, 200]
        assert any(store.scan_iter(f"*LIMITER/{address}/*"))

        # ...and another worker refuses the fourth, but not another address's first.
        other_worker = limited(
            RATELIMIT_STORAGE_URI=REDIS_URI, RATELIMIT_INVITATION_PER_IP="3 per minute"
        ).test_client()
        refused = other_worker.post("/invitation/x", data={}, **from_ip(address))
        assert refused.status_code == 429
        assert 0 < int(refused.headers["Retry-After"]) <= 60
        assert (
            other_worker.post("/invitation/x", data={}, **from_ip(other_address)).status_code == 200
        )
    finally:
        for counted in (address, other_address):
            for key in store.scan_iter(f"*LIMITER/{counted}/*"):
                store.delete(key)
