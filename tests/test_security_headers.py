"""Every response carries the security headers: every route in ``app.url_map`` (walked with the
sample data of tests/test_access.py), redirects, error pages, static files and pages served from
the page cache. Pages contain no inline script or style, so the strict CSP can hold."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text

from engagement_portal import create_app
from engagement_portal.core.access import public
from engagement_portal.core.security import HSTS, content_security_policy
from engagement_portal.extensions import db
from tests.conftest import html
from tests.factories import make_engagement
from tests.test_access import (  # the route walk of the access tests, reused as it is
    ANONYMOUS,
    _client_for,
    _routes,
    _urls,
    samples,  # noqa: F401 (a fixture)
)

EXPECTED = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
DENIED = ("camera", "microphone", "geolocation", "payment", "usb")


def header_problems(response, where: str) -> list[str]:
    problems = [
        f"{where}: {name} is {response.headers.get(name)!r}"
        for name, value in EXPECTED.items()
        if response.headers.get(name) != value
    ]
    permissions = response.headers.get("Permissions-Policy", "")
    problems += [
        f"{where}: Permissions-Policy does not deny {feature}"
        for feature in DENIED
        if f"{feature}=()" not in permissions
    ]
    return problems


def inline_code(response) -> list[str]:
    """Inline scripts, style elements or attributes and event handlers: all blocked by the CSP."""
    if response.mimetype != "text/html":
        return []
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    found = [
        f"<script> without src: {tag}"[:120]
        for tag in page.find_all("script")
        if not tag.get("src")
    ]
    found += ["<style> element" for _ in page.find_all("style")]
    for tag in page.find_all(True):
        found += [
            f"{attribute}= on <{tag.name}>"
            for attribute in tag.attrs
            if attribute == "style" or attribute.startswith("on")
        ]
        if str(tag.get("href", "")).strip().lower().startswith("javascript:"):
            found.append(f"javascript: link on <{tag.name}>")
    return found


@pytest.mark.parametrize("caller", [ANONYMOUS, "administrator"])
def test_every_route_answers_with_the_security_headers(app, samples, caller):  # noqa: F811
    client = _client_for(app, caller, samples)
    problems: list[str] = []
    statuses: set[int] = set()
    for route in _routes(app):
        method = "GET" if "GET" in route.methods else "POST"
        for url in _urls(app, route, samples, method):
            # A POST without its CSRF token changes nothing: it is refused (or sent to sign in).
            response = client.get(url) if method == "GET" else client.post(url, data={})
            where = f"{caller} {method} {url} -> {response.status_code}"
            statuses.add(response.status_code)
            problems += header_problems(response, where)
            problems += [f"{where}: {found}" for found in inline_code(response)]
    assert problems == [], "\n".join(problems)
    assert {200, 302, 400} <= statuses  # pages, redirects and error pages were all seen


def test_error_pages_and_static_files_carry_them_too(client):
    for url, status in [
        ("/no/such/page", 404),
        ("/assets/build/application.css", 200),
        ("/assets/js/app.mjs", 200),
        ("/brand.css", 200),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert header_problems(response, url) == []


def test_a_page_served_from_the_page_cache_carries_them(app):
    with app.app_context():
        slug = make_engagement(title="Original title").slug
    url = f"/engagements/{slug}"
    first = app.test_client().get(url)
    with app.app_context():  # another host changes the title: only a cached page still has it
        db.session.execute(
            text("UPDATE engagement SET title = 'Changed' WHERE slug = :s"), {"s": slug}
        )
        db.session.commit()

    cached = app.test_client().get(url)

    assert html(cached).find("h1").get_text(strip=True) == "Original title"  # from the cache
    assert header_problems(first, "first visit") == []
    assert header_problems(cached, "cached page") == []


def test_there_is_no_hsts_in_tests(client):
    assert "Strict-Transport-Security" not in client.get("/no/such/page").headers


@pytest.fixture
def production_app(tmp_path):
    """A production configuration outside tests' TESTING mode, with a route that fails."""
    production = create_app(
        "production",
        SECRET_KEY="x",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite'}",
        PAGE_CACHE_SECONDS=0,
        RATELIMIT_ENABLED=False,
        ORG_LOGO_URL="https://cdn.example.org/brand/logo.svg",
    )

    @production.route("/fails")
    @public
    def fails():
        raise RuntimeError("a bug")

    return production


def test_production_adds_hsts_and_the_logos_origin_even_on_a_500(production_app):
    client = production_app.test_client()
    for url, status in [("/no/such/page", 404), ("/fails", 500), ("/brand.css", 200)]:
        response = client.get(url)
        assert response.status_code == status
        assert response.headers["Strict-Transport-Security"] == HSTS
        csp = response.headers["Content-Security-Policy"]
        assert "img-src 'self' data: https://cdn.example.org;" in csp
        assert "script-src 'self';" in csp


def test_development_sends_no_hsts(tmp_path):
    development = create_app(
        "development",
        SECRET_KEY="x",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite'}",
        RATELIMIT_ENABLED=False,
    )
    response = development.test_client().get("/no/such/page")
    assert "Strict-Transport-Security" not in response.headers
    assert header_problems(response, "development") == []


def test_the_policy_allows_nothing_inline_and_only_the_logos_origin_besides_ours():
    policy = content_security_policy("https://logo.example.net:8443/a/b.png?x=1")
    assert "unsafe" not in policy
    assert "img-src 'self' data: https://logo.example.net:8443;" in policy
    for relative in ("", "/assets/images/logo.png", "javascript:alert(1)", "data:image/png,x"):
        assert "img-src 'self' data:;" in content_security_policy(relative)
