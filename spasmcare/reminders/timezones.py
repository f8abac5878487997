"""VTIMEZONE blocks that every calendar parser reads the same way.

The icalendar library's Timezone.from_tzinfo() lists every change of offset as dates on one
RDATE line, and adds a COMMENT. Mozilla's ical.js (Thunderbird) misreads long RDATE lists,
putting a London 07:30 event at 06:30 for weeks, and libical rejects COMMENT inside VTIMEZONE.
So this module writes what the tz database's own vzic tool and most calendar servers write: one
STANDARD and one DAYLIGHT block, each with a yearly RRULE (e.g. BYMONTH=3;BYDAY=-1SU), checked
against Python's zoneinfo for years ahead. A zone whose changes follow no yearly rule gets one
block per change instead, each with a single DTSTART.
"""

import calendar
import functools
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dateutil.rrule import rrulestr
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
YEARS_CHECKED = 12


@dataclass(frozen=True)
class Change:
    onset: datetime  # naive local wall time, in the offset before the change (RFC 5545 DTSTART)
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def changes(tz: zoneinfo.ZoneInfo, start: datetime, end: datetime) -> list[Change]:
    """Every change of UTC offset in `tz` between two aware moments, to the second."""
    found = []
    moment = start
    before = moment.astimezone(tz).utcoffset()
    while moment < end:
        following = moment + timedelta(days=1)
        after = following.astimezone(tz).utcoffset()
        if after != before:
            low, high = int(moment.timestamp()), int(following.timestamp())
            while high - low > 1:  # the first second with the new offset
                middle = (low + high) // 2
                if datetime.fromtimestamp(middle, UTC).astimezone(tz).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            at = datetime.fromtimestamp(high, UTC).astimezone(tz)
            onset = (at.astimezone(UTC) + before).replace(tzinfo=None)
            found.append(
                Change(onset, before, after, at.tzname() or "", bool(at.dst() and at.dst() > timedelta(0)))
            )
            before = after
        moment = following
    return found


def _yearly_rules(change: Change) -> list[str]:
    """RRULEs that might describe this change every year, commonest form first."""
    day = change.onset.date()
    weekday = ICAL_DAYS[day.weekday()]
    nth = (day.day - 1) // 7 + 1
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    rules = []
    if day.day + 7 > days_in_month:
        rules.append(f"FREQ=YEARLY;BYMONTH={day.month};BYDAY=-1{weekday}")
    if nth <= 4:
        rules.append(f"FREQ=YEARLY;BYMONTH={day.month};BYDAY={nth}{weekday}")
    rules.append(f"FREQ=YEARLY;BYMONTH={day.month};BYMONTHDAY={day.day}")
    # "The first Sunday on or after the 2nd" (Chile), "the Friday on or after the 23rd" (Israel)
    for first in range(max(1, day.day - 6), min(day.day, days_in_month - 6) + 1):
        month_days = ",".join(str(d) for d in range(first, first + 7))
        rules.append(f"FREQ=YEARLY;BYMONTH={day.month};BYDAY={weekday};BYMONTHDAY={month_days}")
    return rules


def _rule_for(kind: list[Change]) -> str | None:
    """A yearly rule that gives exactly these onsets (one a year), or None."""
    first = kind[0]
    for rule in _yearly_rules(first):
        expected = [c.onset for c in kind]
        produced = list(rrulestr(rule, dtstart=first.onset).between(first.onset, expected[-1], inc=True))
        if produced == expected:
            return rule
    return None


def _block(change: Change, rule: str | None = None):
    block = TimezoneDaylight() if change.daylight else TimezoneStandard()
    block.add("tzname", change.name)
    block.add("tzoffsetfrom", change.offset_from)
    block.add("tzoffsetto", change.offset_to)
    block.add("dtstart", change.onset)
    if rule:
        block.add("rrule", _rule_dict(rule))
    return block


def _rule_dict(rule: str) -> dict:
    return {key.lower(): value.split(",") for key, value in (part.split("=") for part in rule.split(";"))}


def vtimezone(tzid: str, around: date) -> Timezone:
    """The VTIMEZONE for zone `tzid`, right for events from a year before `around` onwards
    (checked for YEARS_CHECKED years; later years follow the same yearly rule). Raises
    zoneinfo.ZoneInfoNotFoundError for a zone the server doesn't know."""
    return Timezone.from_ical(_vtimezone_ical(tzid, around.year))


@functools.lru_cache(maxsize=64)
def _vtimezone_ical(tzid: str, year: int) -> bytes:
    # Finding the changes takes tens of milliseconds; they only change with the year.
    tz = zoneinfo.ZoneInfo(tzid)
    start = datetime(year - 1, 1, 1, tzinfo=UTC)
    end = datetime(year + YEARS_CHECKED, 1, 1, tzinfo=UTC)
    found = changes(tz, start, end)
    component = Timezone()
    component.add("tzid", tzid)
    if not found:  # one offset all along
        offset = start.astimezone(tz).utcoffset()
        name = start.astimezone(tz).tzname() or ""
        component.add_component(_block(Change(datetime(1970, 1, 1), offset, offset, name, False)))  # noqa: DTZ001 (onset is wall time)
        return component.to_ical()
    by_kind: dict[tuple, list[Change]] = {}
    for change in found:
        by_kind.setdefault((change.daylight, change.offset_from, change.offset_to, change.name), []).append(
            change
        )
    rules = {key: _rule_for(kind) for key, kind in by_kind.items()}
    regular = all(rules.values()) and all(
        len({c.onset.year for c in kind}) == len(kind) for kind in by_kind.values()
    )
    if regular:
        for key, kind in by_kind.items():
            component.add_component(_block(kind[0], rules[key]))
    else:
        # The offset in force before the first change, then each change on its own.
        first = start.astimezone(tz)
        component.add_component(
            _block(
                Change(
                    datetime(start.year, 1, 1),  # noqa: DTZ001 (onset is wall time)
                    found[0].offset_from,
                    found[0].offset_from,
                    first.tzname() or "",
                    bool(first.dst() and first.dst() > timedelta(0)),
                )
            )
        )
        for change in found:
            component.add_component(_block(change))
    return component.to_ical()
