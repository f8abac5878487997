from django import forms

from .models import BodyArea, Exercise


def with_any(label, choices):
    return [("", label), *choices]


class LibraryFilterForm(forms.Form):
    """The library's GET filters. Unknown values are dropped, never an error page."""

    q = forms.CharField(
        required=False,
        max_length=80,
        label="Search by name",
        # The widget sets the input's type; a "type" added to its attrs later is written twice.
        widget=forms.SearchInput(attrs={"placeholder": "e.g. bridge, hamstring", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        required=False, label="Kind", choices=with_any("All kinds", Exercise.Kind.choices)
    )
    area = forms.ChoiceField(required=False, label="Body area")
    position = forms.ChoiceField(
        required=False,
        label="Position",
        choices=with_any("Any position", Exercise.Position.choices),
    )
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

    def filters(self) -> dict[str, str]:
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.fields if name in self.cleaned_data}

    @property
    def active_count(self) -> int:
        return sum(1 for name, value in self.filters().items() if value and name != "q")
