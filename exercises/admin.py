from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationInlineModelAdmin

from spasmcare.core.admin import BadInputIs400, IdAutocompleteFields, LabelledListEditable

from . import images
from .forms import SidesSelect, StepPositionForm
from .models import BodyArea, Exercise, Routine, RoutineStep


class ExerciseAdminForm(forms.ModelForm):
    # A plain file field: Pillow checks the upload once, in images.prepare, with messages
    # an editor can act on (Django's ImageField would give one generic error first).
    image = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": images.accept_attribute()}),
    )

    class Meta:
        model = Exercise
        fields = "__all__"
        # Also each language's field ("purpose_nl"): modeltranslation's admin copies them.
        widgets = {
            # One-line fields an editor writes a sentence in: shown whole, across the page.
            "purpose": forms.Textarea(attrs={"rows": 2, "class": "full-width"}),
            "breathing": forms.Textarea(attrs={"rows": 2, "class": "full-width"}),
            "instructions": forms.Textarea(attrs={"rows": 8, "class": "full-width"}),
            "cautions": forms.Textarea(attrs={"rows": 3, "class": "full-width"}),
            "search_terms": forms.Textarea(attrs={"rows": 2, "class": "full-width"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built from the accepted formats and the size limit, so it can't drift from them.
        self.fields["image"].help_text = images.help_text()

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.prepared_image = images.prepare(upload)
        return upload

    def language_versions(self) -> list[tuple[str, str]]:
        """(language, field suffix) for each language's words on this form: one set per language
        in the admin ("_en", "_nl", "_es"); a plain form has the English under the original
        names ("")."""
        plain = "instructions" in self.fields
        return [("en", "")] * plain + [
            (code, f"_{code}")
            for code, _name in settings.LANGUAGES
            if f"instructions_{code}" in self.fields and not (plain and code == "en")
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hold_seconds") is None and cleaned.get("reps") is None:
            raise forms.ValidationError(gettext("Give either a hold in seconds or a number of repetitions."))
        english_lines = {}
        for language, suffix in self.language_versions():
            # The same rules for every language's words: each is read and heard the same way.
            self.clean_words(cleaned, language, suffix, english_lines)
        if not cleaned.get("image") and "figure" in cleaned and cleaned.get("slug"):
            # Without an image the pages show this drawing (Exercise.figure_url); one that
            # isn't among the collected static files would break every page showing it.
            drawing = cleaned["figure"] or f"exercises/figures/{cleaned['slug']}.svg"
            try:
                static(drawing)
            except ValueError:
                self.add_error(
                    "figure",
                    f"There is no drawing at static/{drawing}. Name a shipped drawing or upload an image.",
                )
        return cleaned

    def clean_words(self, cleaned: dict, language: str, suffix: str, english_lines: dict) -> None:
        """Checks one language's words of the exercise. English needs every one; another language
        may be left empty (its readers then get the English, with a note) but once begun needs
        everything a reader sees or hears, with the English's number of steps and cues."""
        language_name = get_language_info(language)["name_translated"]  # "Dutch" in an English admin

        def text(field):
            return (cleaned.get(field + suffix) or "").strip()

        if language != "en" and not any(text(field) for field in WORDS_A_READER_NEEDS):
            for field in (*WORDS_A_READER_NEEDS, "spoken_breathing", "spoken_switch_sides"):
                if field + suffix in cleaned:
                    cleaned[field + suffix] = None  # not translated: read in English
            return
        if language != "en" and not any(name.endswith(suffix) for name in self.changed_data):
            # An editor changing the English isn't held up by a translation they didn't touch
            # (ExerciseAdmin.save_model says what it now lacks).
            return
        for field in WORDS_A_READER_NEEDS:
            if field + suffix in self.fields and not text(field) and field + suffix not in self.errors:
                self.add_error(
                    field + suffix,
                    gettext(
                        "Write this in %(language)s too, or leave all the %(language)s empty: "
                        "a page half in one language and half in another is hard to follow."
                    )
                    % {"language": language_name},
                )
        for field, ((fewest, most), (out_of_range, unlike_english)) in LINE_RULES.items():
            if field + suffix not in cleaned or not text(field):
                continue
            lines = [line.strip() for line in cleaned[field + suffix].splitlines() if line.strip()]
            cleaned[field + suffix] = "\n".join(lines)
            if language == "en":
                english_lines[field] = len(lines)
                if not fewest <= len(lines) <= most:
                    self.add_error(
                        field + suffix,
                        out_of_range % {"fewest": fewest, "most": most, "count": len(lines)},
                    )
            elif len(lines) != english_lines.get(field, len(lines)):
                self.add_error(
                    field + suffix,
                    unlike_english % {"expected": english_lines[field], "count": len(lines)},
                )
        # The voice needs these to talk someone through a hold, or from one side to the other.
        if (
            cleaned.get("reps") is None
            and "spoken_breathing" + suffix in cleaned
            and not text("spoken_breathing")
        ):
            self.add_error(
                "spoken_breathing" + suffix,
                gettext(
                    "A timed hold needs a spoken breathing pace, for example: Breathe in… and slowly out."
                ),
            )
        if (
            cleaned.get("per_side")
            and "spoken_switch_sides" + suffix in cleaned
            and not text("spoken_switch_sides")
        ):
            self.add_error(
                "spoken_switch_sides" + suffix,
                gettext(
                    "Say what to do when changing sides, for example: Lower your leg, and bring up the other one."
                ),
            )


# Fields written one item per line: how many an editor may write, and what is said when it's not that.
LINE_RULES = {
    "instructions": (
        (3, 8),
        (
            _("Write %(fewest)d to %(most)d steps, one per line (there are %(count)d)."),
            _("Write %(expected)d steps, one per line, like the English (there are %(count)d)."),
        ),
    ),
    "spoken_cues": (
        (2, 4),
        (
            _("Write %(fewest)d to %(most)d spoken cues, one per line (there are %(count)d)."),
            _("Write %(expected)d spoken cues, one per line, like the English (there are %(count)d)."),
        ),
    ),
}
# What a reader of a language sees and hears of every exercise (search words are optional).
WORDS_A_READER_NEEDS = (
    "name",
    "purpose",
    "instructions",
    "breathing",
    "cautions",
    "spoken_name",
    "spoken_setup",
    "spoken_cues",
)


def usage_sentence(exercise, links: bool = False):
    """ "Used in 2 routines: Spasm relief, Desk break; and in 12 people's own routines." """
    curated, own = exercise.routines_using()
    if not curated and not own:
        return f"{exercise.name} is in no routine."
    parts = []
    if curated:
        names = [
            format_html('<a href="{}">{}</a>', reverse("admin:exercises_routine_change", args=[r.pk]), r.name)
            if links
            else r.name
            for r in curated
        ]
        count = f"{len(curated)} routine{'s' if len(curated) != 1 else ''}"
        parts.append(format_html("{}: {}", count, format_html_join(", ", "{}", ((n,) for n in names))))
    if own:
        parts.append(f"{own} {'person' if own == 1 else 'people'}'s own routine{'s' if own != 1 else ''}")
    text = format_html_join(", and in ", "{}", ((p,) for p in parts))
    return format_html("{} is used in {}.", exercise.name, text)


def thumbnail_size(width: int | None, height: int | None, box: tuple[int, int] = (96, 60)) -> tuple[int, int]:
    """An image's size fitted inside `box` (width, height in CSS pixels), in its own
    proportions; the whole box when the size is unknown (a line drawing, drawn 16:10)."""
    if not width or not height:
        return box
    scale = min(box[0] / width, box[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


@admin.register(Exercise)
class ExerciseAdmin(LabelledListEditable, BadInputIs400, IdAutocompleteFields, TranslationAdmin):
    form = ExerciseAdminForm
    list_display = ["preview", "name", "kind", "position", "difficulty", "is_published"]
    # The name is the row's link and heading; the picture beside it says nothing a name doesn't.
    list_display_links = ["name"]
    list_filter = ["is_published", "kind", "position", "difficulty", "equipment", "body_areas"]
    list_editable = ["is_published"]
    search_fields = ["name", "purpose", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["easier", "harder"]
    filter_horizontal = ["body_areas"]
    readonly_fields = ["preview", "used_in"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["name", "slug", "purpose", "kind", "is_published", "used_in"]}),
        (_("How to do it"), {"fields": ["instructions", "breathing", "cautions"]}),
        (_("Finding it"), {"fields": ["search_terms"]}),
        (_("Dose"), {"fields": ["hold_seconds", "reps", "rep_seconds", "per_side"]}),
        (
            _("Spoken guidance"),
            {
                "description": _(
                    "What the voice says in the player, to someone who may have their eyes closed. "
                    "Short, calm sentences; write words in full, with no brackets, slashes or abbreviations."
                ),
                "fields": [
                    "spoken_name",
                    "spoken_setup",
                    "spoken_cues",
                    "spoken_breathing",
                    "spoken_switch_sides",
                ],
            },
        ),
        (_("Filters"), {"fields": ["position", "body_areas", "difficulty", "equipment"]}),
        (_("Variants"), {"fields": ["easier", "harder"]}),
        (_("Illustration"), {"fields": ["preview", "image", "image_alt", "figure"]}),
    ]

    class Media:
        css = {"all": ["admin/spasmcare-admin.css"]}
        js = ["admin/spasmcare-admin.js"]

    @admin.display(description="Used in")
    def used_in(self, obj):
        """Said before an editor unpublishes or deletes it: which routines that changes."""
        return usage_sentence(obj, links=True) if obj.pk else "—"

    def save_model(self, request, obj, form, change):
        self._save_model(request, obj, form, change)
        for code, _name in settings.LANGUAGES:
            missing = obj.missing_words(code)  # [] in English
            if missing and len(missing) < len(WORDS_A_READER_NEEDS):  # begun, not finished
                messages.warning(
                    request,
                    gettext(
                        "The %(language)s of %(exercise)s is not complete (%(missing)s): readers of "
                        "%(language)s get those parts in English, with a note, until they are translated."
                    )
                    % {
                        "language": get_language_info(code)["name_translated"],
                        "exercise": obj,
                        "missing": ", ".join(missing),
                    },
                )
        if change and "is_published" in form.changed_data and not obj.is_published:
            curated, own = obj.routines_using()
            if curated or own:
                messages.warning(
                    request,
                    f"{obj.name} is unpublished. {usage_sentence(obj)} It is left out of them when "
                    "they play (each step keeps its place, and comes back if you publish it again); "
                    "people whose own routines have it see a note offering a swap.",
                )

    def get_deleted_objects(self, objs, request):
        """Django names every protected step ("Routine step: 2. Child's pose", once per step);
        this names each routine once, and people's own routines only by how many."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            protected = [usage_sentence(exercise) for exercise in objs if any(exercise.routines_using())]
            protected.append(
                "Take it out of those routines first, or unpublish it instead: unpublishing keeps "
                "every step in its place and leaves it out when the routine plays."
            )
        return deleted, counts, perms_needed, protected

    @admin.display(description="Illustration")
    def preview(self, obj):
        if obj.pk is None:
            return "—"
        smallest = (obj.image_renditions or {}).get("jpeg") if obj.image else None
        # The smallest rendition, not the master: the list shows 50 of these at 96 px.
        src = obj.image.storage.url(smallest[0][1]) if smallest else obj.figure_url
        width, height = (
            thumbnail_size(obj.image_width, obj.image_height) if obj.image else thumbnail_size(None, None)
        )
        return format_html('<img src="{}" alt="" width="{}" height="{}">', src, width, height)

    def _save_model(self, request, obj, form, change):
        prepared = getattr(form, "prepared_image", None)
        replacing = prepared is not None or ("image" in form.changed_data and not obj.image)
        if not replacing:
            return super().save_model(request, obj, form, change)
        with transaction.atomic():
            # The files the row points at right now (locked), which the new ones replace.
            previous = Exercise.objects.select_for_update().filter(pk=obj.pk).first() if change else None
            written = images.store(obj, prepared) if prepared is not None else []
            if prepared is None:  # "Clear" ticked: back to the line drawing
                obj.image_renditions = {}
            if not any(field.startswith("image_alt") for field in form.changed_data):
                for (
                    code,
                    _name,
                ) in settings.LANGUAGES:  # it described the previous picture; the name stands in
                    setattr(obj, f"image_alt_{code}", None)
            try:
                super().save_model(request, obj, form, change)
            except BaseException:
                images.remove_files(obj.image.storage, written)
                raise
            if previous is not None:
                old = set(images.files_of(previous)) - set(written)
                images.remove_after_commit(obj.image.storage, sorted(old))

    def delete_model(self, request, obj):
        paths = images.files_of(obj)
        super().delete_model(request, obj)
        images.remove_after_commit(obj.image.storage, paths)

    def delete_queryset(self, request, queryset):
        paths = [path for exercise in queryset for path in images.files_of(exercise)]
        super().delete_queryset(request, queryset)
        if paths:
            images.remove_after_commit(Exercise._meta.get_field("image").storage, paths)


class RoutineStepForm(StepPositionForm):
    class Meta:
        model = RoutineStep
        fields = "__all__"
        widgets = {"per_side": SidesSelect, "spoken_setup": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "hold_seconds": "Hold (seconds)",
            "reps": "Repetitions",
            "per_side": "Sides",
            "rest_seconds": "Rest after (seconds)",
        }
        # Said once above the steps ("Empty: the exercise's own"), not under every box.
        help_texts = {"hold_seconds": "", "reps": "", "per_side": "", "rest_seconds": ""}


class RoutineStepInline(IdAutocompleteFields, TranslationInlineModelAdmin, SortableTabularInline):
    """Steps are put in order by dragging (django-admin-sortable2 keeps `order` hidden)."""

    model = RoutineStep
    form = RoutineStepForm
    extra = 1
    autocomplete_fields = ["exercise"]
    fields = ["exercise", "hold_seconds", "reps", "per_side", "rest_seconds", "spoken_setup"]
    # The package's template for Django 6.0 (it has none for 6.1), laid out to fit a tablet, with
    # a label on every field and Up and Down buttons a keyboard reaches (routine-steps.js).
    template = "admin/exercises/routine/steps_inline.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("exercise")


@admin.register(Routine)
class RoutineAdmin(LabelledListEditable, BadInputIs400, SortableAdminBase, TranslationAdmin):
    list_display = ["name", "step_count", "duration", "featured_order", "gentle_relief", "is_published"]
    list_editable = ["is_published"]
    list_filter = ["is_published", "gentle_relief", "goal", "role"]
    search_fields = ["name", "purpose", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoutineStepInline]
    readonly_fields = ["duration"]
    actions = ["duplicate"]
    fields = [
        "name",
        "slug",
        "purpose",
        "description",
        "goal",
        "role",
        "featured_order",
        "gentle_relief",
        "is_published",
        "duration",
    ]

    @property
    def media(self):
        # The package swaps in its own admin/js/actions.js, named per Django version, and has
        # none for 6.1; Django's own is the right one for a change form with inlines.
        media = super().media
        js = [
            "admin/js/actions.js"
            if str(getattr(item, "_path", item)).startswith("adminsortable2/js/actions-")
            else item
            for item in media._js
        ]
        return forms.Media(css=media._css, js=js) + forms.Media(
            css={"all": ["admin/spasmcare-admin.css"]},
            js=["admin/spasmcare-admin.js", "admin/routine-steps.js"],
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        name = getattr(db_field, "translated_field", db_field).name  # purpose_nl is a purpose
        if name in ("purpose", "description"):
            kwargs["widget"] = forms.Textarea(
                attrs={"rows": 2 if name == "purpose" else 4, "class": "full-width"}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        # People's own routines are their data, not content for editors.
        qs = super().get_queryset(request).filter(owner__isnull=True)
        return qs.with_steps().annotate(step_count=Count("steps"))

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoutineStep:
            return super().save_formset(request, form, formset, change)
        # Saved here rather than by the formset: dragging steps gives them each other's
        # positions, which one save at a time can't do (one step per position, a database
        # constraint); Routine.place_steps numbers them all at once.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        wanted = []
        for step_form in formset.forms:
            step = step_form.instance
            if step.pk is None and not step_form.has_changed():
                continue  # the empty row for a new step
            if formset.can_delete and formset._should_delete_form(step_form):
                if step.pk:
                    formset.deleted_objects.append(step)
                    step.delete()
                continue
            step = step_form.save(commit=False)
            if step.pk is None:
                formset.new_objects.append(step)
            else:
                if step_form.has_changed():
                    formset.changed_objects.append((step, step_form.changed_data))
                position, step.order = step.order, step_form.initial.get("order", step.order)
                step.save()
                step.order = position
            wanted.append(step)
        # Steps the form didn't carry keep their places among the others.
        shown = {step.pk for step in wanted if step.pk}
        wanted += [step for step in RoutineStep.objects.filter(routine=form.instance) if step.pk not in shown]
        wanted.sort(key=lambda step: (step.order, step.pk is None, step.pk or 0))
        form.instance.place_steps(wanted)

    @admin.display(description="Steps", ordering="step_count")
    def step_count(self, obj):
        return obj.step_count

    @admin.display(description="Total time")
    def duration(self, obj):
        if obj.pk is None:
            return "Shown once the routine has steps."
        minutes, seconds = divmod(obj.total_seconds, 60)
        return f"{minutes} min {seconds:02d} s"

    @admin.action(description="Duplicate selected routines (as drafts)")
    def duplicate(self, request, queryset):
        for routine in queryset:
            routine.duplicate(f"{routine.name} (copy)")
        count = len(queryset)
        messages.success(
            request,
            ngettext(
                "Duplicated %(n)d routine as an unpublished draft.",
                "Duplicated %(n)d routines as unpublished drafts.",
                count,
            )
            % {"n": count},
        )


@admin.register(BodyArea)
class BodyAreaAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}
