"""Factories that build real rows through the services where a rule is involved."""

from __future__ import annotations

import datetime as dt

from engagement_portal.accounts import services as accounts
from engagement_portal.core.access import Role
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Choice, Engagement, Question, QuestionKind
from engagement_portal.extensions import db
from tests.conftest import unique

PASSWORD = "correct horse battery staple"


def make_user(role: Role = Role.COMMISSIONER, *, organisation=None, email: str | None = None):
    return accounts.create_user(
        email=email or f"{unique(role.value)}@example.org",
        name=f"Test {role.value}",
        password=PASSWORD,
        role=role,
        organisation=organisation,
    )


def make_engagement(
    *,
    published: bool = True,
    opens_in: dt.timedelta = dt.timedelta(days=-1),
    closes_in: dt.timedelta = dt.timedelta(days=30),
    questions: bool = True,
    **fields,
) -> Engagement:
    now = utcnow()
    engagement = Engagement(
        slug=fields.pop("slug", unique("engagement")),
        title=fields.pop("title", "Day services for adults with learning disabilities"),
        summary=fields.pop("summary", "We want to know what matters to you about day services."),
        easy_read_summary=fields.pop(
            "easy_read_summary", "Tell us what you think about day services."
        ),
        plan_how_views_used="We will read every view before we decide.",
        plan_who_decides="The adult social care committee decides.",
        plan_hear_back="We will publish what we decided by 1 March.",
        ways_to_take_part=["online", "paper", "phone"],
        support_offered=["easy_read", "interpreter", "advocate"],
        communities="People who use day services\nFamily carers",
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        published_at=now if published else None,
        **fields,
    )
    if questions:
        engagement.questions = [
            Question(
                position=1,
                kind=QuestionKind.FREE_TEXT,
                text="What works well at your day service?",
                easy_read_text="What is good at your day service?",
                required=True,
            ),
            Question(
                position=2,
                kind=QuestionKind.SINGLE_CHOICE,
                text="How often do you go?",
                easy_read_text="How often do you go?",
                choices=[
                    Choice(position=1, code="weekly", label="Every week"),
                    Choice(position=2, code="monthly", label="Every month"),
                ],
            ),
            Question(
                position=3,
                kind=QuestionKind.AGREEMENT,
                text="The service helps me do things I enjoy.",
                easy_read_text="The service helps me do things I like.",
            ),
        ]
    db.session.add(engagement)
    db.session.commit()
    return engagement


def sign_in(client, user, password: str = PASSWORD):
    from tests.conftest import post_form

    response = post_form(client, "/sign-in", {"email": user.email, "password": password})
    assert response.status_code == 302, "sign-in failed"
    return response
