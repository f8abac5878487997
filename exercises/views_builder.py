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
from django.db.models import Count, Max
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from spasmcare.core.middleware import private_link

from .forms import STEP_SETTINGS, RoutineNameForm, StepFormSet, exercise_choices
from .models import (
    MAX_OWN_ROUTINES,
    MAX_STEPS,
    TOO_MANY_ROUTINES,
    TOO_MANY_STEPS,
    Exercise,
    Routine,
    RoutineStep,
)


def own_routine(request: HttpRequest, slug: str) -> Routine:
    return get_object_or_404(Routine.objects.for_user(request.user), slug=slug)


def append_step(routine: Routine, exercise: Exercise) -> RoutineStep | None:
    """The exercise at its own dose, after the routine's last step; None when the routine has
    MAX_STEPS steps already."""
    found = routine.steps.aggregate(last=Max("order"), count=Count("pk"))
    if found["count"] >= MAX_STEPS:
        return None
    return RoutineStep.objects.create(routine=routine, exercise=exercise, order=(found["last"] or 0) + 1)


def room_for_another(request: HttpRequest) -> bool:
    """Whether this person may make one more routine; if not, says why (a message)."""
    if Routine.objects.for_user(request.user).count() < MAX_OWN_ROUTINES:
        return True
    messages.error(request, TOO_MANY_ROUTINES)
    return False


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def new_routine(request: HttpRequest):
    """Name a new routine (optionally starting from one exercise), then build it."""
    exercise = Exercise.objects.published().filter(slug=request.GET.get("exercise", "")).first()
    form = RoutineNameForm(request.POST or None, initial={"name": gettext("My routine")})
    if request.method == "POST":
        exercise = Exercise.objects.published().filter(slug=request.POST.get("exercise", "")).first()
        if Routine.objects.for_user(request.user).count() >= MAX_OWN_ROUTINES:
            form.add_error(None, TOO_MANY_ROUTINES)
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
            error = gettext("Choose one of your routines, or a new one.")
            return render(
                request,
                "exercises/add_to_routine.html",
                {"exercise": exercise, "routines": routines, "error": error},
                status=400,
            )
        with transaction.atomic():
            added = append_step(routine, exercise)
            routine.save(update_fields=["updated"])
        if added is None:
            messages.error(request, TOO_MANY_STEPS)
        else:
            messages.success(
                request,
                gettext("Added %(exercise)s to %(routine)s.")
                % {"exercise": exercise.name, "routine": routine.name},
            )
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
        action = request.POST.get("action", "save")
        if form.is_valid() and formset.is_valid():
            if action == "add" and len(formset.forms) >= MAX_STEPS:
                formset.non_form_errors().append(TOO_MANY_STEPS)
            else:
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
        {
            "routine": routine,
            "form": form,
            "formset": formset,
            "exercise_choices": exercise_choices(),
            "hidden_steps": routine.hidden_steps,
        },
        status=status,
    )


@transaction.atomic
def apply_edit(routine: Routine, form, formset, action: str, post) -> tuple[str, str]:
    """Save the builder's form, then do what the pressed button asked ("save", "done", "play",
    "add", "remove-<id>", "up-<id>", "down-<id>"). Returns where to go next and what to say
    about it ("" for nothing): everything typed is saved whichever button it was.

    Steps whose exercise was taken out of the library (hidden from the builder and the player)
    keep their places: the shown steps are put in the places the shown steps had."""
    # Edits of one routine take turns (two background saves can arrive together), and the
    # steps as they are now are read after taking the turn: the formset was read before it.
    Routine.objects.select_for_update().filter(pk=routine.pk).exists()
    still_there = set(RoutineStep.objects.filter(routine=routine).values_list("pk", flat=True))
    form.save()
    shown = []
    for step_form in formset.forms:
        step = step_form.save(commit=False)
        if step.pk not in still_there:
            continue  # removed by an edit that took its turn first
        # Positions are renumbered below, all at once (Routine.place_steps).
        step.save(update_fields=STEP_SETTINGS)
        shown.append((step.order, step.pk, step))
    steps = [step for _, _, step in sorted(shown, key=lambda item: item[:2])]
    where, said = routine.get_edit_url(), gettext("Saved.")
    verb, _, pk = action.partition("-")
    index = next((i for i, s in enumerate(steps) if str(s.pk) == pk), None)
    if verb == "remove" and index is not None:
        removed = steps.pop(index)
        removed.delete()
        where, said = (
            f"{where}#steps-heading",
            gettext("Removed %(exercise)s. Saved.") % {"exercise": removed.exercise.name},
        )
    elif verb in ("up", "down") and index is not None:
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(steps):
            steps[index], steps[other] = steps[other], steps[index]
        moved = next(s for s in steps if str(s.pk) == pk)
        where = f"{where}#step-{pk}"
        said = gettext("Moved %(exercise)s to step %(step)s. Saved.") % {
            "exercise": moved.exercise.name,
            "step": steps.index(moved) + 1,
        }
    elif verb == "add":
        exercise = Exercise.objects.published().filter(slug=post.get("add_exercise", "")).first()
        if exercise:
            steps.append(RoutineStep(routine=routine, exercise=exercise))
            where, said = (
                f"{where}#add-heading",
                gettext("Added %(exercise)s as step %(step)s. Saved.")
                % {
                    "exercise": exercise.name,
                    "step": len(steps),
                },
            )
        else:
            where, said = f"{where}#add-heading", gettext("Saved. Choose an exercise to add it.")
    elif verb == "done":
        where = routine.get_absolute_url()
    elif verb == "play" and steps:
        where, said = routine.get_play_url(), ""  # the player is one screen: no notice on it
    hidden = {step.pk: step for step in routine.hidden_steps}
    shown_in_order = iter(steps)
    ordered = [
        hidden[pk] if pk in hidden else next(shown_in_order, None)
        for pk in RoutineStep.objects.filter(routine=routine)
        .order_by("order", "pk")
        .values_list("pk", flat=True)
    ]
    routine.place_steps([step for step in ordered if step is not None] + list(shown_in_order))
    routine.save(update_fields=["updated"])  # so every cached page showing it is renewed
    return where, said


@login_required
@require_POST
def swap_step(request: HttpRequest, slug: str, pk: int):
    """Put a published exercise (at its own dose) in the place of a step, or remove the step:
    offered for steps whose exercise was taken out of the library."""
    routine = own_routine(request, slug)
    step = get_object_or_404(routine.steps.select_related("exercise"), pk=pk)
    old_name = step.exercise.name
    with transaction.atomic():
        if request.POST.get("remove"):
            step.delete()
            routine.place_steps(list(RoutineStep.objects.filter(routine=routine).order_by("order", "pk")))
            messages.success(
                request,
                gettext("Removed %(exercise)s from %(routine)s.")
                % {"exercise": old_name, "routine": routine.name},
            )
        else:
            exercise = Exercise.objects.published().filter(slug=request.POST.get("exercise", "")).first()
            if exercise is None:
                messages.error(request, gettext("Choose an exercise from the list to swap in."))
                return redirect(routine.get_absolute_url())
            step.exercise, step.hold_seconds, step.reps, step.per_side = exercise, None, None, None
            step.save(update_fields=["exercise", "hold_seconds", "reps", "per_side"])
            messages.success(
                request,
                gettext("Swapped %(old)s for %(new)s, in the same place.")
                % {"old": old_name, "new": exercise.name},
            )
        routine.save(update_fields=["updated"])
    return redirect(
        request.POST.get("back") == "edit" and routine.get_edit_url() or routine.get_absolute_url()
    )


@login_required
@require_POST
def duplicate_routine(request: HttpRequest, slug: str):
    routine = get_object_or_404(Routine.objects.for_user(request.user).with_steps(), slug=slug)
    if not room_for_another(request):
        return redirect(routine.get_absolute_url())
    copy = routine.duplicate(f"{routine.name} (copy)", owner=request.user)
    messages.success(request, gettext("Made a copy: %(routine)s.") % {"routine": copy.name})
    return redirect(copy.get_edit_url())


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_routine(request: HttpRequest, slug: str):
    routine = own_routine(request, slug)
    if request.method == "POST":
        name = routine.name
        routine.delete()  # history keeps the sessions, under the routine's name
        messages.success(
            request,
            gettext("Deleted %(routine)s. Sessions you played stay in your history.") % {"routine": name},
        )
        return redirect("routines")
    return render(request, "exercises/delete_routine.html", {"routine": routine})


@login_required
@require_POST
def share_routine(request: HttpRequest, slug: str):
    """Turn the share link on (a new link each time) or off."""
    routine = own_routine(request, slug)
    if request.POST.get("share") == "off":
        routine.share_token = ""
        messages.success(request, gettext("The share link is off. Anyone who had it can no longer open it."))
    else:
        routine.share_token = secrets.token_urlsafe(16)
        messages.success(
            request, gettext("Your share link is ready. Anyone with it can see this routine and copy it.")
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
@private_link
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
        if not room_for_another(request):
            return redirect(routine.get_share_url())
        try:
            copy = routine.duplicate(routine.name, owner=request.user, copied_from=routine)
        except IntegrityError:  # the other tap of a double tap made it a moment ago
            copy = copy_of(request.user, routine)
        else:
            messages.success(
                request,
                gettext("Added %(routine)s to your routines. It's yours to change.") % {"routine": copy.name},
            )
            return redirect(copy.get_absolute_url())
    messages.info(request, f"{copy.name} is already in your routines. Here it is.")
    return redirect(copy.get_absolute_url())
