from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from spasmcare.htmx import HtmxHttpRequest

from . import search
from .caching import public_page
from .forms import LibraryFilterForm, exercise_choices
from .models import BodyArea, Exercise, Routine, RoutineStep


@require_safe
@public_page
@vary_on_headers("HX-Request")
def library(request: HtmxHttpRequest):
    areas = list(BodyArea.objects.all())
    form = LibraryFilterForm(request.GET, areas=areas)
    filters = form.filters()
    exercises = Exercise.objects.published().for_cards().matching(**filters).distinct()
    # Ranked only if the template's cached results are missing (exercises/caching.py).
    results = SimpleLazyObject(lambda: search.rank(exercises, filters.get("q", "")))
    context = {
        "form": form,
        "exercises": results,
        "areas": areas,
        "query": filters.get("q", ""),
        # Offered when nothing matches (read only then).
        "relief_routines": Routine.objects.published().relief_or_rest().order_by("-gentle_relief", "name"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        # The results, and the count on "More filters", which sits outside them.
        return HttpResponse(
            render_to_string("exercises/library.html#results", context, request)
            + render_to_string("exercises/library.html#more-count-oob", context, request)
        )
    return render(request, "exercises/library.html", context)


@require_safe
@public_page
def exercise_detail(request: HttpRequest, slug: str):
    exercise = get_object_or_404(Exercise.objects.select_related("easier", "harder"), slug=slug)
    if not exercise.is_published:
        if not RoutineStep.objects.filter(exercise=exercise).exists():
            raise Http404("No such exercise")  # a draft, never in a routine
        # Taken out of the library: an old link (a bookmark, a routine's step) says so.
        return render(request, "exercises/exercise_gone.html", {"exercise": exercise}, status=410)
    routines = Routine.objects.published().filter(steps__exercise=exercise).distinct().with_steps()
    return render(
        request,
        "exercises/exercise.html",
        {
            "exercise": exercise,
            "easier": exercise.easier if exercise.easier and exercise.easier.is_published else None,
            "harder": exercise.harder if exercise.harder and exercise.harder.is_published else None,
            "routines": routines,
        },
    )


@require_safe
@public_page
def routine_list(request: HttpRequest):
    """Relief first, then each group; a signed-in person's own routines above them all."""

    def groups():  # called only if the template's cached groups are missing (exercises/caching.py)
        routines = list(Routine.objects.published().with_steps().order_by("featured_order", "name"))
        by_goal = [(label, [r for r in routines if r.goal == goal]) for goal, label in Routine.Goal.choices]
        return [(label, rs) for label, rs in by_goal if rs]

    own = Routine.objects.for_user(request.user).with_steps().order_by("-updated")
    return render(request, "exercises/routines.html", {"groups": groups, "own_routines": own})


@require_safe
@public_page
def routine_detail(request: HttpRequest, slug: str):
    # Its steps are fetched only if the page isn't cached (Routine.step_list).
    routine = get_object_or_404(Routine.objects.playable_by(request.user), slug=slug)
    context = {"routine": routine}
    if routine.is_own:
        context.update(hidden_steps=routine.hidden_steps, exercise_choices=exercise_choices)
    return render(request, "exercises/routine.html", context)
