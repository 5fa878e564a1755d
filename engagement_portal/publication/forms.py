"""Forms commissioners use to restrict what the public sees, and to lift a restriction."""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import DateField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation

from engagement_portal.core.forms import PortalForm, choices, strip_whitespace
from engagement_portal.core.timeutil import local_to_utc, utcnow
from engagement_portal.core.widgets import DATE_FORMAT, CharacterCount, Radios, TranslatedDateInput
from engagement_portal.publication.models import RestrictionKind
from engagement_portal.publication.services import (
    KIND_LABELS,
    NOTE_MAX,
    PUBLIC_REASON_MAX,
    RestrictionDetails,
)

_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def parse_time(text: str | None) -> dt.time | None:
    """``09:00``, ``9:00`` or ``17.30`` on the 24-hour clock; None for anything else."""
    match = _TIME.match((text or "").strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class RestrictForm(PortalForm):
    kind = RadioField(
        _l("Why is it being restricted?"),
        choices=choices(KIND_LABELS),
        widget=Radios(
            hints={
                RestrictionKind.EMBARGOED: _l(
                    "It becomes public by itself when the embargo ends. Enter the date and "
                    "time below."
                ),
                RestrictionKind.SAFEGUARDING: _l(
                    "The public is only ever told that it is being reviewed."
                ),
            }
        ),
        validators=[InputRequired(message=_l("Select why it is being restricted"))],
    )
    public_reason = TextAreaField(
        _l("Reason shown to the public (optional)"),
        description=_l(
            "Shown to the public where the item is withheld. For a safeguarding hold it is "
            "always “It is being reviewed”. If you leave this empty, a standard reason for the "
            "kind of restriction is used."
        ),
        widget=CharacterCount(),
        filters=[strip_whitespace],
        validators=[
            Length(
                max=PUBLIC_REASON_MAX,
                message=_l("The public reason must be 300 characters or fewer"),
            )
        ],
    )
    internal_note = TextAreaField(
        _l("Internal note (optional)"),
        description=_l("Only staff see this. Say why, and anything the next person should know."),
        widget=CharacterCount(),
        filters=[strip_whitespace],
        validators=[
            Length(max=NOTE_MAX, message=_l("The internal note must be 2,000 characters or fewer"))
        ],
    )
    embargo_date = DateField(
        _l("Date the embargo ends"),
        description=_l("Only for an embargo. For example, 27 3 2027"),
        format=DATE_FORMAT,
        widget=TranslatedDateInput(),
    )
    embargo_time = StringField(
        _l("Time the embargo ends"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=10, message=_l("Enter a time such as 09:00 or 17:30"))],
    )
    submit = SubmitField(_l("Restrict"), widget=GovSubmitInput())

    def __init__(self, *args, zone: str = "Europe/London", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.embargo_time.description = _(
            "Only for an embargo. 24-hour clock, %(zone)s time, for example 09:00", zone=zone
        )

    @property
    def is_embargo(self) -> bool:
        return self.kind.data == RestrictionKind.EMBARGOED

    def validate_embargo_date(self, field):
        # Only an embargo has an end; for any other kind whatever was typed is ignored.
        field.errors[:] = []
        if not self.is_embargo:
            field.data = None
            raise StopValidation()
        if not any((part or "").strip() for part in field.raw_data or []):
            raise StopValidation(_("Enter the date the embargo ends"))
        if field.data is None:
            raise StopValidation(_("The date the embargo ends must be a real date"))

    def validate_embargo_time(self, field):
        if not self.is_embargo:
            return
        if not field.data:
            raise StopValidation(_("Enter the time the embargo ends, for example 09:00"))
        if parse_time(field.data) is None:
            raise StopValidation(_("Enter a time such as 09:00 or 17:30"))
        until = self.embargo_until()
        if until is not None and until <= utcnow():
            raise StopValidation(_("The embargo must end in the future"))

    def embargo_until(self) -> dt.datetime | None:
        """When the embargo ends, as naive UTC (the boxes are in the organisation's zone)."""
        time = parse_time(self.embargo_time.data)
        if not self.is_embargo or self.embargo_date.data is None or time is None:
            return None
        return local_to_utc(self.embargo_date.data, time, self.zone)

    def details(self) -> RestrictionDetails:
        return RestrictionDetails(
            kind=self.kind.data,
            public_reason=self.public_reason.data or "",
            internal_note=self.internal_note.data or "",
            embargo_until=self.embargo_until(),
        )


class LiftForm(PortalForm):
    note = TextAreaField(
        _l("Why are you lifting it?"),
        description=_l("Only staff see this. It is kept with the restriction."),
        widget=CharacterCount(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter why the restriction is being lifted")),
            Length(max=NOTE_MAX, message=_l("The note must be 2,000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Lift restriction"), widget=GovSubmitInput())
