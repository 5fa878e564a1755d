"""What people see when something goes wrong: a clear page, never a stack trace."""

import pytest

from engagement_portal import create_app
from tests.conftest import html


@pytest.fixture
def app_without_database(tmp_path):
    # A real connection attempt to a port where no database listens.
    return create_app(
        "testing",
        TESTING=True,
        SECRET_KEY="x",
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2",
        SESSION_COOKIE_SECURE=False,
        WTF_CSRF_ENABLED=False,
    )


def test_database_down_gives_a_503_page(app_without_database):
    client = app_without_database.test_client()
    for response in (
        client.get("/"),
        client.post("/engagements/any/respond/who", data={"respondent_type": "myself"}),
    ):
        assert response.status_code == 503
        page = html(response)
        assert "unavailable" in page.find("h1").get_text()
        assert "Traceback" not in page.get_text()


def test_unknown_pages_are_404_with_a_way_on(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = html(response)
    assert page.find("h1").get_text(strip=True) == "Page not found"
    assert page.find("a", href="/engagements/")


def test_wrong_method_is_a_friendly_405(client):
    response = client.post("/engagements/", data={})
    assert response.status_code in (400, 405)
    assert "problem" in html(response).find("h1").get_text()


def test_post_without_csrf_token_is_refused(client):
    response = client.post("/sign-in", data={"email": "a@example.org", "password": "x" * 12})
    assert response.status_code == 400
    assert "timed out" in html(response).find("h1").get_text()
    # The password is never echoed back, even to the person who typed it.
    assert "xxxxxxxxxxxx" not in response.get_data(as_text=True)


def test_database_down_gives_a_503_page_to_signed_in_staff_too(app_without_database):
    client = app_without_database.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0"  # a staff member's session from before the outage
        session["_fresh"] = True
    response = client.get("/engagements/")
    assert response.status_code == 503
    assert "unavailable" in html(response).find("h1").get_text()
