"""Small helpers that make many rows quickly, for query-count tests."""

from django.conf import settings
from django.core.cache import caches
from modeltranslation.translator import translator

from exercises.models import BodyArea, Exercise, Routine, RoutineStep


def clear_caches() -> None:
    """The worst case for a query count: no page rendered yet."""
    for cache in caches.all():
        cache.clear()


def make_exercises(count: int, prefix: str = "extra") -> list[Exercise]:
    areas = list(BodyArea.objects.all()[:2])
    exercises = Exercise.objects.bulk_create(
        Exercise(
            slug=f"{prefix}-{i}",
            name=f"{prefix.title()} stretch {i}",
            purpose="Eases a stiff lower back.",
            kind=Exercise.Kind.STRETCH if i % 2 else Exercise.Kind.STRENGTH,
            instructions="Lie down.\nBreathe out slowly.\nRelax.",
            breathing="Breathe slowly.",
            hold_seconds=20 if i % 2 else None,
            reps=None if i % 2 else 6,
            position=Exercise.Position.LYING,
            difficulty=Exercise.Difficulty.GENTLE,
            equipment=Exercise.Equipment.MAT,
            cautions="Skip this if it hurts.",
            figure="exercises/figures/knees-to-chest.svg",
            is_published=True,
        )
        for i in range(count)
    )
    Through = Exercise.body_areas.through
    Through.objects.bulk_create(Through(exercise=e, bodyarea=a) for e in exercises for a in areas)
    return exercises


def make_routine(slug: str, exercises: list[Exercise]) -> Routine:
    routine = Routine.objects.create(
        slug=slug, name=slug.replace("-", " ").title(), purpose="A long test routine.", is_published=True
    )
    RoutineStep.objects.bulk_create(
        RoutineStep(routine=routine, exercise=e, order=i, rest_seconds=5) for i, e in enumerate(exercises)
    )
    return routine


def spoken_form(exercise: Exercise) -> dict:
    """The admin form's spoken-guidance fields, filled in as the exercise stands."""
    return {
        field: getattr(exercise, field)
        for field in ("spoken_name", "spoken_setup", "spoken_cues", "spoken_breathing", "spoken_switch_sides")
    }


def with_languages(content, data: dict) -> dict:
    """An admin form's `data` as the admin posts it for content kept per language: each
    translated field once per language ("name" -> "name_en", "name_nl", "name_es"), the English
    from `data`, the other languages as `content` (an instance, or a model for an add form) has
    them; keys `data` gives per language stay."""
    posted = dict(data)
    for field in translator.get_options_for_model(
        content if isinstance(content, type) else type(content)
    ).fields:
        for code, _ in settings.LANGUAGES:
            key = f"{field}_{code}"
            if key in posted:
                continue
            if code == settings.LANGUAGE_CODE and field in data:
                posted[key] = data[field]
            elif not isinstance(content, type):
                value = getattr(content, key)
                if field == "sources":  # as the admin shows them: "Title | https://…" per line
                    value = "\n".join(f"{s['title']} | {s['url']}".removesuffix(" | ") for s in value or [])
                posted[key] = value or ""
    return posted


def exercise_admin_form(exercise: Exercise, **changes) -> dict:
    """What the admin's change form posts for `exercise` as it stands, with `changes` on top."""
    return with_languages(
        exercise,
        {
            "name": exercise.name,
            "slug": exercise.slug,
            "purpose": exercise.purpose,
            "kind": exercise.kind,
            "is_published": "on",
            "instructions": exercise.instructions,
            "breathing": exercise.breathing,
            "cautions": exercise.cautions,
            "hold_seconds": exercise.hold_seconds or "",
            "reps": exercise.reps or "",
            "rep_seconds": exercise.rep_seconds,
            "per_side": "on" if exercise.per_side else "",
            "position": exercise.position,
            "difficulty": exercise.difficulty,
            "equipment": exercise.equipment,
            "body_areas": [a.pk for a in exercise.body_areas.all()],
            "figure": exercise.figure,
            "image_alt": exercise.image_alt,
            **spoken_form(exercise),
            **changes,
        },
    )
