"""The exercises and routines that ship with SpasmCare, kept as TOML beside this file: the
English in exercises.toml and routines.toml, each other language's words in an overlay beside
them (exercises.nl.toml, routines.nl.toml: the same slugs and order, only the words; SCHEMA.md).

Loaded with the articles by spasmcare/content.py, after every `migrate` and by
`manage.py load_content`. The words go into each language's columns (exercises/translation.py).
"""

import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation

from exercises.models import BodyArea, Exercise, Routine, RoutineStep
from exercises.translation import EXERCISE_SPOKEN, EXERCISE_TEXT
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


ROUTINE_TEXT = ("name", "purpose", "description")


def read(name: str) -> dict:
    with open(CONTENT_DIR / name, "rb") as f:
        return tomllib.load(f)


def translations() -> list[str]:
    """The languages other than English, from settings.LANGUAGES."""
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def read_overlay(name: str, language: str) -> dict:
    """`name`'s overlay in `language` ("exercises.toml", "nl" -> exercises.nl.toml), or {} when
    that language has none yet (its content then shows in English)."""
    path = CONTENT_DIR / name.replace(".toml", f".{language}.toml")
    if not path.exists():
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


def by_slug(items: list[dict]) -> dict[str, dict]:
    return {item["slug"]: item for item in items}


def per_language(fields: dict, language: str) -> dict:
    """{"name": "Bridge"} -> {"name_nl": "Bridge"}: the columns modeltranslation keeps."""
    return {f"{field}_{language}": value for field, value in fields.items()}


def exercise_text(item: dict) -> dict:
    """The words of an exercise (English or an overlay's), by field name; empty strings for the
    spoken texts an item leaves out (switching sides when it isn't done per side)."""
    fields = {**exercise_fields_text(item), **spoken_fields(item)}
    return {field: fields[field] for field in (*EXERCISE_TEXT, *EXERCISE_SPOKEN)}


def exercise_fields_text(item: dict) -> dict:
    return {
        "name": item["name"],
        "purpose": item["purpose"],
        "instructions": "\n".join(item["steps"]),
        "breathing": item["breathing"],
        "cautions": item["cautions"],
        "search_terms": item.get("search_terms", ""),
    }


def exercise_translations(slug: str, overlays: dict[str, dict]) -> dict:
    """Every other language's words for the exercise `slug`, as columns (`name_nl`…): None where
    a language has no translation of it, so it reads in English."""
    fields = {}
    for language, items in overlays.items():
        item = items.get(slug)
        text = exercise_text(item) if item else dict.fromkeys((*EXERCISE_TEXT, *EXERCISE_SPOKEN))
        fields.update(per_language(text, language))
    return fields


def untouched(row, english: dict) -> bool:
    """Whether the row's English is still as shipped: a translation of the shipped English
    fits it. One an editor has changed keeps showing the editor's English until they translate it."""
    return all((getattr(row, f"{field}_en") or "") == value for field, value in english.items())


def language_is_empty(row, fields, language: str) -> bool:
    return not any(getattr(row, f"{field}_{language}") for field in fields)


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
    """The exercise as the English file has it, by field name (the English columns)."""
    return {
        **spoken_fields(item),
        **exercise_fields_text(item),
        "kind": item["kind"],
        "hold_seconds": item.get("hold_seconds"),
        "reps": item.get("reps"),
        "rep_seconds": item.get("rep_seconds", 5),
        "per_side": item.get("per_side", False),
        "position": item["position"],
        "difficulty": item["difficulty"],
        "equipment": item["equipment"],
        "figure": f"exercises/figures/{item['slug']}.svg",
        "is_published": True,
    }


def load(update: bool = False) -> dict[str, int]:
    """Creates the shipped exercises and routines that are missing, in every language, and fills
    in a language no editor has written in (for a row whose English is as shipped). With
    `update`, puts every shipped text back, in every language. Returns how many exercises and
    routines were created or overwritten."""
    # The active language decides which column `name=` writes (modeltranslation): always English.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        return load_in_english(update)


def load_in_english(update: bool) -> dict[str, int]:
    counts = {"exercises": 0, "routines": 0}
    filled = False  # a translation filled in where none was
    languages = translations()
    area_names = {
        language: read_overlay("exercises.toml", language).get("body_areas", {}) for language in languages
    }
    areas = {}
    for order, (slug, name) in enumerate(BODY_AREAS.items()):
        names = {f"name_{language}": area_names[language].get(slug) for language in languages}
        areas[slug], created = BodyArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name, "order": order, **names}
        )
        missing = {
            field: value for field, value in names.items() if value and not getattr(areas[slug], field)
        }
        if not created and (missing if not update else names):
            BodyArea.objects.filter(pk=areas[slug].pk).update(**(names if update else missing))

    items = read("exercises.toml")["exercise"]
    overlays = {
        language: by_slug(read_overlay("exercises.toml", language).get("exercise", []))
        for language in languages
    }
    existing = {e.slug: e for e in Exercise.objects.filter(slug__in=[i["slug"] for i in items])}
    touched = {}
    for item in items:
        exercise = existing.get(item["slug"])
        fields = {
            **exercise_fields(item),
            **per_language(exercise_text(item), "en"),
            **exercise_translations(item["slug"], overlays),
        }
        if exercise is None:
            exercise = Exercise.objects.create(slug=item["slug"], **fields)
        elif update:
            for field, value in fields.items():
                setattr(exercise, field, value)
            exercise.save()
        else:
            filled |= fill_in_exercise(exercise, item, fields, languages)
            continue
        exercise.body_areas.set([areas[a] for a in item["body_areas"]])
        touched[exercise.slug] = (exercise, item)
        counts["exercises"] += 1

    by_slug_now = {e.slug: e for e in Exercise.objects.all()}
    for exercise, item in touched.values():
        exercise.easier = by_slug_now.get(item.get("easier", ""))
        exercise.harder = by_slug_now.get(item.get("harder", ""))
        exercise.save(update_fields=["easier", "harder"])

    routine_overlays = {
        language: by_slug(read_overlay("routines.toml", language).get("routine", []))
        for language in languages
    }
    for item in read("routines.toml")["routine"]:
        translated = {language: items.get(item["slug"], {}) for language, items in routine_overlays.items()}
        text = {field: item.get(field, "") for field in ROUTINE_TEXT}
        fields = {
            **text,
            **per_language(text, "en"),
            "featured_order": item.get("featured"),
            "gentle_relief": item.get("gentle_relief", False),
            "goal": item.get("goal", "everyday"),
            "role": item.get("role", ""),
            "is_published": True,
        }
        for language, overlay in translated.items():
            fields.update(per_language({field: overlay.get(field) for field in ROUTINE_TEXT}, language))
        routine = Routine.objects.filter(slug=item["slug"]).first()
        if routine is None:
            routine = Routine.objects.create(slug=item["slug"], **fields)
        elif update:
            if fields["role"] != Routine.Role.STRENGTH:
                # The shipped text back means its role back too: an editor may have moved it.
                Routine.objects.filter(role=fields["role"]).exclude(role="").update(role="")
            # rewrite(False): `name` is the original column, not the active language's (modeltranslation).
            Routine.objects.filter(pk=routine.pk).rewrite(False).update(**fields)
            routine.steps.all().delete()
        else:
            filled |= fill_in_routine(routine, item, text, translated)
            continue
        RoutineStep.objects.bulk_create(
            RoutineStep(
                routine=routine,
                exercise=by_slug_now[step["exercise"]],
                order=order,
                hold_seconds=step.get("hold_seconds"),
                reps=step.get("reps"),
                per_side=step.get("per_side"),
                rest_seconds=step.get("rest_seconds", 15),
                spoken_setup=step.get("spoken_setup", ""),
                spoken_setup_en=step.get("spoken_setup", ""),
                **step_translations(translated, order - 1),
            )
            for order, step in enumerate(item["steps"], start=1)
        )
        counts["routines"] += 1
    if any(counts.values()) or filled:
        content_changed()  # bulk writes send no signals
    return counts


def step_translations(translated: dict[str, dict], index: int) -> dict:
    """Each language's spoken setup for the routine's step at `index` (0 first), as columns."""
    fields = {}
    for language, overlay in translated.items():
        steps = overlay.get("steps", [])
        fields[f"spoken_setup_{language}"] = steps[index].get("spoken_setup") if index < len(steps) else None
    return fields


def fill_in_exercise(exercise: Exercise, item: dict, fields: dict, languages: list[str]) -> bool:
    """An exercise that exists already: what no editor has written is filled in, and nothing else."""
    changes = {}
    if not exercise.search_terms_en and item.get("search_terms"):
        # Search terms came after the first release: fill them in where no editor has.
        changes["search_terms"] = changes["search_terms_en"] = item["search_terms"]
    english = exercise_text(item)
    if untouched(exercise, {field: value for field, value in english.items() if field != "search_terms"}):
        for language in languages:
            text = {field: fields[f"{field}_{language}"] for field in english}
            if language_is_empty(exercise, english, language) and any(text.values()):
                changes.update(per_language(text, language))
    if changes:
        Exercise.objects.filter(pk=exercise.pk).rewrite(False).update(**changes)
    return bool(changes)


def fill_in_routine(routine: Routine, item: dict, english: dict, translated: dict[str, dict]) -> bool:
    """A routine that exists already: a language no editor has written in is filled in, while
    its English and its steps are as shipped."""
    steps = list(
        RoutineStep.objects.filter(routine=routine).select_related("exercise").order_by("order", "pk")
    )
    shipped_steps = [(s["exercise"], s.get("spoken_setup", "")) for s in item["steps"]]
    if (
        not untouched(routine, english)
        or [(s.exercise.slug, s.spoken_setup_en or "") for s in steps] != shipped_steps
    ):
        return False
    filled = False
    for language, overlay in translated.items():
        if not overlay or not language_is_empty(routine, english, language):
            continue
        Routine.objects.filter(pk=routine.pk).update(
            **per_language({field: overlay.get(field) for field in ROUTINE_TEXT}, language)
        )
        filled = True
        for index, step in enumerate(steps):
            setup = step_translations({language: overlay}, index)
            if any(setup.values()) and not getattr(step, f"spoken_setup_{language}"):
                RoutineStep.objects.filter(pk=step.pk).update(**setup)
    return filled
