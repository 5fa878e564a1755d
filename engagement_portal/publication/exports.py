"""The public downloads of an engagement (CSV of its views, JSON of its outcomes and views),
built only from the policy's projections: nothing here can reach a field the policy left out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import asdict

from flask_babel import gettext as _

from engagement_portal.core.exports import spreadsheet_safe
from engagement_portal.core.timeutil import utcnow
from engagement_portal.engagements.models import Engagement
from engagement_portal.engagements.vocab import RESPONDENT_TYPES
from engagement_portal.publication import policy


def _respondent(code: str) -> str:
    return str(RESPONDENT_TYPES.get(code, code))


def views_csv(engagement: Engagement, now: dt.datetime | None = None) -> Iterator[str]:
    """One row per public view, one column per question, in pieces of 200 rows."""
    questions = sorted(engagement.questions, key=lambda q: q.position)
    out = io.StringIO()
    writer = csv.writer(out)

    def flush() -> str:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text

    writer.writerow(
        [
            _("View"),
            _("Date"),
            _("Giving views"),
            _("Name"),
            _("Organisation or group"),
            *(spreadsheet_safe(q.text) for q in questions),
        ]
    )
    yield flush()
    for count, view in enumerate(policy.all_public_views(engagement, now), start=1):
        answers = {a.question_number: a.text for a in view.answers}
        writer.writerow(
            [
                view.number,
                view.submitted_on.isoformat(),
                _respondent(view.respondent_type),
                spreadsheet_safe(view.name),
                spreadsheet_safe(view.organisation),
                *(spreadsheet_safe(answers.get(n, "")) for n in range(1, len(questions) + 1)),
            ]
        )
        if count % 200 == 0:
            yield flush()
    yield flush()


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _counts(counts: policy.WithheldCounts) -> dict:
    return {
        "total": counts.total,
        "by_reason": {reason.value: n for reason, n in counts.items()},
        "embargoed_until": [{"until": _plain(m), "count": n} for m, n in counts.embargoes()],
    }


JSON_VIEWS_PER_PAGE = 1000


def engagement_json(
    engagement: Engagement, base_url: str, page: int = 1, now: dt.datetime | None = None
) -> str:
    """Everything the public pages show, with the views 1,000 a page (``views_page.next``), so
    that no one request has to build tens of megabytes."""
    now = now or utcnow()
    summary = policy.withheld_summary(engagement, now)
    themes = policy.public_themes(engagement, now)
    views = policy.public_view_page(
        engagement, page, per_page=JSON_VIEWS_PER_PAGE, now=now, themes=themes
    )
    link = f"{base_url}/engagements/{engagement.slug}/data.json?page="
    data = {
        "engagement": {
            "slug": engagement.slug,
            "title": engagement.title,
            "summary": engagement.summary,
            "status": engagement.status_at(now).value,
            "opens_at": engagement.opens_at,
            "closes_at": engagement.effective_closes_at,
            "responded_at": engagement.responded_at,
            "url": f"{base_url}/engagements/{engagement.slug}",
        },
        "views_received": summary.views_received,
        "views_shown_now": summary.views_shown_now,
        "views_shown": summary.views_shown,
        "withheld": {
            "views": _counts(summary.views),
            "answers": _counts(summary.answers),
            "themes": _counts(summary.themes),
            "outcomes": _counts(summary.outcomes),
            "note": "Counts of items not published, by reason; none of their content.",
        },
        "themes": [asdict(t) for t in themes],
        "choice_counts": [asdict(q) for q in policy.choice_counts(engagement, now)],
        "outcomes": [asdict(o) for o in policy.public_outcomes(engagement, now)],
        "views_page": {
            "number": views.number,
            "count": views.count,
            "views": views.total,
            "previous": f"{link}{views.number - 1}" if views.has_previous else None,
            "next": f"{link}{views.number + 1}" if views.has_next else None,
        },
        "views": [asdict(v) for v in views.views],
        "small_numbers": f"counts of themes and choices under {policy.SMALL_NUMBER} are null",
    }
    return json.dumps(data, ensure_ascii=False, default=_plain, separators=(",", ":"))
