"""The product's GOV.UK field widgets: govuk-frontend-wtf's, with every word in the reader's
language and with robustness against input the upstream widgets do not expect.

Forms use these rather than the upstream classes, so a fix here reaches every form.
"""

from flask_babel import gettext as _
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovPasswordInput,
    GovRadioInput,
)
from wtforms.validators import Length

DATE_FORMAT = "%d %m %Y"


def _drop_empty_hint(field, params: dict) -> dict:
    # Upstream always emits a hint for radios and checkboxes: without a description that is an
    # empty (or "None") hint that the inputs still point at with aria-describedby.
    hint = params.get("hint")
    if not hint or not (hint.get("text") or hint.get("html")):
        params.pop("hint", None)
    return params


def _add_item_hints(params: dict, hints: dict) -> dict:
    for item in params["items"]:
        hint = hints.get(item["value"])
        if hint:
            item["hint"] = {"text": str(hint)}
    return params


class Radios(GovRadioInput):
    """GOV.UK radios; ``hints`` maps an option's value to a one-line hint under it."""

    def __init__(self, hints: dict | None = None) -> None:
        self.hints = hints or {}

    def map_gov_params(self, field, **kwargs):
        params = _drop_empty_hint(field, super().map_gov_params(field, **kwargs))
        return _add_item_hints(params, self.hints)


class Checkboxes(GovCheckboxesInput):
    def __init__(self, hints: dict | None = None) -> None:
        self.hints = hints or {}

    def map_gov_params(self, field, **kwargs):
        params = _drop_empty_hint(field, super().map_gov_params(field, **kwargs))
        return _add_item_hints(params, self.hints)


class Checkbox(GovCheckboxInput):
    """One checkbox for a BooleanField."""

    def map_gov_params(self, field, **kwargs):
        return _drop_empty_hint(field, super().map_gov_params(field, **kwargs))


class CharacterCount(GovCharacterCount):
    """A textarea that tells people how much they may write, in their language. The limit is
    taken from the field's Length validator so the form and the page never disagree."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        limit = next((v.max for v in field.validators if isinstance(v, Length) and v.max > 0), None)
        if limit is not None:
            params.setdefault("maxlength", limit)
        params.update(
            {
                "textareaDescriptionText": _("You can enter up to %{count} characters"),
                "charactersUnderLimitText": {
                    "one": _("You have %{count} character remaining"),
                    "other": _("You have %{count} characters remaining"),
                },
                "charactersAtLimitText": _("You have 0 characters remaining"),
                "charactersOverLimitText": {
                    "one": _("You have %{count} character too many"),
                    "other": _("You have %{count} characters too many"),
                },
            }
        )
        return params


class Password(GovPasswordInput):
    """A password box whose show/hide button speaks the reader's language."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.update(
            {
                "showPasswordText": _("Show"),
                "hidePasswordText": _("Hide"),
                "showPasswordAriaLabelText": _("Show password"),
                "hidePasswordAriaLabelText": _("Hide password"),
                "passwordShownAnnouncementText": _("Your password is visible"),
                "passwordHiddenAnnouncementText": _("Your password is hidden"),
            }
        )
        return params


class TranslatedDateInput(GovDateInput):
    """Day, month and year boxes with labels in the reader's language.

    Upstream unpacks exactly three submitted values; a crafted request with more or fewer would
    raise, so the raw data is padded or cut to three before it renders.
    """

    def map_gov_params(self, field, **kwargs):
        raw = field.raw_data
        if raw is not None:
            field.raw_data = [*raw, "", "", ""][:3]
        try:
            params = super().map_gov_params(field, **kwargs)
        finally:
            field.raw_data = raw
        for item, label in zip(params["items"], (_("Day"), _("Month"), _("Year")), strict=True):
            item["label"] = label
            item["inputmode"] = "numeric"
        return params
