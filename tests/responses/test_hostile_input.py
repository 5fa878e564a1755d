"""Whatever people type is kept as text and shown escaped; nothing they send causes a 500."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagement_portal.extensions import db
from engagement_portal.responses.models import Answer
from tests.conftest import csrf_token
from tests.factories import make_engagement

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
    "{{7*7}} {% for x in range(9) %}x{% endfor %} ${7*7} #{7*7}",
    "\u202eright-to-left override\u202c and \u200fRLM\u200e",
    "مرحبا بالعالم – שלום – Dydd da",
    "null \x00 byte and \x07 bell",
    "'; DROP TABLE response; --",
    "a" * 10_000,
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300)))
def test_any_answer_is_accepted_or_refused_clearly_and_stored_as_typed(app, text):
    with app.app_context():
        engagement = make_engagement()
        slug = engagement.slug
        question_id = min(engagement.questions, key=lambda q: q.position).id
    client = app.test_client()
    client.post(
        f"/engagements/{slug}/respond/who",
        data={
            "respondent_type": "myself",
            "csrf_token": csrf_token(client, f"/engagements/{slug}/respond/who"),
        },
    )
    url = f"/engagements/{slug}/respond/question/1"
    response = client.post(url, data={"answer": text, "csrf_token": csrf_token(client, url)})
    assert response.status_code in (200, 302)
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "<svg/onload" not in body
    if response.status_code == 302:
        for page, data in [
            ("question/2", {"answer": "weekly"}),
            ("question/3", {"answer": "agree"}),
            ("publishing", {"publication_consent": "anonymous"}),
            ("hear-back", {"hear_back": "no"}),
            ("check", {}),
        ]:
            page_url = f"/engagements/{slug}/respond/{page}"
            result = client.post(
                page_url, data={**data, "csrf_token": csrf_token(client, page_url)}
            )
            assert result.status_code == 302
        with app.app_context():
            stored = db.session.query(Answer.text).filter_by(question_id=question_id).scalar()
        expected = "".join(
            ch for ch in text if ch in "\t\n\r" or not (ord(ch) < 32 or ord(ch) == 127)
        )
        # Browsers send line breaks as CRLF; what was typed is otherwise kept exactly.
        assert stored.replace("\r\n", "\n") == expected.replace("\r\n", "\n")
    else:
        assert "govuk-error-summary" in body
