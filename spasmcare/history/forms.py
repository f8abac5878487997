import math
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spasmcare.core.widgets import IsoDateInput
from spasmcare.safety import rules as safety

from .models import CompletedSession

MAX_EVENTS = 50
EVENT_KEYS = {
    "type", "step", "exercise", "pain", "start", "change", "sharp", "numbness", "level", "action", "at", "to",
}  # fmt: skip
# A phone's clock that is off by less than this is left alone: the time a request spends on the
# way is not worth correcting for. A larger difference is the phone's clock being wrong.
CLOCK_TOLERANCE = timedelta(minutes=2)


def is_simple(value) -> bool:
    """Short text, a number or nothing. The database refuses NaN and Infinity (not JSON), and
    PostgreSQL refuses NUL characters."""
    if isinstance(value, str):
        return len(value) <= 200 and "\x00" not in value
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (int, type(None)))


def hurt_level(event: dict) -> str | None:
    """The traffic-light level of a "This hurts" rating, worked out again here from the same rule
    the player used, so a saved session always agrees with the safety rules (None if unrated)."""

    def rating(value):
        return value if type(value) is int and value in safety.PAIN_SCALE else None

    pain, start = rating(event.get("pain")), rating(event.get("start"))
    sharp, numbness = event.get("sharp") is True, event.get("numbness") is True
    change = event.get("change") if event.get("change") in safety.CHANGES else None
    if pain is None and not (sharp or numbness):
        return None
    return safety.traffic_light(start, pain or 0, sharp=sharp, numbness=numbness, change=change)


class MomentField(forms.DateTimeField):
    """An ISO 8601 date and time. The payload is JSON, so a number or a list can arrive where
    Django's field expects text (and would crash calling .strip() on it)."""

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, str):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class SessionForm(forms.Form):
    """What the player sends when a routine ends. Validates everything a browser could get wrong
    or a stranger could forge, with messages a person can read."""

    key = forms.UUIDField(
        error_messages={
            "required": _("The session has no key."),
            "invalid": _("The session key is not valid."),
        }
    )
    routine = forms.SlugField(required=False, max_length=50)
    started_at = MomentField()
    ended_at = MomentField()
    # The phone's clock at the moment it sent this (a queued session may be sent days later):
    # the difference from the server's clock is the phone's error, taken off both times above.
    sent_at = MomentField(required=False)
    active_seconds = forms.IntegerField(min_value=0, max_value=6 * 3600, required=False)
    steps_done = forms.IntegerField(min_value=0, max_value=200)
    steps_total = forms.IntegerField(min_value=1, max_value=200)
    pain_before = forms.IntegerField(min_value=0, max_value=10, required=False)
    pain_after = forms.IntegerField(min_value=0, max_value=10, required=False)
    feeling = forms.ChoiceField(choices=[("", "")] + CompletedSession.Feeling.choices, required=False)
    note = forms.CharField(max_length=2000, required=False)
    events = forms.JSONField(required=False)

    def clean_events(self):
        events = self.cleaned_data.get("events") or []
        if not isinstance(events, list) or len(events) > MAX_EVENTS:
            raise forms.ValidationError(_("Events must be a short list."))
        clean = []
        for event in events:
            if not isinstance(event, dict):
                raise forms.ValidationError(_("Each event must be an object."))
            item = {k: v for k, v in event.items() if k in EVENT_KEYS}
            if not all(is_simple(v) for v in item.values()):
                raise forms.ValidationError(_("An event has a value that is too long or not a simple value."))
            if item.get("type") == "hurt":
                item["level"] = hurt_level(item)
            clean.append(item)
        return clean

    def clean(self):
        """Times are put right for a phone whose clock is wrong (see sent_at). A long pause is
        not an error: a routine paused overnight and ended in the morning is saved as it was."""
        cleaned = super().clean()
        started, ended, sent = cleaned.get("started_at"), cleaned.get("ended_at"), cleaned.get("sent_at")
        now = timezone.now()
        if started and ended:
            if ended < started:
                raise forms.ValidationError(_("The session ends before it starts."))
            if sent and abs(now - sent) > CLOCK_TOLERANCE:
                started, ended = started + (now - sent), ended + (now - sent)
                cleaned["started_at"], cleaned["ended_at"] = started, ended
            if ended > now + timedelta(hours=1):
                raise forms.ValidationError(_("The session ends in the future; check the phone's clock."))
            if started < now - timedelta(days=366):
                raise forms.ValidationError(_("The session is more than a year old."))
        done, total = cleaned.get("steps_done"), cleaned.get("steps_total")
        if done is not None and total is not None and done > total:
            raise forms.ValidationError(_("More steps done than the routine has."))
        return cleaned


NOT_RATED = ""


class PainField(forms.TypedChoiceField):
    """A pain rating from 0 (none) to 10 (worst), or not rated (None)."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=[*((n, str(n)) for n in range(11)), (NOT_RATED, "–")],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            **kwargs,
        )


class SessionEditForm(forms.ModelForm):
    """What a person may correct after saving: the pain ratings, how it felt and the note. When
    it was and what was done stay as the player recorded them."""

    pain_before = PainField(label=_("Pain before"))
    pain_after = PainField(label=_("Pain after"))
    feeling = forms.ChoiceField(
        label=_("How it felt"),
        choices=[*CompletedSession.Feeling.choices, ("", _("Not said"))],
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CompletedSession
        fields = ["pain_before", "pain_after", "feeling", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}
        error_messages = {
            "note": {"max_length": _("Keep the note under 2,000 characters (it has %(show_value)d).")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons with nothing checked post nothing; "not rated" is the empty choice.
        for name in ("pain_before", "pain_after", "feeling"):
            if self.initial.get(name) is None:
                self.initial[name] = NOT_RATED


class SummaryRangeForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=IsoDateInput())
    end = forms.DateField(label=_("To"), widget=IsoDateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned
