"""One clock for the whole application.

Times are stored as naive UTC (SQLite has no time zones) and shown in the organisation's zone.
Statuses that depend on dates are derived at read time from ``utcnow()``, so nothing has to run
for an engagement to close; tests move the clock with ``frozen_clock``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

_frozen: dt.datetime | None = None


def utcnow() -> dt.datetime:
    if _frozen is not None:
        return _frozen
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@contextlib.contextmanager
def frozen_clock(at: dt.datetime):
    global _frozen
    previous, _frozen = _frozen, at
    try:
        yield
    finally:
        _frozen = previous


def local_zone(name: str = "Europe/London") -> ZoneInfo:
    return ZoneInfo(name)


def end_of_local_day_utc(day: dt.date, zone: str = "Europe/London") -> dt.datetime:
    """The last second of ``day`` in the organisation's zone, as naive UTC."""
    local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=ZoneInfo(zone))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def start_of_local_day_utc(day: dt.date, zone: str = "Europe/London") -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(0, 0, 0), tzinfo=ZoneInfo(zone))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def local_date(moment: dt.datetime, zone: str = "Europe/London") -> dt.date:
    return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone)).date()


def local_to_utc(day: dt.date, time: dt.time, zone: str = "Europe/London") -> dt.datetime:
    """A wall-clock date and time in the organisation's zone, as naive UTC."""
    local = dt.datetime.combine(day, time, tzinfo=ZoneInfo(zone))
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def local_time(moment: dt.datetime, zone: str = "Europe/London") -> dt.time:
    return moment.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone)).time()
