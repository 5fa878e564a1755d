"""Forms commissioners use to build an engagement and its questions."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from engagement_portal.core.forms import PortalForm, choices, strip_whitespace
from engagement_portal.core.widgets import (
    DATE_FORMAT,
    CharacterCount,
    Checkbox,
    Checkboxes,
    Radios,
    TranslatedDateInput,
)
from engagement_portal.engagements.vocab import (
    PICTURES,
    QUESTION_KINDS,
    SUPPORT,
    VIEWS_SHOWN,
    WAYS_TO_TAKE_PART,
)
from engagement_portal.i18n.forms import Section, TranslatableField

LONG_TEXT = 10_000


class EngagementForm(PortalForm):
    title = StringField(
        _l("Title"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter a title")),
            Length(max=200, message=_l("Title must be 200 characters or fewer")),
        ],
    )
    summary = TextAreaField(
        _l("Summary"),
        description=_l("One or two sentences in plain English: what is being decided."),
        widget=CharacterCount(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter a summary")),
            Length(max=600, message=_l("Summary must be 600 characters or fewer")),
        ],
    )
    easy_read_summary = TextAreaField(
        _l("Easy read summary"),
        description=_l("Short sentences, everyday words, one idea per line."),
        widget=CharacterCount(),
        filters=[strip_whitespace],
        validators=[
            Length(max=1000, message=_l("Easy read summary must be 1,000 characters or fewer"))
        ],
    )
    body = TextAreaField(
        _l("Full description"),
        description=_l(
            "Leave a blank line between paragraphs. You can use <strong>, <em>, lists, "
            "headings (<h2>, <h3>) and links; anything else is removed."
        ),
        widget=GovTextArea(),
        validators=[
            Length(max=LONG_TEXT, message=_l("Full description must be 10,000 characters or fewer"))
        ],
    )
    opens_on = DateField(
        _l("Opening date"),
        description=_l("For example, 27 3 2027"),
        format=DATE_FORMAT,
        widget=TranslatedDateInput(),
        validators=[InputRequired(message=_l("Enter the opening date as a real date"))],
    )
    closes_on = DateField(
        _l("Closing date"),
        description=_l("Views can be given until the end of this day."),
        format=DATE_FORMAT,
        widget=TranslatedDateInput(),
        validators=[InputRequired(message=_l("Enter the closing date as a real date"))],
    )
    plan_how_views_used = TextAreaField(
        _l("How views will be used"),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Say how views will be used")),
            Length(max=2000, message=_l("This must be 2,000 characters or fewer")),
        ],
    )
    plan_who_decides = TextAreaField(
        _l("Who decides, and when"),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Say who decides and when")),
            Length(max=2000, message=_l("This must be 2,000 characters or fewer")),
        ],
    )
    plan_hear_back = TextAreaField(
        _l("When and how people will hear back"),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Say when and how people will hear back")),
            Length(max=2000, message=_l("This must be 2,000 characters or fewer")),
        ],
    )
    ways_to_take_part = SelectMultipleField(
        _l("Ways to take part"),
        choices=choices(WAYS_TO_TAKE_PART),
        widget=Checkboxes(),
        validators=[DataRequired(message=_l("Select at least one way to take part"))],
    )
    support_offered = SelectMultipleField(
        _l("Support on offer"),
        description=_l("Select all the support people can ask for."),
        choices=choices(SUPPORT),
        widget=Checkboxes(),
        validators=[Optional()],
    )
    communities = TextAreaField(
        _l("Communities and networks you will reach out to"),
        description=_l("One a line, for example: carers' forum, Polish community centre."),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[Length(max=2000, message=_l("This must be 2,000 characters or fewer"))],
    )
    views_shown = RadioField(
        _l("When can the public read individual views?"),
        choices=choices(VIEWS_SHOWN),
        default="once_closed",
        widget=Radios(),
        validators=[InputRequired(message=_l("Select when the public can read views"))],
    )
    retention_months = IntegerField(
        _l("Months to keep respondents' personal data after closing"),
        description=_l(
            "Names, email addresses, organisations and on-behalf details are then removed. "
            "The answers stay, without them. Leave empty for 12."
        ),
        default=12,
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=1, max=120, message=_l("Enter a number of months from 1 to 120")),
        ],
    )
    provider_id = SelectField(
        _l("Service provider this is about (optional)"),
        coerce=int,
        widget=GovSelect(),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_("Closing date must be the same as or after the opening date"))
        if field.data and field.data.year > dt.date.today().year + 5:
            raise ValidationError(_("Closing date must be within 5 years"))


class QuestionForm(PortalForm):
    kind = RadioField(
        _l("Type of question"),
        choices=choices(QUESTION_KINDS),
        widget=Radios(),
        validators=[InputRequired(message=_l("Select the type of question"))],
    )
    text = TextAreaField(
        _l("Question"),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter the question")),
            Length(max=1000, message=_l("Question must be 1,000 characters or fewer")),
        ],
    )
    easy_read_text = TextAreaField(
        _l("Easy read question"),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[
            Length(max=1000, message=_l("Easy read question must be 1,000 characters or fewer"))
        ],
    )
    easy_read_picture = SelectField(
        _l("Picture beside the easy read question"),
        choices=choices({"": _l("The question picture"), **PICTURES}),
        widget=GovSelect(),
        validators=[Optional()],
    )
    help_text = TextAreaField(
        _l("Help text (optional)"),
        description=_l("Shown under the question to explain it."),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[Length(max=1000, message=_l("Help text must be 1,000 characters or fewer"))],
    )
    choices = TextAreaField(
        _l("Options (for single and multiple choice)"),
        description=_l("One option a line."),
        widget=GovTextArea(),
        validators=[Length(max=5000, message=_l("Options must be 5,000 characters or fewer"))],
    )
    easy_read_choices = TextAreaField(
        _l("Easy read options (optional)"),
        description=_l("One a line, in the same order as the options."),
        widget=GovTextArea(),
        validators=[
            Length(max=5000, message=_l("Easy read options must be 5,000 characters or fewer"))
        ],
    )
    required = BooleanField(_l("People must answer this question"), widget=Checkbox())
    submit = SubmitField(_l("Save question"), widget=GovSubmitInput())

    def option_lines(self) -> list[str]:
        return [line.strip() for line in (self.choices.data or "").splitlines() if line.strip()]

    def easy_read_option_lines(self) -> list[str]:
        # Blank lines are dropped exactly as for the options, so the two lists stay in step.
        return [
            line.strip()
            for line in (self.easy_read_choices.data or "").splitlines()
            if line.strip()
        ]

    def validate_easy_read_choices(self, field):
        lines = self.easy_read_option_lines()
        if lines and len(lines) > len(self.option_lines()):
            raise ValidationError(_("Enter no more easy read options than options"))
        if any(len(line) > 300 for line in lines):
            raise ValidationError(_("Each easy read option must be 300 characters or fewer"))

    def validate_choices(self, field):
        if self.kind.data in ("single_choice", "multiple_choice"):
            lines = self.option_lines()
            if len(lines) < 2:
                raise ValidationError(_("Enter at least 2 options, one a line"))
            if len(lines) > 30:
                raise ValidationError(_("Enter 30 options or fewer"))
            if any(len(line) > 300 for line in lines):
                raise ValidationError(_("Each option must be 300 characters or fewer"))
            if len({line.casefold() for line in lines}) != len(lines):
                raise ValidationError(_("Each option must be different"))


class ConfirmForm(PortalForm):
    """A button and a CSRF token: for actions such as publish, close, delete."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


# Translating an engagement: the same limits as the originals (see the forms above).

_ENGAGEMENT_FIELDS = (
    ("title", _l("Title"), 200, _l("Title must be 200 characters or fewer"), True),
    ("summary", _l("Summary"), 600, _l("Summary must be 600 characters or fewer"), False),
    (
        "easy_read_summary",
        _l("Easy read summary"),
        1000,
        _l("Easy read summary must be 1,000 characters or fewer"),
        False,
    ),
    (
        "body_html",
        _l("Full description"),
        LONG_TEXT,
        _l("Full description must be 10,000 characters or fewer"),
        False,
    ),
    (
        "plan_how_views_used",
        _l("How views will be used"),
        2000,
        _l("This must be 2,000 characters or fewer"),
        False,
    ),
    (
        "plan_who_decides",
        _l("Who decides, and when"),
        2000,
        _l("This must be 2,000 characters or fewer"),
        False,
    ),
    (
        "plan_hear_back",
        _l("When and how people will hear back"),
        2000,
        _l("This must be 2,000 characters or fewer"),
        False,
    ),
    (
        "communities",
        _l("Communities and networks you will reach out to"),
        2000,
        _l("This must be 2,000 characters or fewer"),
        False,
    ),
)
_QUESTION_FIELDS = (
    ("text", _l("Question"), 1000, _l("Question must be 1,000 characters or fewer")),
    (
        "easy_read_text",
        _l("Easy read question"),
        1000,
        _l("Easy read question must be 1,000 characters or fewer"),
    ),
    (
        "help_text",
        _l("Help text (optional)"),
        1000,
        _l("Help text must be 1,000 characters or fewer"),
    ),
)


def translation_sections(engagement) -> list[Section]:
    """What a translation of this engagement covers: every field its original has."""
    sections = [
        Section(
            _("The engagement"),
            [
                TranslatableField(
                    "engagement",
                    engagement.id,
                    name,
                    str(label),
                    getattr(engagement, name),
                    limit,
                    str(message),
                    single_line,
                )
                for name, label, limit, message, single_line in _ENGAGEMENT_FIELDS
                if getattr(engagement, name)
            ],
        )
    ]
    for number, question in enumerate(engagement.questions, start=1):
        section = Section(_("Question %(number)s", number=number))
        for name, label, limit, message in _QUESTION_FIELDS:
            if getattr(question, name):
                section.fields.append(
                    TranslatableField(
                        "question",
                        question.id,
                        name,
                        str(label),
                        getattr(question, name),
                        limit,
                        str(message),
                    )
                )
        for position, choice in enumerate(question.choices, start=1):
            section.fields.append(
                TranslatableField(
                    "choice",
                    choice.id,
                    "label",
                    _("Option %(number)s", number=position),
                    choice.label,
                    300,
                    _("Each option must be 300 characters or fewer"),
                    True,
                )
            )
            if choice.easy_read_label:
                section.fields.append(
                    TranslatableField(
                        "choice",
                        choice.id,
                        "easy_read_label",
                        _("Easy read option %(number)s", number=position),
                        choice.easy_read_label,
                        300,
                        _("Each easy read option must be 300 characters or fewer"),
                        True,
                    )
                )
        sections.append(section)
    return [section for section in sections if section.fields]


def easy_read_pictures_form(lines: list[str], chosen: list[str]) -> PortalForm:
    """One picture choice per point (line) of an easy-read summary, filled with the choices
    saved before; the point itself is each field's label."""
    fields = {
        f"picture_{index}": SelectField(
            line,
            choices=choices(PICTURES),
            default=chosen[index] if index < len(chosen) else "have-your-say",
            widget=GovSelect(),
            validators=[InputRequired(message=_l("Choose a picture"))],
        )
        for index, line in enumerate(lines)
    }
    fields["submit"] = SubmitField(_l("Save pictures"), widget=GovSubmitInput())
    form_class = type("EasyReadPicturesForm", (PortalForm,), fields)
    return form_class()
