"""The form staff translate content with: one box per field the original has, in sections (the
engagement, then each question and its options; or the outcome, then each change), each with
the original as its hint. Built per page from ``TranslatableField`` descriptions, so the
engagement and outcome pages share it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from engagement_portal.core.forms import PortalForm, strip_whitespace


@dataclass(frozen=True)
class TranslatableField:
    owner: str  # "engagement", "question", "choice", "outcome" or "change"
    owner_id: int
    name: str  # the column, as on the original and its translation
    label: str
    original: str
    max_length: int
    too_long: str  # the message when the translation is longer than max_length
    single_line: bool = False

    @property
    def key(self) -> str:
        """The form field's name: unique on the page."""
        return f"{self.owner}_{self.owner_id}_{self.name}"


@dataclass
class Section:
    heading: str
    fields: list[TranslatableField] = field(default_factory=list)


class TranslationForm(PortalForm):
    submit = SubmitField(_l("Save translation"), widget=GovSubmitInput())


def translation_form(sections: list[Section], current: dict[tuple[str, int], object]):
    """A form with a box per field; on a GET filled from ``current`` (owner, id) -> translation."""
    attributes = {}
    for section in sections:
        for item in section.fields:
            field_class, widget = (
                (StringField, GovTextInput())
                if item.single_line
                else (TextAreaField, GovTextArea())
            )
            attributes[item.key] = field_class(
                item.label,
                description=item.original,
                widget=widget,
                filters=[strip_whitespace],
                validators=[Optional(), Length(max=item.max_length, message=item.too_long)],
            )
    form_class = type("TranslationForm", (TranslationForm,), attributes)
    form = form_class()
    if not form.is_submitted():
        for section in sections:
            for item in section.fields:
                row = current.get((item.owner, item.owner_id))
                form[item.key].data = getattr(row, item.name, "") if row is not None else ""
    return form


def translated_values(form, sections: list[Section]) -> dict[tuple[str, int], dict[str, str]]:
    """What was entered, by (owner, id) then column; empty boxes as ""."""
    values: dict[tuple[str, int], dict[str, str]] = {}
    for section in sections:
        for item in section.fields:
            values.setdefault((item.owner, item.owner_id), {})[item.name] = (
                form[item.key].data or ""
            )
    return values
