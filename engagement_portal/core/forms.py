"""The one GOV.UK form layer: every form in the product derives from ``PortalForm``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice
from wtforms.validators import StopValidation


def strip_nul_and_controls(value):
    """PostgreSQL cannot store NUL, and C0 controls other than tab and newlines have no place in
    text people type; everything else (markup, template syntax, bidi marks) is kept as text."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in "\t\n\r" or not (ord(ch) < 32 or ord(ch) == 127))
    return value


def choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs or a mapping of value to label."""
    items = pairs.items() if hasattr(pairs, "items") else pairs
    return [SelectChoice(value, label) for value, label in items]


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


class PortalForm(FlaskForm):
    """FlaskForm (so CSRF on every POST) with input cleaned the same way everywhere."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            filters.insert(0, strip_nul_and_controls)
            options["filters"] = filters
            return unbound_field.bind(form=form, **options)


def error_summary(form, title=None) -> dict | None:
    """Parameters for govukErrorSummary: each field's first error, linked to the field."""
    items = []
    for field in form:
        if field.errors:
            first = field.errors[0]
            if isinstance(first, dict | list):
                continue
            items.append({"text": first, "href": f"#{_first_input_id(field)}"})
    if not items:
        return None
    return {"titleText": title or _l("There is a problem"), "errorList": items}


def _first_input_id(field) -> str:
    # GOV.UK markup gives a date's day box the id "<name>-day"; radios and checkboxes give their
    # first option the field's own id.
    from govuk_frontend_wtf.wtforms_widgets import GovDateInput

    if isinstance(field.widget, GovDateInput):
        return f"{field.id}-day"
    return field.id


class BlankDateIsNone:
    """For an optional GOV.UK date: all three boxes empty means no date (and no "not a valid
    date" error); anything typed must still be a real date. ``message`` replaces WTForms' own."""

    def __init__(self, message=None) -> None:
        self.message = message

    def __call__(self, form, field):
        if not any((part or "").strip() for part in field.raw_data or []):
            field.errors[:] = []
            field.data = None
            raise StopValidation()
        if field.data is None and self.message:
            field.errors[:] = []
            raise StopValidation(str(self.message))
