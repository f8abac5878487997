"""The exercises and routines that ship with SpasmCare, kept as TOML beside this file.

Loaded with the articles by spasmcare/content.py, after every `migrate` and by
`manage.py load_content`.
"""

import tomllib
from pathlib import Path

from django.db import transaction

from exercises.models import BodyArea, Exercise, Routine, RoutineStep
from spasmcare.core.caching import content_changed

CONTENT_DIR = Path(__file__).resolve().parent

BODY_AREAS = {
    "lower-back": "Lower back",
    "upper-back": "Upper back",
    "neck-shoulders": "Neck and shoulders",
    "hips": "Hips",
    "glutes": "Glutes",
    "hamstrings": "Back of the thighs",
    "core": "Core",
    "whole-body": "Whole body",
}


def read(name: str) -> dict:
    with open(CONTENT_DIR / name, "rb") as f:
        return tomllib.load(f)


def spoken_fields(item: dict) -> dict:
    spoken = item.get("spoken", {})
    return {
        "spoken_name": spoken.get("name", ""),
        "spoken_setup": spoken.get("setup", ""),
        "spoken_cues": "\n".join(spoken.get("cues", [])),
        "spoken_breathing": spoken.get("breathing", ""),
        "spoken_switch_sides": spoken.get("switch_sides", ""),
    }


def exercise_fields(item: dict) -> dict:
    return {
        **spoken_fields(item),
        "name": item["name"],
        "purpose": item["purpose"],
        "kind": item["kind"],
        "instructions": "\n".join(item["steps"]),
        "breathing": item["breathing"],
        "hold_seconds": item.get("hold_seconds"),
        "reps": item.get("reps"),
        "rep_seconds": item.get("rep_seconds", 5),
        "per_side": item.get("per_side", False),
        "position": item["position"],
        "difficulty": item["difficulty"],
        "equipment": item["equipment"],
        "cautions": item["cautions"],
        "search_terms": item.get("search_terms", ""),
        "figure": f"exercises/figures/{item['slug']}.svg",
        "is_published": True,
    }


@transaction.atomic
def load(update: bool = False) -> dict[str, int]:
    counts = {"exercises": 0, "routines": 0}
    areas = {}
    for order, (slug, name) in enumerate(BODY_AREAS.items()):
        areas[slug], _ = BodyArea.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})

    items = read("exercises.toml")["exercise"]
    existing = {e.slug: e for e in Exercise.objects.filter(slug__in=[i["slug"] for i in items])}
    touched = {}
    for item in items:
        exercise = existing.get(item["slug"])
        if exercise is None:
            exercise = Exercise.objects.create(slug=item["slug"], **exercise_fields(item))
        elif update:
            for field, value in exercise_fields(item).items():
                setattr(exercise, field, value)
            exercise.save()
        else:
            if not exercise.search_terms and item.get("search_terms"):
                # Search terms came after the first release: fill them in where no editor has.
                Exercise.objects.filter(pk=exercise.pk).update(search_terms=item["search_terms"])
            continue
        exercise.body_areas.set([areas[a] for a in item["body_areas"]])
        touched[exercise.slug] = (exercise, item)
        counts["exercises"] += 1

    by_slug = {e.slug: e for e in Exercise.objects.all()}
    for exercise, item in touched.values():
        exercise.easier = by_slug.get(item.get("easier", ""))
        exercise.harder = by_slug.get(item.get("harder", ""))
        exercise.save(update_fields=["easier", "harder"])

    for item in read("routines.toml")["routine"]:
        fields = {
            "name": item["name"],
            "purpose": item["purpose"],
            "description": item.get("description", ""),
            "featured_order": item.get("featured"),
            "gentle_relief": item.get("gentle_relief", False),
            "goal": item.get("goal", "everyday"),
            "role": item.get("role", ""),
            "is_published": True,
        }
        routine = Routine.objects.filter(slug=item["slug"]).first()
        if routine is None:
            routine = Routine.objects.create(slug=item["slug"], **fields)
        elif update:
            if fields["role"] != Routine.Role.STRENGTH:
                # The shipped text back means its role back too: an editor may have moved it.
                Routine.objects.filter(role=fields["role"]).exclude(role="").update(role="")
            Routine.objects.filter(pk=routine.pk).update(**fields)
            routine.steps.all().delete()
        else:
            continue
        RoutineStep.objects.bulk_create(
            RoutineStep(
                routine=routine,
                exercise=by_slug[step["exercise"]],
                order=order,
                hold_seconds=step.get("hold_seconds"),
                reps=step.get("reps"),
                per_side=step.get("per_side"),
                rest_seconds=step.get("rest_seconds", 15),
                spoken_setup=step.get("spoken_setup", ""),
            )
            for order, step in enumerate(item["steps"], start=1)
        )
        counts["routines"] += 1
    if any(counts.values()):
        content_changed()  # bulk writes send no signals
    return counts
