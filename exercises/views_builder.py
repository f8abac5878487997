"""A person's own routines: make one from the library, edit its steps, share, copy, delete.

They are ordinary Routine rows with an owner, so they play in the same player with the same
safety rules and are saved to history under their name. Only the owner can open one (anyone
else gets a 404), except through a share link the owner turns on: a read-only page from which
anyone can play it (signed in or not, under the same safety rules) and a signed-in person can
add one copy to their own routines.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from .forms import RoutineNameForm, StepFormSet, exercise_choices
from .models import Exercise, Routine, RoutineStep


def own_routine(request: HttpRequest, slug: str) -> Routine:
    return get_object_or_404(Routine.objects.for_user(request.user), slug=slug)


def append_step(routine: Routine, exercise: Exercise) -> RoutineStep:
    """The exercise at its own dose, after the routine's last step."""
    last = routine.steps.aggregate(last=Max("order"))["last"] or 0
    return RoutineStep.objects.create(routine=routine, exercise=exercise, order=last + 1)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new_routine(request: HttpRequest):
    """Name a new routine (optionally starting from one exercise), then build it."""
    exercise = Exercise.objects.published().filter(slug=request.GET.get("exercise", "")).first()
    form = RoutineNameForm(request.POST or None, initial={"name": "My routine"})
    if request.method == "POST":
        exercise = Exercise.objects.published().filter(slug=request.POST.get("exercise", "")).first()
        if form.is_valid():
            with transaction.atomic():
                routine = form.save(commit=False)
                routine.owner, routine.slug = request.user, Routine.new_own_slug()
                routine.save()
                if exercise:
                    append_step(routine, exercise)
            return redirect(routine.get_edit_url())
    status = 400 if form.errors else 200
    return render(request, "exercises/new_routine.html", {"form": form, "exercise": exercise}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def add_to_routine(request: HttpRequest, exercise_slug: str):
    """ "Add to my routine" from an exercise's page: pick one of your routines, or a new one."""
    exercise = get_object_or_404(Exercise.objects.published(), slug=exercise_slug)
    routines = Routine.objects.for_user(request.user).order_by("-updated")
    if request.method == "POST":
        choice = request.POST.get("routine", "")
        if choice == "new":
            return redirect(f"{reverse('new_routine')}?exercise={exercise.slug}")
        routine = routines.filter(slug=choice).first()
        if routine is None:
            error = "Choose one of your routines, or a new one."
            return render(
                request,
                "exercises/add_to_routine.html",
                {"exercise": exercise, "routines": routines, "error": error},
                status=400,
            )
        with transaction.atomic():
            append_step(routine, exercise)
            routine.save(update_fields=["updated"])
        messages.success(request, f"Added {exercise.name} to {routine.name}.")
        return redirect(routine.get_edit_url())
    return render(request, "exercises/add_to_routine.html", {"exercise": exercise, "routines": routines})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_routine(request: HttpRequest, slug: str):
    """The builder. One form holds the name and every step, so whatever button is pressed
    (save, add, move, remove) keeps what was typed. With JavaScript, moving a step happens in
    place (buttons or dragging) and is saved in the background with action=save."""
    routine = own_routine(request, slug)
    steps = routine.steps.filter(exercise__is_published=True).select_related("exercise")
    data = request.POST if request.method == "POST" else None
    form = RoutineNameForm(data, instance=routine)
    formset = StepFormSet(data, queryset=steps, prefix="steps")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            action = request.POST.get("action", "save")
            where, said = apply_edit(routine, form, formset, action, request.POST)
            if said:
                messages.success(request, said)
            return redirect(where)
        status = 400
    else:
        status = 200
    routine = Routine.objects.with_steps().get(pk=routine.pk)
    return render(
        request,
        "exercises/builder.html",
        {"routine": routine, "form": form, "formset": formset, "exercise_choices": exercise_choices()},
        status=status,
    )


@transaction.atomic
def apply_edit(routine: Routine, form, formset, action: str, post) -> tuple[str, str]:
    """Save the builder's form, then do what the pressed button asked ("save", "done", "play",
    "add", "remove-<id>", "up-<id>", "down-<id>"). Returns where to go next and what to say
    about it ("" for nothing): everything typed is saved whichever button it was."""
    form.save()
    formset.save()  # returns only the steps that changed; all of them are reordered below
    steps = [step_form.instance for step_form in formset.forms if step_form.instance.pk]
    steps.sort(key=lambda s: (s.order, s.pk))
    where, said = routine.get_edit_url(), "Saved."
    verb, _, pk = action.partition("-")
    index = next((i for i, s in enumerate(steps) if str(s.pk) == pk), None)
    if verb == "remove" and index is not None:
        removed = steps.pop(index)
        removed.delete()
        where, said = f"{where}#steps-heading", f"Removed {removed.exercise.name}. Saved."
    elif verb in ("up", "down") and index is not None:
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(steps):
            steps[index], steps[other] = steps[other], steps[index]
        moved = next(s for s in steps if str(s.pk) == pk)
        where = f"{where}#step-{pk}"
        said = f"Moved {moved.exercise.name} to step {steps.index(moved) + 1}. Saved."
    elif verb == "add":
        exercise = Exercise.objects.published().filter(slug=post.get("add_exercise", "")).first()
        if exercise:
            steps.append(RoutineStep(routine=routine, exercise=exercise))
            where, said = f"{where}#add-heading", f"Added {exercise.name} as step {len(steps)}. Saved."
        else:
            where, said = f"{where}#add-heading", "Saved. Choose an exercise to add it."
    elif verb == "done":
        where = routine.get_absolute_url()
    elif verb == "play" and steps:
        where, said = routine.get_play_url(), ""  # the player is one screen: no notice on it
    for order, step in enumerate(steps, start=1):
        if step.pk is None or step.order != order:
            step.order = order
            step.save()
    routine.save(update_fields=["updated"])  # so every cached page showing it is renewed
    return where, said


@login_required
@require_POST
def duplicate_routine(request: HttpRequest, slug: str):
    routine = get_object_or_404(Routine.objects.for_user(request.user).with_steps(), slug=slug)
    copy = routine.copy_for(request.user, f"{routine.name} (copy)")
    messages.success(request, f"Made a copy: {copy.name}.")
    return redirect(copy.get_edit_url())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_routine(request: HttpRequest, slug: str):
    routine = own_routine(request, slug)
    if request.method == "POST":
        name = routine.name
        routine.delete()  # history keeps the sessions, under the routine's name
        messages.success(request, f"Deleted {name}. Sessions you played stay in your history.")
        return redirect("routines")
    return render(request, "exercises/delete_routine.html", {"routine": routine})


@login_required
@require_POST
def share_routine(request: HttpRequest, slug: str):
    """Turn the share link on (a new link each time) or off."""
    routine = own_routine(request, slug)
    if request.POST.get("share") == "off":
        routine.share_token = ""
        messages.success(request, "The share link is off. Anyone who had it can no longer open it.")
    else:
        routine.share_token = secrets.token_urlsafe(16)
        messages.success(
            request, "Your share link is ready. Anyone with it can see this routine and copy it."
        )
    routine.save(update_fields=["share_token", "updated"])
    return redirect(routine.get_absolute_url() + "#share")


def shared_routine_or_404(token: str) -> Routine:
    return get_object_or_404(Routine.objects.shared(token).with_steps())


def copy_of(user, routine: Routine) -> Routine | None:
    """The copy this person already made of a shared routine, if any."""
    if not user.is_authenticated:
        return None
    return Routine.objects.for_user(user).filter(copied_from=routine).first()


@require_http_methods(["GET", "HEAD"])
def shared_routine(request: HttpRequest, token: str):
    """The page a share link opens: what the routine is, Start (for anyone, signed in or not)
    and, for a signed-in person, one copy of it among their own routines."""
    routine = shared_routine_or_404(token)
    return render(
        request, "exercises/shared_routine.html", {"routine": routine, "copy": copy_of(request.user, routine)}
    )


@login_required
@require_POST
def copy_shared_routine(request: HttpRequest, token: str):
    """Add a copy to the person's own routines, once: a second tap (or a second tab) finds the
    copy already made."""
    routine = shared_routine_or_404(token)
    if routine.owner_id == request.user.pk:
        return redirect(routine.get_absolute_url())
    copy = copy_of(request.user, routine)
    if copy is None:
        try:
            copy = routine.copy_for(request.user, routine.name, copied_from=routine)
        except IntegrityError:  # the other tap of a double tap made it a moment ago
            copy = copy_of(request.user, routine)
        else:
            messages.success(request, f"Added {copy.name} to your routines. It's yours to change.")
            return redirect(copy.get_absolute_url())
    messages.info(request, f"{copy.name} is already in your routines. Here it is.")
    return redirect(copy.get_absolute_url())
