from django import forms
from django.utils.translation import gettext_lazy as _

from .rules import QUESTIONS

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class SafetyCheckForm(forms.Form):
    """The safety check's questions, most serious first (rules.QUESTIONS), each yes or no.

    Every question up to the first "yes" must be answered; the ones after it may be left, because
    the first "yes" already decides the outcome (rules.outcome_for). Someone who answers yes to
    the emergency signs gets what to do and whom to call without answering two more questions.
    HTML's `required` can't say that, so the server asks for what is missing (keeping the
    answers given)."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            field = forms.ChoiceField(
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect,
                label=question.question,
                error_messages={"required": _("Please answer yes or no.")},
            )
            field.signs = question.signs
            self.fields[question.name] = field

    def clean(self):
        data = super().clean()
        for question in QUESTIONS:
            answer = data.get(question.name)
            if answer == "yes":
                break
            if not answer and question.name not in self.errors:
                self.add_error(question.name, self.fields[question.name].error_messages["required"])
        return data

    def answers(self) -> dict[str, bool]:
        """{question name: True for yes}; a question left after a "yes" counts as no."""
        return {name: value == "yes" for name, value in self.cleaned_data.items()}
