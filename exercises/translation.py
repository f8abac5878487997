"""Which words of the exercise library are kept per language (django-modeltranslation).

Each field named here gets a column per language in settings.LANGUAGES (`name_en`, `name_nl`,
`name_es`); `exercise.name` reads the active language's, and a text not yet translated reads the
English (settings.MODELTRANSLATION_FALLBACK_LANGUAGES; the page says so, exercises/translations.py).
The shipped words come from exercises/content/*.<lang>.toml. Doses, sides, positions and slugs
are the same in every language and are not listed.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import BodyArea, Exercise, Routine, RoutineStep

# What a person reads or hears of an exercise, in the order the admin shows them.
EXERCISE_TEXT = ("name", "purpose", "instructions", "breathing", "cautions", "search_terms")
EXERCISE_SPOKEN = ("spoken_name", "spoken_setup", "spoken_cues", "spoken_breathing", "spoken_switch_sides")


@register(BodyArea)
class BodyAreaTranslation(TranslationOptions):
    fields = ("name",)


@register(Exercise)
class ExerciseTranslation(TranslationOptions):
    fields = (*EXERCISE_TEXT, *EXERCISE_SPOKEN, "image_alt")


@register(Routine)
class RoutineTranslation(TranslationOptions):
    fields = ("name", "purpose", "description")


@register(RoutineStep)
class RoutineStepTranslation(TranslationOptions):
    fields = ("spoken_setup",)
