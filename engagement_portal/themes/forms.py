"""Forms commissioners use to create, rename and merge themes and to tag answers with them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from engagement_portal.core.forms import PortalForm, choices, strip_whitespace
from engagement_portal.core.widgets import CharacterCount, Checkboxes, Radios
from engagement_portal.themes.services import NAME_MAX, SUMMARY_MAX


class ThemeForm(PortalForm):
    name = StringField(
        _l("Name of the theme"),
        description=_l("A few words, for example: transport to the day centre."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter a name for the theme")),
            Length(max=NAME_MAX, message=_l("The name must be 120 characters or fewer")),
        ],
    )
    summary = TextAreaField(
        _l("Summary (optional)"),
        description=_l("What people said about this, in a sentence or two."),
        widget=CharacterCount(),
        filters=[strip_whitespace],
        validators=[
            Length(max=SUMMARY_MAX, message=_l("The summary must be 2,000 characters or fewer"))
        ],
    )
    submit = SubmitField(_l("Save theme"), widget=GovSubmitInput())


class MergeForm(PortalForm):
    into = RadioField(
        _l("Merge into which theme?"),
        description=_l(
            "Its answers and outcomes move to the theme you choose, and this theme is removed."
        ),
        coerce=int,
        widget=Radios(),
        validators=[InputRequired(message=_l("Select the theme to merge into"))],
    )
    submit = SubmitField(_l("Merge themes"), widget=GovSubmitInput())


class TagForm(PortalForm):
    """The themes of one answer: exactly those ticked."""

    themes = SelectMultipleField(
        _l("Themes"),
        coerce=int,
        widget=Checkboxes(),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save themes"), widget=GovSubmitInput())

    def set_themes(self, themes) -> TagForm:
        self.themes.choices = choices([(theme.id, theme.name) for theme in themes])
        return self
