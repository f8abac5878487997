from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import BodyArea, Exercise, Routine, RoutineStep


def with_any(label, choices):
    return [("", label), *choices]


KIND_CHIPS = [
    (Exercise.Kind.RELIEF, _("Relief")),
    (Exercise.Kind.STRETCH, _("Stretch")),
    (Exercise.Kind.STRENGTH, _("Strength")),
]
POSITION_CHIPS = [
    (Exercise.Position.LYING, _("Lying")),
    (Exercise.Position.SITTING, _("Sitting")),
    (Exercise.Position.STANDING, _("Standing")),
    (Exercise.Position.HANDS_KNEES, _("All fours")),
]


class LibraryFilterForm(forms.Form):
    """The library's GET filters. Unknown values are dropped, never an error page.

    Kind and position are chips (checkboxes: any number may be on, none means all); the rest
    sit behind "More filters"."""

    CHIPS = ("kind", "position")

    q = forms.CharField(
        required=False,
        max_length=80,
        label=_("Search exercises"),
        # The widget sets the input's type; a "type" added to its attrs later is written twice.
        widget=forms.SearchInput(
            attrs={
                "placeholder": _("e.g. cat cow, stiff neck, desk"),
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )
    kind = forms.MultipleChoiceField(
        required=False, label=_("Kind"), choices=KIND_CHIPS, widget=forms.CheckboxSelectMultiple
    )
    position = forms.MultipleChoiceField(
        required=False, label=_("Position"), choices=POSITION_CHIPS, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ChoiceField(required=False, label=_("Body area"))
    difficulty = forms.ChoiceField(
        required=False,
        label=_("Difficulty"),
        choices=with_any(_("Any difficulty"), Exercise.Difficulty.choices),
    )
    equipment = forms.ChoiceField(
        required=False,
        label=_("Equipment"),
        choices=with_any(_("Any equipment"), Exercise.Equipment.choices),
    )

    def __init__(self, data, areas: list[BodyArea]):
        super().__init__(data)
        self.fields["area"].choices = with_any(_("All areas"), [(a.slug, a.name) for a in areas])
        for field in self.more_fields:
            field.field.widget.attrs["form"] = "library-filters"  # they sit outside the <form>

    def filters(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data[name] for name in self.fields if name in self.cleaned_data}

    @property
    def chip_fields(self):
        return [self[name] for name in self.CHIPS]

    @property
    def more_fields(self):
        return [self[name] for name in self.fields if name not in ("q", *self.CHIPS)]

    @property
    def more_count(self) -> int:
        """How many of the filters behind "More filters" are on."""
        filters = self.filters()
        return sum(1 for field in self.more_fields if filters.get(field.name))


class SidesSelect(forms.NullBooleanSelect):
    """RoutineStep.per_side for editors (Django's default says "Unknown / Yes / No")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("unknown", _("As set on the exercise")),
            ("false", _("Both sides together")),
            ("true", _("Each side in turn")),
        ]


class StepPositionForm(forms.ModelForm):
    """A routine step's form whose position may be one another step holds until the save:
    positions are all renumbered at once then (Routine.place_steps), so the one-step-per-position
    constraint is left to that, not checked step by step here."""

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), "order"}


SIDES_CHOICES = [("false", _("Both sides together")), ("true", _("Each side in turn"))]


class RoutineNameForm(forms.ModelForm):
    class Meta:
        model = Routine
        fields = ["name"]
        labels = {"name": _("Name of your routine")}
        error_messages = {"name": {"required": _("Give your routine a name, such as “Morning stretch”.")}}


# What a person may set per step. Wide enough for any sensible programme, narrow enough that a
# mistyped extra zero is caught.
HOLD_RANGE = (5, 300)
REPS_RANGE = (1, 30)
REST_RANGE = (0, 120)


# The fields of a step that its form sets, other than its position.
STEP_SETTINGS = ["hold_seconds", "reps", "per_side", "rest_seconds"]


class StepForm(StepPositionForm):
    """One step of a person's own routine: hold (seconds) or repetitions, sides, rest."""

    amount = forms.IntegerField()
    # Always one of the two, shown as the step plays now; stored as "the exercise's own" (None)
    # when it matches the exercise, so a later change to the exercise still reaches this step.
    per_side = forms.TypedChoiceField(
        label=_("Sides"), choices=SIDES_CHOICES, coerce=lambda value: value == "true"
    )
    rest_seconds = forms.IntegerField(
        label=_("Rest after (seconds)"), min_value=REST_RANGE[0], max_value=REST_RANGE[1]
    )

    class Meta:
        model = RoutineStep
        fields = ["order", "per_side", "rest_seconds"]
        widgets = {"order": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        step = self.instance
        if step.exercise_id is None:
            # Only a hand-made request has more step forms than the routine has steps; the
            # formset refuses them (validate_max), so this form need only not crash.
            del self.fields["amount"]
            return
        amount = self.fields["amount"]
        if step.exercise.is_timed:
            amount.label, (amount.min_value, amount.max_value) = _("Hold (seconds)"), HOLD_RANGE
            amount.initial = step.hold
        else:
            amount.label, (amount.min_value, amount.max_value) = (
                pgettext_lazy("how many repetitions", "Times"),
                REPS_RANGE,
            )
            amount.initial = step.rep_count
        amount.validators = [
            MinValueValidator(amount.min_value),
            MaxValueValidator(amount.max_value),
        ]
        amount.widget.attrs.update(min=amount.min_value, max=amount.max_value, inputmode="numeric")
        self.fields["rest_seconds"].widget.attrs["inputmode"] = "numeric"
        self.initial["per_side"] = "true" if step.sides == 2 else "false"

    def save(self, commit=True):
        step = super().save(commit=False)
        if "amount" not in self.cleaned_data:
            return step
        if step.exercise.is_timed:
            step.hold_seconds, step.reps = self.cleaned_data["amount"], None
        else:
            step.reps, step.hold_seconds = self.cleaned_data["amount"], None
        if step.per_side == step.exercise.per_side:
            step.per_side = None
        if commit:
            step.save()
        return step


OUT_OF_DATE = _("This page was out of date. Reload it to see your routine as it is now.")


class BaseStepFormSet(forms.BaseModelFormSet):
    default_error_messages = {
        "too_many_forms": OUT_OF_DATE,
        "too_few_forms": OUT_OF_DATE,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # New steps come through "Add", never as extra forms; a request claiming more forms
        # than the routine has steps (steps-TOTAL_FORMS=10000000) builds no more than that.
        steps = len(self.get_queryset())
        self.max_num, self.validate_max, self.absolute_max = steps, True, steps

    def clean(self):
        super().clean()
        # A step that isn't one of this routine's (removed in another tab, or made up) matches
        # no row here; Django would quietly skip it.
        if any(form.instance.pk is None for form in self.forms):
            raise forms.ValidationError(OUT_OF_DATE)


StepFormSet = forms.modelformset_factory(RoutineStep, form=StepForm, formset=BaseStepFormSet, extra=0)


def exercise_choices() -> list:
    """Published exercises grouped by kind, for the builder's "Add an exercise" select."""
    exercises = Exercise.objects.published().only("slug", "name", "kind")
    groups = {label: [] for _, label in Exercise.Kind.choices}
    for exercise in exercises:
        groups[exercise.get_kind_display()].append((exercise.slug, exercise.name))
    return [("", _("Choose an exercise…")), *[(label, items) for label, items in groups.items() if items]]
