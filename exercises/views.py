from django.http import HttpRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from spasmcare.history import suggestions
from spasmcare.history.models import CompletedSession, last_logged_pain
from spasmcare.htmx import HtmxHttpRequest
from spasmcare.learn import safety

from .caching import public_page
from .forms import LibraryFilterForm
from .models import BodyArea, Exercise, Routine


@require_GET
def home(request: HttpRequest):
    user = request.user if request.user.is_authenticated else None
    return render(
        request,
        "home.html",
        {
            "routines": Routine.objects.published().featured().with_steps(),
            "suggestion": suggestions.todays_suggestion(user),
            "persistent_pain": suggestions.persistent_pain(user) if user else None,
            "safety": safety.read_state(request),
        },
    )


@require_GET
@public_page
@vary_on_headers("HX-Request")
def library(request: HtmxHttpRequest):
    areas = list(BodyArea.objects.all())
    form = LibraryFilterForm(request.GET, areas=areas)
    exercises = Exercise.objects.published().for_cards().matching(**form.filters()).distinct()
    context = {"form": form, "exercises": exercises, "areas": areas}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "exercises/library.html#results", context)
    return render(request, "exercises/library.html", context)


@require_GET
@public_page
def exercise_detail(request: HttpRequest, slug: str):
    exercise = get_object_or_404(Exercise.objects.published().select_related("easier", "harder"), slug=slug)
    routines = (
        Routine.objects.published()
        .filter(steps__exercise=exercise)
        .distinct()
        .with_steps()
    )
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


@require_GET
@public_page
def routine_list(request: HttpRequest):
    routines = Routine.objects.published().with_steps()
    return render(request, "exercises/routines.html", {"routines": routines})


@require_GET
@public_page
def routine_detail(request: HttpRequest, slug: str):
    routine = get_object_or_404(Routine.objects.published(), slug=slug)
    return render(request, "exercises/routine.html", {"routine": routine})


def has_relief_check(request: HttpRequest) -> bool:
    return bool(request.get_signed_cookie(safety.RELIEF_COOKIE, default="", max_age=60 * 60 * 12))


@require_GET
def play(request: HttpRequest, slug: str):
    routine = get_object_or_404(Routine.objects.published(), slug=slug)
    state = safety.read_state(request)
    from_relief = request.GET.get("from") == "relief"
    blocked = state.blocks(routine)
    if blocked in ("first", "relief-only") and routine.gentle_relief and has_relief_check(request):
        blocked = ""  # the one-tap emergency check on /relief/ covers the relief routines
    user = request.user if request.user.is_authenticated else None
    return render(
        request,
        "exercises/play.html",
        {
            "routine": routine,
            "account_prefs": user.cue_prefs if user else None,
            "last_pain": last_logged_pain(user) if user else None,
            "blocked": blocked,
            "from_relief": from_relief,
            "relief_routines": Routine.objects.published().gentle_relief()
            if blocked == "relief-only"
            else [],
            "pain_values": range(11),
            "feelings": CompletedSession.Feeling.choices,
        },
    )
