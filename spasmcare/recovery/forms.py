from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from spasmcare.core.widgets import IsoDateInput

from . import rules
from .models import Activity, FlareUp

# A flare-up can be recorded a while after it happened, but not from before anyone would
# remember it. One day ahead allows for a phone whose time zone is ahead of the account's.
OLDEST_FLARE_UP = timedelta(days=5 * 366)
CLOCK_SLACK = timedelta(days=1)


def score_field(label: str, required: bool = False) -> forms.TypedChoiceField:
    """A 0–10 rating, drawn as a row of buttons by recovery/_scale.html."""
    return forms.TypedChoiceField(
        label=label,
        choices=[(n, str(n)) for n in rules.SCALE],
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a number from 0 to 10."),
            "invalid_choice": _("Choose a number from 0 to 10."),
        },
    )


PAIN_LABEL = _("On average over the last 7 days, how bad has your back pain been?")
ACTIVITY_HELP = "0 means you can't do it at all, 10 means as well as before your back trouble."


class ActivitiesForm(forms.Form):
    """Naming the activities for the first time: up to rules.MAX_ACTIVITIES, each with how well
    the person can do it today, and this week's pain. Makes the first check-in."""

    pain = score_field(PAIN_LABEL)

    def __init__(self, *args, ever: int = 0, slots: int = rules.MAX_ACTIVITIES, **kwargs):
        super().__init__(*args, **kwargs)
        self.ever = ever  # activities followed before, all stopped now
        self.slots = range(1, slots + 1)
        for n in self.slots:
            self.fields[f"name_{n}"] = forms.CharField(
                label=_("Activity %(n)d") % {"n": n}, max_length=80, required=n == 1, strip=True
            )
            self.fields[f"score_{n}"] = score_field(_("How well can you do it today?"))
        self.fields["name_1"].error_messages["required"] = _("Name at least one activity.")

    def rows(self):
        return [(self[f"name_{n}"], self[f"score_{n}"]) for n in self.slots]

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for n in self.slots:
            name, score = cleaned.get(f"name_{n}"), cleaned.get(f"score_{n}")
            if not name:
                if score is not None:
                    self.add_error(f"name_{n}", _("Say which activity this score is for."))
                continue
            if name.casefold() in seen:
                self.add_error(f"name_{n}", _("You have named this activity already."))
            seen.add(name.casefold())
            if score is None and f"score_{n}" not in self.errors:
                self.add_error(f"score_{n}", _("Rate how well you can do it today, from 0 to 10."))
        if self.ever + len(seen) > rules.MAX_ACTIVITIES_EVER:
            raise forms.ValidationError(
                _("You have followed %(n)d activities over time, the most SpasmCare keeps.")
                % {"n": rules.MAX_ACTIVITIES_EVER}
            )
        return cleaned

    def activities(self) -> list[tuple[str, int]]:
        return [
            (self.cleaned_data[f"name_{n}"], self.cleaned_data[f"score_{n}"])
            for n in self.slots
            if self.cleaned_data.get(f"name_{n}")
        ]


class AddActivityForm(forms.Form):
    name = forms.CharField(label=_("Another activity"), max_length=80, strip=True)
    score = score_field(_("How well can you do it today?"), required=True)

    def __init__(self, *args, followed: list[Activity], ever: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.followed = followed
        self.ever = ever  # how many activities the person has followed, stopped ones included

    def clean_name(self):
        name = self.cleaned_data["name"]
        if any(a.name.casefold() == name.casefold() for a in self.followed):
            raise forms.ValidationError(_("You follow this activity already."))
        if len(self.followed) >= rules.MAX_ACTIVITIES:
            raise forms.ValidationError(
                _("You follow %(n)d activities, the most the scale uses. Stop one first.")
                % {"n": rules.MAX_ACTIVITIES}
            )
        if self.ever >= rules.MAX_ACTIVITIES_EVER:
            raise forms.ValidationError(
                _("You have followed %(n)d activities over time, the most SpasmCare keeps.")
                % {"n": rules.MAX_ACTIVITIES_EVER}
            )
        return name


class CheckInForm(forms.Form):
    """This week's check-in: a 0–10 rating per followed activity and the week's average pain,
    each optional, at least one answered."""

    pain = score_field(PAIN_LABEL)

    def __init__(self, *args, activities: list[Activity], **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = activities
        for activity in activities:
            self.fields[f"activity_{activity.pk}"] = score_field(activity.name)

    def activity_fields(self):
        return [self[f"activity_{a.pk}"] for a in self.activities]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and all(value is None for value in cleaned.values()):
            raise forms.ValidationError(_("Answer at least one question, or choose “Not this week”."))
        return cleaned

    def scores(self) -> dict[Activity, int]:
        return {
            a: self.cleaned_data[f"activity_{a.pk}"]
            for a in self.activities
            if self.cleaned_data.get(f"activity_{a.pk}") is not None
        }


class TextOnlyDateField(forms.DateField):
    """An ISO date. A flare-up kept on the phone arrives as JSON, where a number or a list could
    stand where Django's field expects text (and would fail calling .strip() on it)."""

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, (str, date)):
            raise forms.ValidationError(_("Enter a date."), code="invalid")
        return super().to_python(value)


class ChoicesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if isinstance(value, (list, tuple)) and len(value) > 20:
            raise forms.ValidationError(_("Too many choices."), code="invalid_list")
        return super().to_python(value)


class FlareUpForm(forms.ModelForm):
    """One quick record of a flare-up. `today` is the person's own day; dates are limited to the
    last five years and at most a day ahead (a phone whose time zone is ahead)."""

    started_on = TextOnlyDateField(label=_("When did it start?"), widget=IsoDateInput())
    settled_on = TextOnlyDateField(
        label=_("When did it settle?"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Leave this empty while it hasn't."),
    )
    triggers = ChoicesField(label=_("What set it off?"), choices=FlareUp.Trigger.choices, required=False)
    helped = ChoicesField(label=_("What helped?"), choices=FlareUp.Help.choices, required=False)

    class Meta:
        model = FlareUp
        fields = ["started_on", "triggers", "helped", "settled_on", "note"]
        labels = {"note": _("Anything else (optional)")}
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "maxlength": 500})}

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["started_on"].initial = today
        for name in ("started_on", "settled_on"):
            self.fields[name].widget.attrs.update(
                min=(today - OLDEST_FLARE_UP).isoformat(), max=(today + CLOCK_SLACK).isoformat()
            )

    def _check_date(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is None:
            return None
        if day > self.today + CLOCK_SLACK:
            raise forms.ValidationError(_("That day hasn't come yet."))
        if day < self.today - OLDEST_FLARE_UP:
            raise forms.ValidationError(_("That is more than five years ago."))
        return day

    def clean_started_on(self):
        return self._check_date("started_on")

    def clean_settled_on(self):
        return self._check_date("settled_on")

    def clean_triggers(self):
        triggers = list(dict.fromkeys(self.cleaned_data["triggers"]))
        if FlareUp.Trigger.NOTHING_CLEAR in triggers and len(triggers) > 1:
            raise forms.ValidationError(
                _("Choose “Nothing clear” on its own, or the things that set it off.")
            )
        return triggers

    def clean_helped(self):
        return list(dict.fromkeys(self.cleaned_data["helped"]))

    def clean(self):
        cleaned = super().clean()
        started, settled = cleaned.get("started_on"), cleaned.get("settled_on")
        if started and settled and settled < started:
            self.add_error("settled_on", _("It can't settle before it started."))
        return cleaned


class FlareUpSyncForm(FlareUpForm):
    """The same record, sent as JSON from the phone's queue with the key made there."""

    key = forms.UUIDField(
        error_messages={
            "required": _("The flare-up has no key."),
            "invalid": _("The flare-up key is not valid."),
        }
    )

    class Meta(FlareUpForm.Meta):
        fields = [*FlareUpForm.Meta.fields, "key"]


class StartPlanForm(forms.Form):
    remind = forms.BooleanField(label=_("Remind me every day, with the plan's routine"), required=False)
