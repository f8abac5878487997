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


# The routines someone in a spasm is sent to, kept for offline use (Routine.Role): every word of
# them and of their exercises is safety-critical, so a language is offered only when it has them
# all (tests/test_content_languages.py checks the shipped content in every language).
SAFETY_ROLES = (Routine.Role.RELIEF, Routine.Role.REST)


def safety_gaps(language: str) -> list[str]:
    """What the safety-critical routines lack in `language`, one line each
    ("spasm-relief: diaphragmatic-breathing: spoken_cues (2 of 3)"), a role no published routine
    has among them; [] when a person reading `language` gets all of it. Three queries."""
    routines = {r.role: r for r in Routine.objects.published().filter(role__in=SAFETY_ROLES).with_steps()}
    gaps = [
        f"no published routine has the {role.value} role" for role in SAFETY_ROLES if role not in routines
    ]
    for routine in routines.values():
        gaps += [f"{routine.slug}: {gap}" for gap in routine.missing_words(language)]
    return gaps
