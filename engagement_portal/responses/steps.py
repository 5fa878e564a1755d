"""The order of the pages in giving views, which depends on earlier answers."""

from __future__ import annotations

from dataclasses import dataclass

from engagement_portal.responses.models import RespondentType, ResponseDraft
from engagement_portal.responses.services import questions_of


@dataclass(frozen=True)
class Step:
    name: str  # received, who, on_behalf, question, publishing, hear_back, check
    number: int | None = None  # the question's position, for question steps

    @property
    def endpoint(self) -> str:
        return f"responses.{self.name}"

    def url_values(self) -> dict:
        return {"number": self.number} if self.name == "question" else {}


def sequence(engagement, data: dict) -> list[Step]:
    steps = []
    if data.get("assisted"):
        steps.append(Step("received"))
    steps.append(Step("who"))
    if data.get("respondent_type") == RespondentType.ON_BEHALF:
        steps.append(Step("on_behalf"))
    steps.extend(Step("question", q.position) for q in questions_of(engagement))
    steps += [Step("publishing"), Step("hear_back"), Step("check")]
    return steps


def _data(draft: ResponseDraft | None) -> dict:
    return draft.data if draft is not None else {}


def following(engagement, draft: ResponseDraft | None, current: Step) -> Step:
    steps = sequence(engagement, _data(draft))
    index = steps.index(current) if current in steps else -1
    return steps[min(index + 1, len(steps) - 1)]


def previous(engagement, draft: ResponseDraft | None, current: Step) -> Step | None:
    steps = sequence(engagement, _data(draft))
    if current not in steps:
        return None
    index = steps.index(current)
    return steps[index - 1] if index > 0 else None


def first(engagement, draft: ResponseDraft | None) -> Step:
    return sequence(engagement, _data(draft))[0]
