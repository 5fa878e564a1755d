"""Forms commissioners use to write outcomes ("you said, we did"), their changes and progress."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import DateField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from engagement_portal.core.forms import BlankDateIsNone, PortalForm, choices, strip_whitespace
from engagement_portal.core.widgets import DATE_FORMAT, Radios, TranslatedDateInput
from engagement_portal.i18n.forms import Section, TranslatableField
from engagement_portal.outcomes.models import Alignment, ChangeStatus
from engagement_portal.outcomes.services import TEXT_MAX, ChangeDetails, OutcomeDetails

ALIGNMENT_LABELS = {
    Alignment.IN_LINE: _l("In line with what people said"),
    Alignment.PARTLY: _l("Partly in line with what people said"),
    Alignment.NOT_IN_LINE: _l("Not in line with what people said"),
}
STATUS_LABELS = {
    ChangeStatus.PLANNED: _l("Planned"),
    ChangeStatus.IN_PROGRESS: _l("In progress"),
    ChangeStatus.DONE: _l("Done"),
}
WHOLE_ENGAGEMENT = 0
TOO_LONG = _l("This must be 10,000 characters or fewer")


def _text(label, *, required_message=None, description=None):
    validators = [Length(max=TEXT_MAX, message=TOO_LONG)]
    if required_message:
        validators.insert(0, DataRequired(message=required_message))
    return TextAreaField(
        label,
        description=description,
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=validators,
    )


class OutcomeForm(PortalForm):
    theme_id = SelectField(
        _l("What is this outcome about?"),
        coerce=int,
        widget=GovSelect(),
        validators=[Optional()],
    )
    what_people_said = _text(
        _l("What people said"),
        required_message=_l("Enter what people said"),
        description=_l("A fair summary, including views you did not act on."),
    )
    what_we_did = _text(
        _l("What we decided or did"),
        required_message=_l("Enter what was decided or done"),
    )
    alignment = RadioField(
        _l("How does the decision sit with what people said?"),
        choices=choices(ALIGNMENT_LABELS),
        widget=Radios(),
        validators=[
            InputRequired(message=_l("Select how the decision sits with what people said"))
        ],
    )
    reason = _text(
        _l("Reason for the decision"),
        description=_l("Required unless the decision is fully in line with what people said."),
    )
    easy_read_said = _text(_l("Easy read: what people said (optional)"))
    easy_read_did = _text(_l("Easy read: what we decided or did (optional)"))
    easy_read_reason = _text(_l("Easy read: the reason (optional)"))
    submit = SubmitField(_l("Save outcome"), widget=GovSubmitInput())

    def set_themes(self, themes) -> OutcomeForm:
        self.theme_id.choices = choices(
            [(WHOLE_ENGAGEMENT, _("The whole engagement"))]
            + [(theme.id, theme.name) for theme in themes]
        )
        return self

    def fill(self, outcome) -> None:
        self.theme_id.data = outcome.theme_id or WHOLE_ENGAGEMENT
        for name in (
            "what_people_said",
            "what_we_did",
            "alignment",
            "reason",
            "easy_read_said",
            "easy_read_did",
            "easy_read_reason",
        ):
            getattr(self, name).data = getattr(outcome, name)

    def validate_reason(self, field):
        if self.alignment.data in (Alignment.PARTLY, Alignment.NOT_IN_LINE) and not field.data:
            raise ValidationError(
                _("Give the reason for a decision that is not fully in line with what people said")
            )

    def details(self) -> OutcomeDetails:
        return OutcomeDetails(
            what_people_said=self.what_people_said.data or "",
            what_we_did=self.what_we_did.data or "",
            alignment=self.alignment.data or "",
            reason=self.reason.data or "",
            theme_id=self.theme_id.data or None,
            easy_read_said=self.easy_read_said.data or "",
            easy_read_did=self.easy_read_did.data or "",
            easy_read_reason=self.easy_read_reason.data or "",
        )


class ChangeForm(PortalForm):
    description = _text(_l("What will change"), required_message=_l("Describe the change"))
    easy_read_description = _text(_l("Easy read: what will change (optional)"))
    status = RadioField(
        _l("Status"),
        choices=choices(STATUS_LABELS),
        default=ChangeStatus.PLANNED.value,
        widget=Radios(),
        validators=[InputRequired(message=_l("Select the status of the change"))],
    )
    expected_on = DateField(
        _l("When it is expected (optional)"),
        description=_l("For example, 27 3 2027"),
        format=DATE_FORMAT,
        widget=TranslatedDateInput(),
        validators=[BlankDateIsNone(message=_l("The expected date must be a real date"))],
    )
    submit = SubmitField(_l("Add change"), widget=GovSubmitInput())

    def details(self) -> ChangeDetails:
        return ChangeDetails(
            description=self.description.data or "",
            easy_read_description=self.easy_read_description.data or "",
            status=self.status.data,
            expected_on=self.expected_on.data,
        )


class ProgressForm(PortalForm):
    text = _text(_l("What has happened"), required_message=_l("Enter what has happened"))
    status = RadioField(
        _l("Status now"),
        choices=choices(STATUS_LABELS),
        widget=Radios(),
        validators=[InputRequired(message=_l("Select the status of the change"))],
    )
    submit = SubmitField(_l("Record progress"), widget=GovSubmitInput())


_OUTCOME_FIELDS = (
    ("what_people_said", _l("What people said")),
    ("what_we_did", _l("What we decided or did")),
    ("reason", _l("Reason for the decision")),
    ("easy_read_said", _l("Easy read: what people said (optional)")),
    ("easy_read_did", _l("Easy read: what we decided or did (optional)")),
    ("easy_read_reason", _l("Easy read: the reason (optional)")),
)
_CHANGE_FIELDS = (
    ("description", _l("What will change")),
    ("easy_read_description", _l("Easy read: what will change (optional)")),
)


def translation_sections(outcome) -> list[Section]:
    """What a translation of this outcome covers: every field it and its changes have."""
    sections = [
        Section(
            _("The outcome"),
            [
                TranslatableField(
                    "outcome",
                    outcome.id,
                    name,
                    str(label),
                    getattr(outcome, name),
                    TEXT_MAX,
                    str(TOO_LONG),
                )
                for name, label in _OUTCOME_FIELDS
                if getattr(outcome, name)
            ],
        )
    ]
    for number, change in enumerate(outcome.changes, start=1):
        sections.append(
            Section(
                _("Change %(number)s", number=number),
                [
                    TranslatableField(
                        "change",
                        change.id,
                        name,
                        str(label),
                        getattr(change, name),
                        TEXT_MAX,
                        str(TOO_LONG),
                    )
                    for name, label in _CHANGE_FIELDS
                    if getattr(change, name)
                ],
            )
        )
    return [section for section in sections if section.fields]
