"""A provider sees only what concerns its own organisation, and nobody's views or identity.

Two provider organisations, each with a published and a draft engagement and a view given with
a name and an e-mail. Provider A walks every GET route it may call (found from ``app.url_map``,
as tests/test_access.py does), with the URL arguments of both organisations' rows.
"""

from __future__ import annotations

import secrets
from types import SimpleNamespace

from engagement_portal.accounts import services as accounts
from engagement_portal.core.access import Role
from engagement_portal.core.references import new_reference
from engagement_portal.extensions import db
from engagement_portal.responses.models import (
    Answer,
    PublicationConsent,
    RespondentType,
    Response,
)
from tests import test_access as access
from tests.factories import make_engagement, make_user


def _organisation(name: str, letter: str) -> SimpleNamespace:
    organisation = accounts.get_or_create_organisation(name, is_provider=True)
    db.session.commit()
    provider = make_user(Role.PROVIDER, organisation=organisation)
    published = make_engagement(
        published=True, provider=organisation, title=f"Published at {name} {letter}"
    )
    draft = make_engagement(published=False, provider=organisation, title=f"Draft at {name}")
    response = Response(
        engagement=published,
        reference=new_reference(),
        idempotency_token=secrets.token_hex(16),
        respondent_type=RespondentType.MYSELF,
        publication_consent=PublicationConsent.WITH_NAME,
        respondent_name=f"Respondent {letter} Quill",
        email=f"respondent.{letter.lower()}@example.net",
        hear_back=True,
        answers=[Answer(question=published.questions[0], text=f"Secret view {letter} about care")],
    )
    db.session.add(response)
    db.session.commit()
    return SimpleNamespace(
        email=provider.email,
        published=published.title,
        draft=draft.title,
        identifying=[response.respondent_name, response.email, response.answers[0].text],
        values=SimpleNamespace(
            slug=published.slug,
            engagement_id=published.id,
            question_id=published.questions[0].id,
            number=1,
            direction="down",
            response_id=response.id,
            reference=response.reference,
            user_id=provider.id,
            token=access.INVITATION_TOKEN,
        ),
        draft_values={"slug": draft.slug, "engagement_id": draft.id},
    )


def _urls(app, route: access.Route, organisations) -> set[str]:
    adapter = app.url_map.bind("localhost")
    urls = set()
    for organisation in organisations:
        for overrides in ({}, organisation.draft_values):
            values = {**vars(organisation.values), **overrides}
            urls.add(adapter.build(route.endpoint, {n: values[n] for n in route.arguments}))
    return urls


def test_a_provider_sees_its_own_engagements_and_nobody_s_views(app):
    with app.app_context():
        a = _organisation("Alder Care Ltd", "A")
        b = _organisation("Birch Homes Ltd", "B")
    client = access._client_for(app, Role.PROVIDER.value, access.Samples([], {"provider": a.email}))

    own = client.get("/staff/engagements/about-your-service")
    assert own.status_code == 200
    assert a.published in own.get_data(as_text=True)

    problems = []
    walked = 0
    for route in access._routes(app):
        if "GET" not in route.methods or not route.allows(Role.PROVIDER.value):
            continue
        for url in _urls(app, route, [a, b]):
            response = client.get(url)
            walked += 1
            if response.status_code >= 500:
                problems.append(f"GET {url} -> {response.status_code}")
            body = response.get_data(as_text=True)
            # Public pages list every published engagement; staff pages only A's.
            hidden = [b.draft, *a.identifying, *b.identifying]
            if url.startswith("/staff"):
                hidden.append(b.published)
            problems += [
                f"GET {url} ({route.endpoint}) shows {text!r}" for text in hidden if text in body
            ]
    assert walked > 10
    assert problems == [], "\n".join(problems)
