"""A breadth-first crawler for the browser tests: follows same-origin links from a start page and
checks every page it reaches (axe-core, reflow at 320 CSS px, text alternatives, labels, the
language, the HTTP status, JavaScript errors and broken assets), collecting what it finds rather
than stopping at the first problem, so one run reports everything.

Used by tests/browser/test_crawl.py; see there for what is crawled.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

# Query arguments that only choose how a page is shown, remembered in a cookie: a link that
# differs only by these is the same page.
PRESENTATION_ARGS = ("lang", "easy_read")
IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")
DOWNLOADS = re.compile(r"\.(csv|json|atom|xml|pdf|zip|txt|ics)$", re.IGNORECASE)
# Not pages: assets, the brand stylesheet, the health check.
NOT_PAGES = {"static", "site.brand_css", "operations.healthz"}
PER_ENDPOINT = 2  # distinct addresses of one endpoint (two engagements, two views...)
PAGES_OF_A_LIST = 3  # ?page=1 (or none), 2 and 3 of a paginated list
FETCH_PER_ENDPOINT = 8  # addresses over PER_ENDPOINT fetched only to find more links
RTL = {"ar", "ur"}

# Text alternatives and labels, found in the page itself (axe checks most of this too, but these
# are the rules the project states plainly, reported in its own words).
FIND_UNNAMED = """() => {
    const out = [];
    const snippet = (el) => el.outerHTML.replace(/\\s+/g, " ").slice(0, 160);
    const visible = (el) => {
        if (!el.getClientRects().length) return false;
        const style = getComputedStyle(el);
        return style.visibility !== "hidden" && style.display !== "none";
    };
    const text = (value) => (value || "").trim().length > 0;
    const labelledBy = (el) => (el.getAttribute("aria-labelledby") || "").split(/\\s+/)
        .filter(Boolean).some((id) => {
            const target = document.getElementById(id);
            return target && text(target.textContent);
        });
    for (const img of document.querySelectorAll("img")) {
        if (!img.hasAttribute("alt")) out.push({kind: "image without alt", element: snippet(img)});
    }
    for (const input of document.querySelectorAll("input[type=image]")) {
        if (!text(input.getAttribute("alt")) && !text(input.getAttribute("aria-label"))
            && !labelledBy(input)) {
            out.push({kind: "image button without alt", element: snippet(input)});
        }
    }
    for (const el of document.querySelectorAll("[role=img]")) {
        const title = el.tagName.toLowerCase() === "svg"
            ? el.querySelector(":scope > title") : null;
        if (!text(el.getAttribute("aria-label")) && !labelledBy(el)
            && !text(el.getAttribute("title")) && !(title && text(title.textContent))) {
            out.push({kind: "role=img without a text alternative", element: snippet(el)});
        }
    }
    const fields = document.querySelectorAll(
        "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset])"
        + ":not([type=image]), select, textarea");
    for (const el of fields) {
        if (!visible(el)) continue;
        const labels = [...(el.labels || [])].some((label) => text(label.textContent));
        if (!labels && !text(el.getAttribute("aria-label")) && !labelledBy(el)) {
            out.push({kind: "form field without a label", element: snippet(el)});
        }
    }
    return out;
}"""

# The innermost elements whose content is wider than they are (overflow visible).
OVERFLOWING_TEXT = """() => [...document.body.querySelectorAll("*")]
    .filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
        && getComputedStyle(el).overflowX === "visible"
        && ![...el.children].some((child) => child.scrollWidth > child.clientWidth + 1
            && child.clientWidth > 0 && getComputedStyle(child).overflowX === "visible"))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).trim()
        .split(/\\s+/).join(".") : ""} is ${el.clientWidth}px wide, its content `
        + `${el.scrollWidth}px: "${el.textContent.trim().replace(/\\s+/g, " ").slice(0, 80)}"`)"""

LINKS = """() => [...document.querySelectorAll("a[href]")]
    .filter((a) => !a.hasAttribute("download"))
    .map((a) => a.getAttribute("href"))"""

# A form this page posts back to itself whose fields are all empty as the page is shown: sending
# it as it is changes nothing (it can only be refused), so its error state can be looked at.
EMPTY_SELF_FORM = """() => {
    const forms = [...document.querySelectorAll("main form")].filter((form) =>
        (form.getAttribute("method") || "get").toLowerCase() === "post"
        && new URL(form.action, location.href).pathname === location.pathname);
    for (const form of forms) {
        const fields = [...form.elements].filter((el) => el.matches(
            "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea"));
        if (!fields.length) continue;
        const filled = fields.some((el) => {
            if (el.type === "radio" || el.type === "checkbox") return el.checked;
            if (el.tagName === "SELECT") return el.selectedIndex > 0 || el.value !== "";
            return el.value !== "";
        });
        if (!filled) return forms.indexOf(form);
    }
    return -1;
}"""


@dataclass
class Finding:
    url: str
    language: str
    mode: str
    role: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return (
            f"[{self.kind}] {self.url} (lang={self.language}, {self.mode}, {self.role}):\n"
            + "\n".join(f"    {line}" for line in self.detail.splitlines())
        )


@dataclass
class Tally:
    """What one test item crawled."""

    pages: Counter = field(default_factory=Counter)  # (role, mode) -> pages checked
    endpoints: set = field(default_factory=set)
    axe_runs: int = 0
    axe_cached: int = 0
    fetched: int = 0
    empty_forms: int = 0
    findings: list[Finding] = field(default_factory=list)
    visited: dict = field(default_factory=dict)  # role -> addresses checked with easy read off
    seconds: Counter = field(default_factory=Counter)  # what the time went on

    @property
    def checked(self) -> int:
        return sum(self.pages.values())


def strip_presentation(url: str) -> str:
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in PRESENTATION_ARGS
    ]
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


def _fail_message(check, *args) -> str | None:
    """Run one of conftest's assert_* helpers; its failure message, or None if it passed."""
    try:
        check(*args)
    except pytest.fail.Exception as failure:
        return str(failure.msg)
    return None


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href") and "download" not in attributes:
            self.links.append(attributes["href"])


class Crawler:
    """Crawl one browser context (one role, one language) in one mode at a time."""

    def __init__(
        self,
        app,
        page,
        live_server: str,
        *,
        language: str,
        role: str,
        tally: Tally,
        axe_cache: dict,
    ):
        self.adapter = app.url_map.bind("localhost")
        self.page = page
        self.origin = live_server
        self.language = language
        self.role = role
        self.tally = tally
        self.axe_cache = axe_cache  # DOM digest -> axe failure message (or None)
        self.mode = "easy read off"
        self.problems: list[str] = []
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("response", self._note_broken_asset)

    # Which addresses to visit

    def endpoint(self, path: str) -> str | None:
        try:
            return self.adapter.match(path, method="GET")[0]
        except RequestRedirect as redirect:  # /staff/engagements -> /staff/engagements/
            return self.endpoint(urlsplit(redirect.new_url).path)
        except HTTPException:
            return None

    def candidate(self, href: str, base: str) -> str | None:
        """The same-origin page address ``href`` leads to, without #fragment or the
        presentation arguments; None if it is not a page to visit."""
        href = href.strip()
        if not href or href.startswith("#") or href.lower().startswith(IGNORED_SCHEMES):
            return None
        parts = urlsplit(urljoin(base, href))
        if f"{parts.scheme}://{parts.netloc}" != self.origin or DOWNLOADS.search(parts.path):
            return None
        return strip_presentation(parts.geturl())

    # Crawling

    def crawl(
        self,
        start: str,
        *,
        mode: str,
        easy_read: bool,
        within: str = "/",
        forms: dict | None = None,
    ) -> None:
        """Breadth-first from ``start``, staying under ``within``: each page is checked, up to
        PER_ENDPOINT addresses per endpoint (and PAGES_OF_A_LIST pages of a list). Addresses
        over that are only fetched, not checked, to find links to endpoints not yet seen (the
        third engagement may be the only one with outcomes). ``forms`` (endpoint -> address)
        collects the pages with a form that may be sent empty."""
        self.mode = mode
        flag = "1" if easy_read else "0"
        seen = {strip_presentation(start)}
        checked: set[str] = set()
        queue = deque(
            [
                (
                    "check",
                    start,
                    f"{start}{'&' if '?' in start else '?'}lang={self.language}&easy_read={flag}",
                    "(start)",
                )
            ]
        )
        visits: Counter = Counter()
        list_pages: Counter = Counter()
        fetches: Counter = Counter()
        while queue:
            how, url, address, referrer = queue.popleft()
            if how == "check":
                links = self.check(address, referrer, easy_read=easy_read, checked=checked)
                base = self.page.url
                if links is not None and forms is not None and self._has_empty_form():
                    forms.setdefault(self.endpoint(urlsplit(base).path), url)
            else:
                links, base = self.fetch_links(address)
            for href in links or ():
                target = self.candidate(href, base)
                if target is None or target in seen:
                    continue
                seen.add(target)
                path = urlsplit(target).path
                if not path.startswith(within):
                    continue
                name = self.endpoint(path)
                if name is None:
                    self._find(
                        target,
                        "broken link",
                        f"no page answers {path} (linked from {strip_presentation(base)})",
                    )
                    continue
                if name in NOT_PAGES:
                    continue
                if dict(parse_qsl(urlsplit(target).query)).get("page", "1") != "1":
                    counter, limit = list_pages, PAGES_OF_A_LIST - 1
                else:
                    counter, limit = visits, PER_ENDPOINT
                if counter[name] < limit:
                    counter[name] += 1
                    queue.append(("check", target, target, strip_presentation(base)))
                elif fetches[name] < FETCH_PER_ENDPOINT:
                    fetches[name] += 1
                    queue.append(("fetch", target, target, strip_presentation(base)))

    def fetch_links(self, address: str) -> tuple[list[str], str]:
        """The links on a page, fetched with the context's cookies but not rendered."""
        started = time.perf_counter()
        try:
            response = self.page.request.get(address)
        except Exception:  # discovery only: a page that fails is checked when visited
            return [], address
        finally:
            self.tally.fetched += 1
            self.tally.seconds["fetch"] += time.perf_counter() - started
        if not response.ok or "html" not in response.headers.get("content-type", ""):
            return [], response.url
        parser = _LinkParser()
        parser.feed(response.text())
        return parser.links, response.url

    def check(
        self, address: str | None, referrer: str, *, easy_read: bool, checked: set | None = None
    ) -> list[str] | None:
        """Open ``address`` (or, if None, look at the page as it is) and check it; the links on
        it, or None if it could not be checked or (redirected) was already in ``checked``."""
        page = self.page
        started = time.perf_counter()
        self.problems.clear()
        if address is not None:
            try:
                response = page.goto(address)
            except Exception as error:  # a timeout or a crash is a finding, not the end
                self._find(address, "did not load", f"{error} (linked from {referrer})")
                return None
            status = response.status if response else 0
            if status >= 400:
                self._find(address, f"HTTP {status}", f"linked from {referrer}")
                return None
        self.tally.seconds["load"] += time.perf_counter() - started
        url = strip_presentation(page.url)
        if checked is not None:
            if url in checked:  # /respond/ redirects to /respond/who, already checked
                return None
            checked.add(url)
        self.tally.endpoints.add((self.role, self.endpoint(urlsplit(page.url).path) or url))
        self.tally.pages[(self.role, self.mode)] += 1
        if self.mode == "easy read off":
            self.tally.visited.setdefault(self.role, []).append(url)

        shown = page.evaluate(
            """() => ({lang: document.documentElement.lang, dir: document.documentElement.dir,
                       easy: document.body.classList.contains("ep-easy-read")})"""
        )
        want_dir = "rtl" if self.language in RTL else "ltr"
        if shown["lang"] != self.language or shown["dir"] != want_dir:
            self._find(
                url,
                "wrong language",
                f"<html lang={shown['lang']} dir={shown['dir']}>, "
                f"expected lang={self.language} dir={want_dir}",
            )
        if shown["easy"] != easy_read:
            self._find(url, "wrong mode", f"easy read is {'on' if shown['easy'] else 'off'}")

        lap = time.perf_counter()
        digest = self._digest()
        if digest in self.axe_cache:
            self.tally.axe_cached += 1
            message = self.axe_cache[digest]
        else:
            message = _fail_message(assert_accessible, page)
            self.axe_cache[digest] = message
            self.tally.axe_runs += 1
        if message:
            self._find(url, "axe", message)
        self.tally.seconds["axe"] += time.perf_counter() - lap

        lap = time.perf_counter()
        message = _fail_message(assert_no_horizontal_scroll, page)
        if message:
            self._find(url, "horizontal scroll at 320px", message + self._overflowing_text())
        self.tally.seconds["reflow"] += time.perf_counter() - lap

        lap = time.perf_counter()
        for problem in page.evaluate(FIND_UNNAMED):
            self._find(url, problem["kind"], problem["element"])
        links = page.evaluate(LINKS)
        self.tally.seconds["dom checks"] += time.perf_counter() - lap
        for problem in self.problems:
            self._find(url, "page problem", problem)
        self.problems.clear()
        return links

    def send_empty(self, url: str) -> None:
        """Open the form page, send its empty form as it is, and check the error state."""
        self.mode = "easy read off, form sent empty"
        self.page.goto(f"{url}{'&' if '?' in url else '?'}lang={self.language}&easy_read=0")
        index = self.page.evaluate(EMPTY_SELF_FORM)
        if index < 0:
            return
        button = self.page.locator("main form").nth(index).locator("[type=submit]").first
        try:
            with self.page.expect_navigation():
                button.click()
        except Exception as error:
            self._find(url, "form did not send", str(error))
            return
        self.tally.empty_forms += 1
        if not self.page.locator(".govuk-error-summary").is_visible():
            self._find(
                url,
                "empty form accepted",
                f"sending the form on {url} empty showed no error summary: it led to "
                f"{strip_presentation(self.page.url)} (did it change something?)",
            )
        self.check(None, url, easy_read=False)

    # Helpers

    def _overflowing_text(self) -> str:
        """What overflows at 320 px when no element's box does: text that cannot wrap (a long
        word in a heading) sticks out of a box that fits."""
        original = self.page.viewport_size
        self.page.set_viewport_size({"width": 320, "height": original["height"]})
        try:
            culprits = self.page.evaluate(OVERFLOWING_TEXT)
        finally:
            self.page.set_viewport_size(original)
        return "".join(f"\n    text wider than its box: {c}" for c in culprits)

    def _has_empty_form(self) -> bool:
        return self.page.evaluate(EMPTY_SELF_FORM) >= 0

    def _digest(self) -> str:
        """The page's DOM without its per-request tokens: the same digest means axe would say
        the same thing (the viewport is the same for every page)."""
        html = self.page.evaluate("() => document.documentElement.outerHTML")
        html = re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "<csrf>", html)
        html = re.sub(r'nonce="[^"]*"', "", html)
        return hashlib.sha256(html.encode()).hexdigest()

    def _note_broken_asset(self, response) -> None:
        request = response.request
        if request.resource_type == "document" or not response.url.startswith(self.origin):
            return
        if response.status >= 400:
            self.problems.append(f"{response.status} for {urlsplit(response.url).path}")

    def _find(self, url: str, kind: str, detail: str) -> None:
        self.tally.findings.append(
            Finding(
                url=url,
                language=self.language,
                mode=self.mode,
                role=self.role,
                kind=kind,
                detail=detail,
            )
        )
