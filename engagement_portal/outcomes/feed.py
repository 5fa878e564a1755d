"""The public index of outcomes across engagements and the Atom feed of outcomes and progress,
both from the publication policy's projections (newest first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engagement_portal.engagements.models import Engagement
from engagement_portal.publication import policy

FEED_ENTRIES = 50


@dataclass(frozen=True)
class IndexEntry:
    engagement: Engagement
    outcomes: list[policy.PublicOutcome]
    published_at: dt.datetime


def outcome_index(now: dt.datetime) -> list[IndexEntry]:
    entries = []
    for engagement in policy.engagements_with_public_outcomes(now):
        outcomes = policy.public_outcomes(engagement, now)
        if outcomes:
            latest = max(o.published_at for o in outcomes)
            entries.append(IndexEntry(engagement, outcomes, latest))
    return sorted(entries, key=lambda e: e.published_at, reverse=True)


@dataclass(frozen=True)
class FeedEntry:
    id: str  # a tag: URI that never changes
    title: str
    updated: dt.datetime
    path: str
    summary: str
    kind: str  # "outcome" or "progress"
    engagement_title: str


def feed_entries(now: dt.datetime) -> list[FeedEntry]:
    entries = []
    for item in outcome_index(now):
        slug = item.engagement.slug
        path = f"/engagements/{slug}/you-said-we-did"
        for outcome in item.outcomes:
            entries.append(
                FeedEntry(
                    id=f"outcome-{outcome.id}",
                    title=outcome.theme.name if outcome.theme else item.engagement.title,
                    updated=outcome.published_at,
                    path=f"{path}#outcome-{outcome.id}",
                    summary=outcome.what_we_did,
                    kind="outcome",
                    engagement_title=item.engagement.title,
                )
            )
            for change in outcome.changes:
                for number, update in enumerate(change.updates, start=1):
                    entries.append(
                        FeedEntry(
                            id=f"change-{change.id}-update-{number}",
                            title=change.description,
                            updated=update.created_at,
                            path=f"{path}#change-{change.id}",
                            summary=update.text,
                            kind="progress",
                            engagement_title=item.engagement.title,
                        )
                    )
    entries.sort(key=lambda e: e.updated, reverse=True)
    return entries[:FEED_ENTRIES]
