from django import forms

from spasmcare.widgets import IsoTimeInput

from .models import WEEKDAY_NAMES, Reminder

PAUSE_CHOICES = [("", "Don't pause")] + [(str(n), f"For the next {n} days") for n in (1, 2, 3, 5, 7, 14, 30)]


class ReminderForm(forms.ModelForm):
    days = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="On these days",
    )
    pause_days = forms.TypedChoiceField(
        choices=PAUSE_CHOICES, coerce=int, empty_value=None, required=False, label="Pause reminders"
    )

    class Meta:
        model = Reminder
        fields = ["enabled", "time_of_day", "email_enabled"]
        labels = {
            "enabled": "Send me a daily reminder",
            "time_of_day": "At this time",
            "email_enabled": "By email",
        }
        widgets = {"time_of_day": IsoTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = sorted(self.instance.weekday_set)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("days"):
            self.add_error("days", "Choose at least one day, or turn reminders off.")
        return cleaned

    def save(self, commit=True):
        reminder = super().save(commit=False)
        reminder.weekdays = "".join(str(d) for d in sorted(set(self.cleaned_data["days"])))
        pause = self.cleaned_data.get("pause_days")
        if pause:
            from datetime import timedelta

            reminder.paused_until = reminder.user.local_today() + timedelta(days=pause - 1)
        reminder.schedule()
        if commit:
            reminder.save()
        return reminder
