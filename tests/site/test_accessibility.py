"""The accessibility statement and asking for information in another format."""

from sqlalchemy import select

from engagement_portal.extensions import db
from engagement_portal.outbox.models import OutboxMessage
from tests.conftest import html, post_form


def test_the_statement_follows_the_public_sector_format(client):
    text = html(client.get("/accessibility")).get_text(" ", strip=True)
    for heading in (
        "How accessible this website is",
        "What to do if you need information in a different format",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Preparation of this accessibility statement",
    ):
        assert heading in text
    assert "Equality Advisory and Support Service" in text


def test_every_page_links_to_the_statement_and_the_format_request(client):
    footer = html(client.get("/")).find("footer")
    hrefs = {a["href"] for a in footer.find_all("a")}
    assert {"/accessibility", "/another-format"} <= hrefs


def test_a_request_needs_a_format_and_a_way_to_reply_and_keeps_what_was_typed(client):
    response = post_form(client, "/another-format", {"what": "Day services", "details": "Big"})
    page = html(response)
    assert page.title.string.startswith("Error:")
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Select the format you need" in summary
    assert "Enter an email address or a phone number" in summary
    assert page.find("input", {"name": "what"})["value"] == "Day services"
    assert page.find("textarea", {"name": "details"}).get_text().strip() == "Big"


def test_a_request_reaches_the_council_by_email_with_a_reference(app, client):
    response = post_form(
        client,
        "/another-format?what=Home+care",
        {"what": "Home care", "format": "large_print", "phone": "01234 000000", "name": "Ann"},
        follow_redirects=True,
    )
    reference = html(response).select_one(".ep-reference").get_text(strip=True)
    assert reference.startswith("EP-")
    with app.app_context():
        [message] = db.session.scalars(select(OutboxMessage)).all()
        assert message.recipient == app.config["CONTACT_EMAIL"]
        assert reference in message.subject
        assert "Large print" in message.body and "01234 000000" in message.body


def test_the_form_is_filled_from_the_link_that_sent_the_person(client):
    page = html(client.get("/another-format?what=Short+breaks"))
    assert page.find("input", {"name": "what"})["value"] == "Short breaks"
