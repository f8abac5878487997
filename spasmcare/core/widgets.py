"""Date and time inputs that always hold a value browsers accept.

`<input type="date">` and `type="time"` take only ISO values (2026-09-01, 07:30); anything
else, such as a localized 01/09/2026, is silently dropped by the browser. Django writes a
date in the locale's first input format, so these widgets write ISO. A value that couldn't be
read (25:99 typed by hand, a date made up in the address bar) is written back as typed in a
plain text box, next to the form's error message, so nothing typed is lost and the page stays
valid HTML.
"""

import re
from datetime import date, time

from django import forms

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")


class IsoInputMixin:
    iso_pattern: re.Pattern
    iso_parse = None

    def is_readable(self, value) -> bool:
        if not isinstance(value, str):
            return True  # a date or time object: written in ISO by format_value
        if not self.iso_pattern.fullmatch(value):
            return False
        try:
            type(self).iso_parse(value)
        except ValueError:  # 2026-02-30, 25:99
            return False
        return True

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if value not in (None, "") and not self.is_readable(value):
            context["widget"]["type"] = "text"
        return context


class IsoDateInput(IsoInputMixin, forms.DateInput):
    input_type = "date"
    iso_pattern = ISO_DATE
    iso_parse = date.fromisoformat

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class IsoTimeInput(IsoInputMixin, forms.TimeInput):
    """Hours and minutes (a reminder's time of day needs no seconds)."""

    input_type = "time"
    iso_pattern = ISO_TIME
    iso_parse = time.fromisoformat

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")
