"""Date and time inputs that always hold a value browsers accept.

`<input type="date">` and `type="time"` take only ISO values (2026-09-01, 07:30); anything
else, such as a localized 01/09/2026, is silently dropped by the browser. Django writes a
date in the locale's first input format, and writes back whatever was submitted when it
couldn't be read, so these widgets write ISO and leave out an unreadable value (the form's
error message still says what was wrong).
"""

import re
from datetime import date, time

from django import forms

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")


def _is_iso(value: str, pattern: re.Pattern, parse) -> bool:
    if not pattern.fullmatch(value):
        return False
    try:
        parse(value)
    except ValueError:  # 2026-02-30, 25:99
        return False
    return True


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str) and not _is_iso(value, ISO_DATE, date.fromisoformat):
            return None
        return super().format_value(value)


class IsoTimeInput(forms.TimeInput):
    """Hours and minutes (a reminder's time of day needs no seconds)."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")

    def format_value(self, value):
        if isinstance(value, str) and not _is_iso(value, ISO_TIME, time.fromisoformat):
            return None
        return super().format_value(value)
