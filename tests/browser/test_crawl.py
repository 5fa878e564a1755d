"""Every page a person can reach by following links, in every interface language, with easy read
off and on, checked in Chromium against the demo data: from the home page as the public, and from
/staff signed in as each demo role (commissioner, administrator, advocate, provider) in English,
Welsh and Arabic.

On every page: axe-core (WCAG 2.2 A/AA) finds nothing, nothing scrolls sideways at 320 CSS px,
every image (<img>, <input type=image>, role=img) has a text alternative, every visible form
field has a label, the page is in the language asked for (and right to left for ar and ur), it
answers without an error, and it throws no JavaScript error and loads all its own assets. In
English, each form that can be sent empty without changing anything is sent empty once, and the
error state is checked the same way.

Links are followed breadth-first (same origin only; not mailto:/tel:/#fragments, not downloads,
not the language and easy-read switches, never the sign-out form), at most two addresses per
Flask endpoint and three pages of a paginated list. One test item per language, so that
``pytest -n 2`` runs two languages at a time; each prints what it crawled (see it with -rP).
"""

from __future__ import annotations

import os
import time

import pytest

from engagement_portal.demo import data as demo_data
from engagement_portal.demo import services as demo
from engagement_portal.i18n.languages import SUPPORTED
from tests.browser.conftest import TIMEOUT_MS, VIEWPORT, _axe_source
from tests.browser.crawl import Crawler, Tally

ROLES = ("commissioner", "administrator", "advocate", "provider")
# Staff pages are crawled signed in, by default in English (the language they are written in),
# Welsh (which public bodies in Wales must treat no less favourably) and Arabic (right to left);
# the public pages always in all ten. CRAWL_EVERY_LANGUAGE=1 crawls the staff pages in all ten
# too (run once for issue 5: 1,735 checks, 0 findings, 15 min with two workers): that takes
# about 25 minutes on one worker, past the 15-minute budget for
# a developer's `make test`.
STAFF_LANGUAGES = (
    tuple(SUPPORTED) if os.environ.get("CRAWL_EVERY_LANGUAGE") == "1" else ("en", "cy", "ar")
)


def may_send_empty(endpoint: str) -> bool:
    """Translation forms start empty but every field is optional, so an empty one is saved
    (a translation with nothing translated yet): never sent."""
    return "translation" not in endpoint


@pytest.fixture
def demo_sign_ins(app) -> dict[str, str]:
    """The demo data, loaded as `flask demo load` does; role -> the e-mail to sign in with."""
    with app.app_context():
        demo.load()
    return {spec.role.value: spec.email for spec in demo_data.STAFF}


def sign_in(page, email: str) -> None:
    page.goto("/sign-in?lang=en")
    page.fill("#email", email)
    page.fill("#password", demo_data.DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type='submit']").first.click()
    assert "/sign-in" not in page.url, f"{email} could not sign in"


@pytest.mark.parametrize("language", list(SUPPORTED))
def test_every_reachable_page_in_both_modes(
    language, app, browser, live_server, demo_sign_ins, record_property
):
    tally = Tally()
    axe_cache: dict = {}  # within this language: the same DOM gives the same axe result
    sent_empty: set[str] = set()  # endpoints whose form was sent empty (once, in English)
    started = time.perf_counter()
    roles = ("public", *ROLES) if language in STAFF_LANGUAGES else ("public",)
    for role in roles:
        context = browser.new_context(base_url=live_server, bypass_csp=True, viewport=VIEWPORT)
        context.set_default_timeout(TIMEOUT_MS)
        # axe in every page before it loads: half the time of injecting it after each load
        # (assert_accessible only injects it when it is missing).
        context.add_init_script(_axe_source())
        page = context.new_page()
        try:
            crawler = Crawler(
                app,
                page,
                live_server,
                language=language,
                role=role,
                tally=tally,
                axe_cache=axe_cache,
            )
            if role == "public":
                start, within = "/", "/"
            else:
                sign_in(page, demo_sign_ins[role])
                start, within = "/staff", "/staff"
            forms: dict[str, str] | None = {} if language == "en" else None
            crawler.crawl(start, mode="easy read off", easy_read=False, within=within, forms=forms)
            crawler.crawl(start, mode="easy read on", easy_read=True, within=within)
            for endpoint, url in (forms or {}).items():
                if endpoint not in sent_empty and may_send_empty(endpoint):
                    sent_empty.add(endpoint)
                    crawler.send_empty(url)
        finally:
            context.close()
    elapsed = time.perf_counter() - started

    pages_per_mode = {
        mode: sum(n for (_, m), n in tally.pages.items() if m == mode)
        for mode in ("easy read off", "easy read on")
    }
    summary = (
        f"crawl lang={language}: {tally.checked} page checks "
        f"({pages_per_mode['easy read off']} with easy read off, "
        f"{pages_per_mode['easy read on']} on, {tally.empty_forms} forms sent empty) over "
        f"{len(tally.endpoints)} role x endpoint pairs, {tally.fetched} more fetched for "
        f"links only; axe ran {tally.axe_runs} times "
        f"({tally.axe_cached} identical pages reused); {len(tally.findings)} findings; "
        f"{elapsed:.1f}s ("
        + ", ".join(f"{k} {v:.1f}s" for k, v in tally.seconds.most_common())
        + ")"
    )
    by_role = ", ".join(
        f"{role}: {tally.pages[(role, 'easy read off')]}+{tally.pages[(role, 'easy read on')]}"
        for role in roles
    )
    print(summary)
    print(f"  pages per role (off+on): {by_role}")
    for role, urls in tally.visited.items():
        print(f"  {role}: {' '.join(urls)}")
    record_property("crawl", summary)
    assert tally.checked > 0
    assert not tally.findings, (
        f"{len(tally.findings)} problem(s) in lang={language}:\n"
        + "\n".join(str(finding) for finding in tally.findings)
        + f"\n{summary}"
    )
