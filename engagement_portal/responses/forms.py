"""The pages of giving views. One question per page; each page a small form."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from engagement_portal.core.forms import PortalForm, choices, strip_whitespace
from engagement_portal.core.widgets import CharacterCount, Checkbox, Checkboxes, Radios
from engagement_portal.engagements.models import Question, QuestionKind
from engagement_portal.engagements.vocab import (
    AGREEMENT_LABELS,
    GATHERING_METHODS,
    RESPONDENT_TYPES,
    SUPPORT,
)
from engagement_portal.responses.services import MAX_ANSWER_LENGTH

ASSISTED_CHANNELS = {
    "paper": _l("On paper"),
    "phone": _l("By phone"),
    "event": _l("At a meeting or event"),
    "email": _l("By email"),
}


# The name of the first page's hidden field that only software fills in; never saved.
HONEYPOT = "extra_info"


class ContinueMixin:
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class DraftPageForm(ContinueMixin, PortalForm):
    """One page of giving views: filled from the draft, and saved back to it field by field."""

    @classmethod
    def from_draft(cls, data: dict | None):
        return cls(data=data)

    def to_draft(self) -> dict:
        values = {}
        for name, field in self._fields.items():
            if name in ("csrf_token", "submit", HONEYPOT):
                continue
            empty = [] if isinstance(field, SelectMultipleField) else ""
            values[name] = field.data if field.data is not None else empty
        return values


class ReceivedForm(DraftPageForm):
    channel = RadioField(
        _l("How did you receive these views?"),
        choices=choices(ASSISTED_CHANNELS),
        widget=Radios(),
        validators=[InputRequired(message=_l("Select how you received these views"))],
    )
    support_used = SelectMultipleField(
        _l("What support did the person use?"),
        description=_l("Select all that apply."),
        choices=choices(SUPPORT),
        widget=Checkboxes(),
        validators=[Optional()],
    )


class WhoForm(DraftPageForm):
    respondent_type = RadioField(
        _l("Who are you giving views for?"),
        choices=choices(RESPONDENT_TYPES),
        widget=Radios(),
        validators=[InputRequired(message=_l("Select who you are giving views for"))],
    )
    # The honeypot (services.honeypot_filled). Its markup is written out in who.html, so the page
    # stays the same for everyone (the page cache) and nothing typed in it is ever shown back.
    extra_info = StringField(validators=[Optional()])


class OnBehalfForm(DraftPageForm):
    relationship_to_person = StringField(
        _l("What is your relationship to the person?"),
        description=_l("For example: their advocate, their sister, their paid carer."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=_l("Enter your relationship to the person")),
            Length(max=200, message=_l("Relationship must be 200 characters or fewer")),
        ],
    )
    gathering_method = RadioField(
        _l("How did you find out the person's views?"),
        choices=choices(GATHERING_METHODS),
        widget=Radios(),
        validators=[InputRequired(message=_l("Select how you found out the person's views"))],
    )
    gathering_detail = TextAreaField(
        _l("Tell us more about how you found out their views (optional)"),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[Length(max=2000, message=_l("This must be 2,000 characters or fewer"))],
    )
    person_agreed = BooleanField(
        _l("The person agrees that their views are shared with us"),
        widget=Checkbox(),
        validators=[
            InputRequired(message=_l("Confirm that the person agrees their views are shared"))
        ],
    )

    def validate_gathering_detail(self, field):
        if self.gathering_method.data == "other" and not field.data:
            raise ValidationError(_("Tell us how you found out the person's views"))


class PublishingForm(DraftPageForm):
    publication_consent = RadioField(
        _l("Can we publish these views?"),
        choices=choices(
            [
                ("with_name", _l("Yes, with the name")),
                ("anonymous", _l("Yes, without the name")),
                ("do_not_publish", _l("No, do not publish them")),
            ]
        ),
        widget=Radios(),
        validators=[InputRequired(message=_l("Select whether we can publish these views"))],
    )
    respondent_name = StringField(
        _l("Name to publish"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=200, message=_l("Name must be 200 characters or fewer"))],
    )
    organisation_name = StringField(
        _l("Name of the organisation or group"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            Length(max=200, message=_l("Organisation name must be 200 characters or fewer"))
        ],
    )

    def validate_respondent_name(self, field):
        if self.publication_consent.data == "with_name" and not field.data:
            raise ValidationError(_("Enter the name to publish"))


class HearBackForm(DraftPageForm):
    hear_back = RadioField(
        _l("Do you want us to tell you what we decided?"),
        choices=choices([("yes", _l("Yes, email me")), ("no", _l("No"))]),
        widget=Radios(),
        validators=[
            InputRequired(message=_l("Select yes if you want us to tell you what we decided"))
        ],
    )
    email = EmailField(
        _l("Email address"),
        description=_l(
            "We will only use this to tell you what we decided and what changed. We will not "
            "publish it or use it for anything else."
        ),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=254, message=_l("Email address must be 254 characters or fewer"))],
    )

    @classmethod
    def from_draft(cls, data: dict | None):
        data = dict(data or {})
        if "hear_back" in data:
            data["hear_back"] = "yes" if data["hear_back"] else "no"
        return cls(data=data)

    def to_draft(self) -> dict:
        wants = self.hear_back.data == "yes"
        return {"hear_back": wants, "email": self.email.data if wants else ""}

    def validate_email(self, field):
        if self.hear_back.data != "yes":
            return
        if not field.data:
            raise ValidationError(_("Enter your email address"))
        Email(message=_("Enter an email address in the correct format, like name@example.com"))(
            self, field
        )


class SendForm(PortalForm):
    submit = SubmitField(_l("Send my views"), widget=GovSubmitInput())


def question_form(question: Question, data=None, words=None) -> PortalForm:
    """A one-field form for one question, built from how the commissioner set it up; ``words``
    (i18n.content.QuestionTexts) gives its wording in the reader's language."""
    required = (
        [InputRequired(message=_l("Answer this question"))] if question.required else [Optional()]
    )
    label = words.question.text if words else question.text
    hint = (words.question.help_text if words else question.help_text) or None

    def option_label(choice):
        return words.choice(choice).label if words else choice.label

    if question.kind == QuestionKind.FREE_TEXT:
        answer = TextAreaField(
            label,
            description=hint,
            widget=CharacterCount(),
            validators=[
                # DataRequired, not InputRequired: an answer of only spaces or control
                # characters (which the form layer strips) is no answer.
                *(
                    [DataRequired(message=_l("Enter your answer"))]
                    if question.required
                    else [Optional()]
                ),
                Length(
                    max=MAX_ANSWER_LENGTH,
                    message=_l("Your answer must be 10,000 characters or fewer"),
                ),
            ],
        )
    elif question.kind == QuestionKind.MULTIPLE_CHOICE:
        answer = SelectMultipleField(
            label,
            description=hint,
            choices=choices((choice.code, option_label(choice)) for choice in question.choices),
            widget=Checkboxes(),
            validators=[InputRequired(message=_l("Select at least one option"))]
            if question.required
            else [Optional()],
        )
    elif question.kind == QuestionKind.AGREEMENT:
        answer = RadioField(
            label,
            description=hint,
            choices=choices(AGREEMENT_LABELS),
            widget=Radios(),
            validators=[InputRequired(message=_l("Select how much you agree"))]
            if question.required
            else [Optional()],
        )
    else:
        answer = RadioField(
            label,
            description=hint,
            choices=choices((choice.code, option_label(choice)) for choice in question.choices),
            widget=Radios(),
            validators=required,
        )
    form_class = type("QuestionForm", (ContinueMixin, PortalForm), {"answer": answer})
    return form_class(data=data)
