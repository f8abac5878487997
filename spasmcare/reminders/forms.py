from datetime import time, timedelta

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from spasmcare.core.widgets import IsoTimeInput

from .models import WEEKDAY_NAMES, Reminder

KEEP_PAUSE = "keep"


def pause_label(days: int) -> str:
    """A pause of `days` days runs from today: one day is today only."""
    if days == 1:
        return _("Today only")
    if days == 2:
        return _("Today and tomorrow")
    return ngettext_lazy("For %(n)d day, from today", "For %(n)d days, from today", "n") % {"n": days}


# Lazy: each label is put into the language of the page showing it.
PAUSE_CHOICES = [("", _("Don't pause"))] + [(str(n), pause_label(n)) for n in (1, 2, 3, 5, 7, 14, 30)]


class PauseField(forms.ChoiceField):
    def valid_value(self, value):
        # "Keep" stays valid even if the pause ended between showing the form and saving it.
        return value == KEEP_PAUSE or super().valid_value(value)


class ReminderForm(forms.ModelForm):
    days = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("On these days"),
    )
    pause_days = PauseField(choices=PAUSE_CHOICES, required=False, label=_("Pause reminders"))

    class Meta:
        model = Reminder
        fields = ["enabled", "time_of_day", "email_enabled"]
        labels = {
            "enabled": _("Send me a daily reminder"),
            "time_of_day": _("At this time"),
            "email_enabled": _("By email"),
        }
        widgets = {"time_of_day": IsoTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = sorted(self.instance.weekday_set)
        # With a pause running, saving other changes keeps it unless "Don't pause" is chosen.
        paused_until = self.instance.paused_until
        if paused_until and self.instance.user_id and paused_until >= self.instance.user.local_today():
            until = date_format(paused_until, "l j F")
            self.fields["pause_days"].choices = [
                (KEEP_PAUSE, _("Keep the pause (until the end of %(day)s)") % {"day": until}),
                *PAUSE_CHOICES,
            ]
            self.fields["pause_days"].initial = KEEP_PAUSE

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("days"):
            self.add_error("days", _("Choose at least one day, or turn reminders off."))
        return cleaned

    def save(self, commit=True):
        reminder = super().save(commit=False)
        reminder.weekdays = "".join(str(d) for d in sorted(set(self.cleaned_data["days"])))
        pause = self.cleaned_data.get("pause_days")
        if "pause_days" not in self.data or pause == KEEP_PAUSE:
            pass  # a form without the choice (or "keep") leaves any pause as it is
        elif pause:
            reminder.paused_until = reminder.user.local_today() + timedelta(days=int(pause) - 1)
        else:
            reminder.paused_until = None  # "Don't pause" ends a pause that is running
        reminder.schedule()
        if commit:
            reminder.save()
        return reminder


# The first screen of a new account (reminders/welcome.html): a weekly goal and a daily reminder,
# one tap each. Everything else about reminders is on the reminders page.
WELCOME_GOALS = [
    *((n, ngettext_lazy("%(n)d day", "%(n)d days", "n") % {"n": n}) for n in (2, 3, 5)),
    (7, _("Every day")),
]
WELCOME_TIMES = [(time(8, 0), _("Morning")), (time(12, 30), _("Midday")), (time(19, 0), _("Evening"))]


class WelcomeGoalForm(forms.Form):
    weekly_goal = forms.TypedChoiceField(choices=[(n, label) for n, label in WELCOME_GOALS], coerce=int)

    def save(self, user) -> None:
        user.weekly_goal = self.cleaned_data["weekly_goal"]
        user.save(update_fields=["weekly_goal"])


class WelcomeReminderForm(forms.Form):
    time_of_day = forms.ChoiceField(choices=[(at.strftime("%H:%M"), label) for at, label in WELCOME_TIMES])

    def save(self, reminder: Reminder) -> Reminder:
        """A daily reminder by email at the chosen time, every day (it stays quiet on days
        the person has already moved), with no pause."""
        reminder.enabled = True
        reminder.email_enabled = True
        reminder.time_of_day = time.fromisoformat(self.cleaned_data["time_of_day"])
        reminder.weekdays = "0123456"
        reminder.paused_until = None
        reminder.schedule()
        reminder.save()
        return reminder
