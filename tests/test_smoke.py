from tests.conftest import html


def test_home_page_names_the_organisation_not_govuk(client):
    page = html(client.get("/"))
    assert "Northshire Council" in page.find("header").get_text()
    assert "GOV.UK" not in page.get_text()
