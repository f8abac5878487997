from django import forms

from .models import BodyArea, Exercise


def with_any(label, choices):
    return [("", label), *choices]


KIND_CHIPS = [
    (Exercise.Kind.RELIEF, "Relief"),
    (Exercise.Kind.STRETCH, "Stretch"),
    (Exercise.Kind.STRENGTH, "Strength"),
]
POSITION_CHIPS = [
    (Exercise.Position.LYING, "Lying"),
    (Exercise.Position.SITTING, "Sitting"),
    (Exercise.Position.STANDING, "Standing"),
    (Exercise.Position.HANDS_KNEES, "All fours"),
]


class LibraryFilterForm(forms.Form):
    """The library's GET filters. Unknown values are dropped, never an error page.

    Kind and position are chips (checkboxes: any number may be on, none means all); the rest
    sit behind "More filters"."""

    CHIPS = ("kind", "position")

    q = forms.CharField(required=False, max_length=80, label="Search exercises")
    kind = forms.MultipleChoiceField(
        required=False, label="Kind", choices=KIND_CHIPS, widget=forms.CheckboxSelectMultiple
    )
    position = forms.MultipleChoiceField(
        required=False, label="Position", choices=POSITION_CHIPS, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ChoiceField(required=False, label="Body area")
    difficulty = forms.ChoiceField(
        required=False,
        label="Difficulty",
        choices=with_any("Any difficulty", Exercise.Difficulty.choices),
    )
    equipment = forms.ChoiceField(
        required=False,
        label="Equipment",
        choices=with_any("Any equipment", Exercise.Equipment.choices),
    )

    def __init__(self, data, areas: list[BodyArea]):
        super().__init__(data)
        self.fields["area"].choices = with_any("All areas", [(a.slug, a.name) for a in areas])
        self.fields["q"].widget.attrs.update(
            {
                "type": "search",
                "placeholder": "e.g. cat cow, stiff neck, desk",
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        )
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
