"""Every route declares who may call it, and the declaration is what a caller meets.

Routes are discovered from ``app.url_map``, never listed by hand: a new route is checked the
moment it exists. A route whose URL takes an argument this file does not know fails loudly;
add a sample value for it to ``SAMPLE_VALUES``.

Requests here run without the shared ``app_context`` fixture, so that each one gets its own
application context (and its own ``g``), as in production.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from engagement_portal.accounts import services as accounts
from engagement_portal.accounts.models import Invitation
from engagement_portal.core.access import EVERYONE, SIGNED_IN, Role
from engagement_portal.core.references import new_reference
from engagement_portal.core.timeutil import utcnow
from engagement_portal.extensions import db
from engagement_portal.outcomes.models import Alignment, Outcome, OutcomeChange
from engagement_portal.publication.models import Restriction, RestrictionKind, TargetType
from engagement_portal.responses.models import (
    Answer,
    PublicationConsent,
    RespondentType,
    Response,
)
from engagement_portal.themes.models import Theme
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_engagement, make_user

ANONYMOUS = "anonymous"
CALLERS = [ANONYMOUS, *(role.value for role in Role)]
SIGN_IN_PATH = "/sign-in"
INVITATION_TOKEN = "sample-invitation-token-for-the-access-walk"

# URL argument name -> its value, from the sample rows built in ``samples``. ``s.engagement``
# is the engagement being walked (each route taking an engagement is walked once with a
# published one and once with a draft one); ``s.question`` is one of its questions.
SAMPLE_VALUES: dict[str, Callable[[SimpleNamespace], object]] = {
    "slug": lambda s: s.engagement.slug,
    "engagement_id": lambda s: s.engagement.id,
    "question_id": lambda s: s.question.id,
    "number": lambda s: 1,
    "direction": lambda s: "down",
    "response_id": lambda s: s.response.id,
    "reference": lambda s: s.response.reference,
    "user_id": lambda s: s.user.id,
    "token": lambda s: s.invitation_token,
    "answer_id": lambda s: s.response.answers[0].id,
    "theme_id": lambda s: s.theme.id,
    "outcome_id": lambda s: s.outcome.id,
    "change_id": lambda s: s.outcome.changes[0].id,
    "restriction_id": lambda s: s.restriction.id,
    "target_type": lambda s: "response",
    "target_id": lambda s: s.response.id,
    "language": lambda s: "cy",
}
# Arguments whose value depends on which engagement is walked.
PER_ENGAGEMENT = {
    "slug",
    "engagement_id",
    "question_id",
    "number",
    "theme_id",
    "outcome_id",
    "change_id",
}


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    methods: frozenset[str]
    access: frozenset[str]
    arguments: frozenset[str]  # those the URL needs a value for

    @property
    def is_public(self) -> bool:
        return EVERYONE in self.access

    def allows(self, caller: str) -> bool:
        if self.is_public:
            return True
        if caller == ANONYMOUS:
            return False
        return SIGNED_IN in self.access or caller in self.access


def _routes(app) -> list[Route]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        routes.append(
            Route(
                endpoint=rule.endpoint,
                rule=rule.rule,
                methods=frozenset(rule.methods or ()),
                access=frozenset(getattr(view, "access", None) or ()),
                arguments=frozenset(set(rule.arguments) - set(rule.defaults or {})),
            )
        )
    return sorted(routes, key=lambda route: route.rule)


def test_every_route_declares_who_may_call_it(app):
    known = {EVERYONE, SIGNED_IN, *Role}
    undeclared = [route.endpoint for route in _routes(app) if not route.access]
    assert undeclared == [], f"routes without @public, @signed_in or @roles(...): {undeclared}"
    odd = [route.endpoint for route in _routes(app) if not route.access <= known]
    assert odd == [], f"routes declaring something other than a role: {odd}"
    mixed = [
        route.endpoint
        for route in _routes(app)
        if len(route.access) > 1 and route.access & {EVERYONE, SIGNED_IN}
    ]
    assert mixed == [], f"routes mixing @public/@signed_in with roles: {mixed}"
    public_staff = [
        route.endpoint
        for route in _routes(app)
        if route.is_public and route.rule.startswith("/staff")
    ]
    assert public_staff == [], f"pages under /staff must not be @public: {public_staff}"


def test_the_walk_knows_an_argument_for_every_route(app):
    unknown = {
        f"{route.endpoint}: <{argument}>"
        for route in _routes(app)
        for argument in route.arguments
        if argument not in SAMPLE_VALUES
    }
    assert not unknown, (
        f"add a sample value to SAMPLE_VALUES in tests/test_access.py for: {sorted(unknown)}"
    )


@dataclass
class Samples:
    variants: list[SimpleNamespace]  # one per engagement walked (published, then draft)
    emails: dict[str, str]  # role -> e-mail of a signed-in caller with that role


@pytest.fixture
def samples(app) -> Samples:
    with app.app_context():
        provider_org = accounts.get_or_create_organisation("Sample Care Ltd", is_provider=True)
        db.session.commit()
        callers = {
            role.value: make_user(
                role, organisation=provider_org if role == Role.PROVIDER else None
            )
            for role in Role
        }
        subject = make_user(Role.COMMISSIONER)  # the account that account pages are about
        published = make_engagement(published=True, provider=provider_org)
        draft = make_engagement(published=False, provider=provider_org)
        response = Response(
            engagement=published,
            reference=new_reference(),
            idempotency_token=secrets.token_hex(16),
            respondent_type=RespondentType.MYSELF,
            publication_consent=PublicationConsent.ANONYMOUS,
            entered_by_id=callers[Role.ADVOCATE.value].id,
            answers=[Answer(question=published.questions[0], text="It is friendly.")],
        )
        invitation = Invitation(
            email="invited@example.org",
            name="Invited Person",
            role=Role.ADVOCATE.value,
            token_hash=hashlib.sha256(INVITATION_TOKEN.encode()).hexdigest(),
            invited_by=callers[Role.ADMINISTRATOR.value],
            expires_at=utcnow() + dt.timedelta(days=30),
        )
        db.session.add_all([response, invitation])
        db.session.flush()
        # A theme and an outcome with a change in each engagement walked, and a restriction on
        # the view, so that the staff pages about them have something to show.
        themes, outcomes = {}, {}
        for engagement in (published, draft):
            themes[engagement.id] = Theme(engagement_id=engagement.id, name="Transport")
            outcomes[engagement.id] = Outcome(
                engagement_id=engagement.id,
                what_people_said="Buses are late.",
                what_we_did="We asked for a new timetable.",
                alignment=Alignment.IN_LINE,
                changes=[OutcomeChange(position=1, description="New timetable")],
            )
        restriction = Restriction(
            engagement_id=published.id,
            target_type=TargetType.RESPONSE,
            target_id=response.id,
            kind=RestrictionKind.CONFIDENTIAL,
            public_reason="It contains confidential information.",
            set_by_id=callers[Role.COMMISSIONER.value].id,
        )
        db.session.add_all([*themes.values(), *outcomes.values(), restriction])
        db.session.commit()

        variants = []
        for engagement in (published, draft):
            sample = SimpleNamespace(
                engagement=engagement,
                question=engagement.questions[0],
                response=response,
                user=subject,
                invitation_token=INVITATION_TOKEN,
                theme=themes[engagement.id],
                outcome=outcomes[engagement.id],
                restriction=restriction,
            )
            # Read every value now, while the rows are attached to a session.
            variants.append(
                SimpleNamespace(**{name: value(sample) for name, value in SAMPLE_VALUES.items()})
            )
        emails = {role: user.email for role, user in callers.items()}
    return Samples(variants=variants, emails=emails)


def _urls(app, route: Route, samples: Samples, method: str) -> list[str]:
    needed = route.arguments
    unknown = needed - SAMPLE_VALUES.keys()
    if unknown:
        pytest.fail(
            f"{route.endpoint} ({route.rule}) takes {sorted(unknown)}: add a sample value to "
            "SAMPLE_VALUES in tests/test_access.py"
        )
    variants = samples.variants if needed & PER_ENGAGEMENT else samples.variants[:1]
    adapter = app.url_map.bind("localhost")
    return sorted(
        {
            adapter.build(
                route.endpoint, {name: getattr(v, name) for name in needed}, method=method
            )
            for v in variants
        }
    )


def _client_for(app, caller: str, samples: Samples):
    client = app.test_client()
    if caller != ANONYMOUS:
        token = csrf_token(client, SIGN_IN_PATH)
        response = client.post(
            SIGN_IN_PATH,
            data={"email": samples.emails[caller], "password": PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302, f"{caller} could not sign in"
    return client


def _to_sign_in(response) -> bool:
    return response.status_code in (301, 302, 303, 307, 308) and (
        urlsplit(response.headers.get("Location", "")).path == SIGN_IN_PATH
    )


def _judge(route: Route, caller: str, url: str, method: str, response) -> str | None:
    """What is wrong with this answer, or None."""
    status = response.status_code
    where = f"{caller} {method} {url} ({route.endpoint}) -> {status}"
    if status >= 500:
        return f"{where}: server error"
    if route.is_public:
        if status == 403 or _to_sign_in(response):
            return f"{where}: public route refused"
    elif caller == ANONYMOUS:
        if not _to_sign_in(response):
            return f"{where}: expected a redirect to {SIGN_IN_PATH}"
    elif not route.allows(caller):
        if status != 403:
            return f"{where}: expected 403 for a role the route does not declare"
    elif status == 403 or _to_sign_in(response):
        return f"{where}: allowed role refused"
    return None


@pytest.mark.parametrize("caller", CALLERS)
def test_get_routes_answer_each_caller_as_declared(app, samples, caller):
    client = _client_for(app, caller, samples)
    problems = []
    walked = 0
    for route in _routes(app):
        if "GET" not in route.methods:
            continue
        for url in _urls(app, route, samples, "GET"):
            response = client.get(url)
            walked += 1
            problems.append(_judge(route, caller, url, "GET", response))
        if caller != ANONYMOUS:
            # A page must never sign anyone out on the way.
            assert not _to_sign_in(client.get("/staff")), f"{caller} lost their session"
    assert walked > 10
    problems = [problem for problem in problems if problem]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("caller", CALLERS)
def test_post_routes_refuse_callers_they_do_not_declare(app, samples, caller):
    """Anonymous: refused by CSRF (400) or sent to sign in; a valid token changes nothing but
    the reason. Signed in with a role the route does not declare: 403, with a valid CSRF token
    so that the access check, not CSRF, is what answers. Allowed callers are not posted for
    (that would change data); their forms have their own tests."""
    client = _client_for(app, caller, samples)
    token = csrf_token(client, "/staff" if caller != ANONYMOUS else SIGN_IN_PATH)
    problems = []
    checked = 0
    for route in _routes(app):
        if "POST" not in route.methods or route.allows(caller):
            continue
        for url in _urls(app, route, samples, "POST"):
            checked += 1
            if caller == ANONYMOUS:
                bare = client.post(url, data={})
                if bare.status_code != 400 and not _to_sign_in(bare):
                    problems.append(
                        f"anonymous POST {url} ({route.endpoint}) without a CSRF token -> "
                        f"{bare.status_code}: expected 400 or a redirect to {SIGN_IN_PATH}"
                    )
            response = client.post(url, data={"csrf_token": token})
            problems.append(_judge(route, caller, url, "POST", response))
    assert checked > 0
    problems = [problem for problem in problems if problem]
    assert problems == [], "\n".join(problems)
