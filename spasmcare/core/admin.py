"""Mixins every app's admin may use."""

from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.text import capfirst


class BadInputIs400:
    """Admin forms re-shown with errors answer 400, like every other form in SpasmCare."""

    def changeform_view(self, request, *args, **kwargs):
        response = super().changeform_view(request, *args, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if request.method == "POST" and context.get("errors"):
            response.status_code = 400
        return response


def looks_like_an_id(value):
    value = str(value)
    return value.isascii() and value.isdigit() and len(value) < 20 and int(value) < 2**63


class IdAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete looks the posted value up again to re-show a form with errors,
    and crashes on anything that isn't an id ("abc", "²", 2**64). Those are left out here;
    the form field itself then reports "Select a valid choice"."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if looks_like_an_id(v)], attr)


class IdAutocompleteFields:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget", IdAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class LabelledListEditable:
    """The change list's editable boxes (Published) named for the row each one changes, as a
    screen reader needs them: "Published: Cat–cow"."""

    def get_changelist_form(self, request, **kwargs):
        form_class = super().get_changelist_form(request, **kwargs)

        class LabelledRowForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{capfirst(field.label)}: {self.instance}"

        return LabelledRowForm
