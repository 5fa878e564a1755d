"""Small additions to govuk-frontend-wtf's widgets: translated date labels, and robustness
against hostile input the upstream widget does not expect."""

from flask_babel import gettext as _
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovDateInput

GovCheckbox = GovCheckboxInput

DATE_FORMAT = "%d %m %Y"


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
