"""Small helpers that make many rows quickly, for query-count tests."""

from django.core.cache import caches

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


def exercise_admin_form(exercise: Exercise, **changes) -> dict:
    """What the admin's change form posts for `exercise` as it stands, with `changes` on top."""
    return {
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
    }
