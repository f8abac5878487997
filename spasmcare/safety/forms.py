from django import forms
from django.utils.translation import gettext_lazy as _

from .rules import QUESTIONS

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class SafetyCheckForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            field = forms.ChoiceField(
                choices=YES_NO,
                widget=forms.RadioSelect,
                label=question.question,
                error_messages={"required": _("Please answer yes or no.")},
            )
            field.signs = question.signs
            self.fields[question.name] = field

    def answers(self) -> dict[str, bool]:
        return {name: value == "yes" for name, value in self.cleaned_data.items()}
