"""Choosing a language and easy read: on every page, remembered, shareable, with sensible
fallbacks, and the page's lang, dir and alternates always right."""

import pytest
from click.testing import CliRunner

from engagement_portal.i18n.languages import SUPPORTED
from tests.conftest import html
from tests.factories import make_engagement


def test_every_page_offers_every_language_named_in_itself(client):
    page = html(client.get("/"))
    links = page.select(".ep-languages a")
    assert [a.get_text(strip=True) for a in links] == list(SUPPORTED.values())
    assert [a["lang"] for a in links] == list(SUPPORTED)
    urdu = next(a for a in links if a["lang"] == "ur")
    assert urdu["dir"] == "rtl" and urdu["href"] == "/?lang=ur"
    current = page.select_one(".ep-languages a[aria-current]")
    assert current["lang"] == "en"


@pytest.mark.parametrize(("code", "direction"), [("cy", "ltr"), ("ar", "rtl"), ("ur", "rtl")])
def test_a_link_chooses_the_language_sets_lang_and_dir_and_is_remembered(client, code, direction):
    root = html(client.get(f"/about?lang={code}")).find("html")
    assert (root["lang"], root["dir"]) == (code, direction)
    remembered = html(client.get("/privacy")).find("html")  # no ?lang=: the cookie says
    assert remembered["lang"] == code


def test_the_browser_language_is_the_fallback_then_the_default(client, other_client):
    assert html(client.get("/", headers={"Accept-Language": "pl,en;q=0.5"})).html["lang"] == "pl"
    assert html(other_client.get("/", headers={"Accept-Language": "de"})).html["lang"] == "en"


def test_an_unknown_language_code_falls_back_to_the_default_without_an_error(client):
    response = client.get("/?lang=xx-NOPE")
    assert response.status_code == 200
    assert html(response).html["lang"] == "en"
    assert "ep_lang" not in response.headers.get("Set-Cookie", "")


def test_the_switcher_keeps_the_rest_of_the_address(app, client):
    with app.app_context():
        slug = make_engagement(views_shown="while_open").slug
    page = html(client.get(f"/engagements/{slug}/views?q=bus&page=2"))
    welsh = page.select_one(".ep-languages a[lang=cy]")["href"]
    assert welsh.startswith(f"/engagements/{slug}/views?") and "q=bus" in welsh
    assert "page=2" in welsh and "lang=cy" in welsh


def test_alternates_link_every_language_from_the_configured_address(app, client):
    page = html(client.get("/about", headers={"Host": "evil.example"}))
    alternates = {
        link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")
    }
    assert set(alternates) == {*SUPPORTED, "x-default"}
    assert alternates["cy"] == "http://localhost/about?lang=cy"
    assert all(href.startswith(app.config["BASE_URL"]) for href in alternates.values())


def test_easy_read_is_switched_on_remembered_and_off_again(client):
    assert "ep-easy-read" not in (html(client.get("/")).body.get("class") or [])
    switch = html(client.get("/")).select_one(".ep-easy-read-switch")
    assert switch["href"] == "/?easy_read=1"
    assert "ep-easy-read" in html(client.get(switch["href"])).body["class"]
    page = html(client.get("/about"))  # remembered
    assert "ep-easy-read" in page.body["class"]
    assert page.select_one(".ep-easy-read-switch")["href"] == "/about?easy_read=0"
    assert "ep-easy-read" not in (html(client.get("/about?easy_read=0")).body.get("class") or [])


def test_cached_pages_are_kept_apart_by_language_and_easy_read(client, other_client):
    assert html(client.get("/about?lang=cy")).html["lang"] == "cy"
    assert html(other_client.get("/about")).html["lang"] == "en"  # not the cached Welsh page
    client.get("/about?easy_read=1")
    assert "ep-easy-read" not in (html(other_client.get("/about")).body.get("class") or [])


def test_the_languages_page_gives_each_catalogues_status(client):
    page = html(client.get("/languages"))
    rows = page.select("tr[data-language]")
    assert [row["data-language"] for row in rows] == list(SUPPORTED)
    welsh = page.select_one("tr[data-language=cy]").get_text(" ", strip=True)
    assert "Cymraeg" in welsh and "%" in welsh


def test_flask_i18n_status_lists_each_language_and_what_is_missing(app):
    runner = CliRunner()
    from engagement_portal.i18n.cli import i18n_cli

    with app.app_context():
        result = runner.invoke(i18n_cli, ["status"], obj=None)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for code in SUPPORTED:
        assert any(line.startswith(f"{code} ") for line in lines), code


def test_plurals_dates_and_numbers_follow_the_readers_language(app, client):
    """Arabic has six plural forms: two views and three views are worded differently; dates are
    written in the reader's language by Babel."""
    from babel.dates import format_date

    from tests.outcomes.helpers import give_view

    with app.app_context():
        engagement = make_engagement()
        give_view(engagement)
        give_view(engagement)
        slug = engagement.slug
        closes = engagement.closes_at
    arabic = html(client.get(f"/engagements/{slug}?lang=ar")).get_text(" ", strip=True)
    assert "تم تقديم 2 رأيين." in arabic
    with app.app_context():
        from engagement_portal.engagements.models import Engagement
        from engagement_portal.extensions import db

        give_view(db.session.get(Engagement, engagement.id))
    arabic = html(client.get(f"/engagements/{slug}?lang=ar&again=1")).get_text(" ", strip=True)
    assert "تم تقديم 3 آراء." in arabic
    welsh = html(client.get(f"/engagements/{slug}?lang=cy")).get_text(" ", strip=True)
    month = format_date(closes.date(), "MMMM", locale="cy")
    assert month in welsh and month != format_date(closes.date(), "MMMM", locale="en")
