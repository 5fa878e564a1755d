"""Walk the give-views pages as a person would, one form at a time."""

from __future__ import annotations

from tests.conftest import post_form


def step(client, slug: str, page: str, data: dict, *, expect_redirect: bool = True):
    url = f"/engagements/{slug}/respond/{page}"
    response = post_form(client, url, data)
    if expect_redirect:
        assert response.status_code == 302, f"{page} did not accept {data}: {response.status_code}"
    return response


def give_views(
    client,
    slug: str,
    *,
    who: str = "myself",
    answers: dict[int, object] | None = None,
    consent: str = "anonymous",
    name: str = "",
    organisation: str = "",
    hear_back: str = "no",
    email: str = "",
    on_behalf: dict | None = None,
):
    """Answer every page and send; returns the response of the final POST."""
    step(client, slug, "who", {"respondent_type": who})
    if who == "on_behalf":
        step(
            client,
            slug,
            "on-behalf",
            on_behalf
            or {
                "relationship_to_person": "Advocate",
                "gathering_method": "pictures",
                "person_agreed": "y",
            },
        )
    answers = answers if answers is not None else {1: "It is friendly.", 2: "weekly", 3: "agree"}
    for number, value in answers.items():
        step(client, slug, f"question/{number}", {"answer": value})
    step(
        client,
        slug,
        "publishing",
        {
            "publication_consent": consent,
            "respondent_name": name,
            "organisation_name": organisation,
        },
    )
    step(client, slug, "hear-back", {"hear_back": hear_back, "email": email})
    return step(client, slug, "check", {})
