import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from spasmcare.core.http import download_headers, json_object, spreadsheet_safe
from spasmcare.history.models import is_owner_tag

from . import export, flareups, plan, rules
from .forms import (
    ACTIVITY_HELP,
    ActivitiesForm,
    AddActivityForm,
    CheckInForm,
    FlareUpForm,
    FlareUpSyncForm,
    StartPlanForm,
)
from .models import Activity, CheckIn, FlareUp, Plan, follow, record_check_in
from .suggestions import todays_suggestion


def history_url() -> str:
    """The recovery part of the history page, where every change here is seen."""
    return reverse("history") + "#recovery"


# ---- Function goals and the weekly check-in ----


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def activities(request: HttpRequest):
    """The activities a person follows: named the first time with the first check-in, then
    added or stopped one at a time."""
    user = request.user
    followed = list(Activity.objects.for_user(user).followed())
    first_time = not followed
    form_class = ActivitiesForm if first_time else AddActivityForm
    ever = Activity.objects.for_user(user).count()
    kwargs = {"ever": ever} if first_time else {"followed": followed, "ever": ever}
    form = form_class(request.POST if request.method == "POST" else None, **kwargs)
    if request.method == "POST":
        if form.is_valid():
            today = user.local_today()
            if first_time:
                follow(user, today, form.activities(), form.cleaned_data["pain"])
                messages.success(
                    request, _("Saved. We'll ask how they are going once a week, here in your history.")
                )
            else:
                (activity,) = follow(user, today, [(form.cleaned_data["name"], form.cleaned_data["score"])])
                messages.success(request, _("Added “%(activity)s”.") % {"activity": activity.name})
            return redirect(history_url())
        status = 400
    else:
        status = 200
    return render(
        request,
        "recovery/activities.html",
        {
            "form": form,
            "first_time": first_time,
            "followed": followed,
            "max": rules.MAX_ACTIVITIES,
            "suggested": rules.SUGGESTED_ACTIVITIES,
            "sources": rules.SOURCES,
        },
        status=status,
    )


@require_POST
@login_required
def stop_activity(request: HttpRequest, pk: int):
    activity = get_object_or_404(Activity.objects.for_user(request.user).followed(), pk=pk)
    activity.stopped_on = request.user.local_today()
    activity.save(update_fields=["stopped_on"])
    messages.success(
        request,
        _("Stopped following “%(activity)s”. Its ratings stay in your export.") % {"activity": activity.name},
    )
    return redirect("recovery_activities")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def check_in(request: HttpRequest):
    user = request.user
    followed = list(Activity.objects.for_user(user).followed())
    form = CheckInForm(request.POST if request.method == "POST" else None, activities=followed)
    if request.method == "POST":
        if form.is_valid():
            record_check_in(user, user.local_today(), form.cleaned_data["pain"], form.scores())
            messages.success(request, _("Check-in saved."))
            return redirect(history_url())
        status = 400
    else:
        status = 200
    return render(
        request,
        "recovery/check_in.html",
        {
            "form": form,
            "activity_help": ACTIVITY_HELP,
        },
        status=status,
    )


@require_POST
@login_required
def skip_check_in(request: HttpRequest):
    """Skipping this week's check-in: the question waits another week. An answer already given
    today stays."""
    CheckIn.objects.get_or_create(
        user=request.user, local_date=request.user.local_today(), defaults={"skipped": True}
    )
    messages.success(request, _("No problem. We'll ask again next week."))
    return redirect(history_url())


# ---- Flare-ups ----


def no_room_for_flare_ups(user, form) -> bool:
    """True, with the reason on the form, when the person keeps as many as SpasmCare takes."""
    if FlareUp.objects.for_user(user).count() < rules.MAX_FLARE_UPS:
        return False
    form.add_error(
        None,
        _("You have %(n)d flare-ups recorded, the most SpasmCare keeps. Delete old ones to add more.")
        % {"n": rules.MAX_FLARE_UPS},
    )
    return True


@require_safe
@login_required
def flare_up_list(request: HttpRequest):
    rows = list(FlareUp.objects.for_user(request.user)[:500])
    return render(
        request, "recovery/flare_ups.html", {"flare_ups": rows, "patterns": flareups.patterns(rows)}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def new_flare_up(request: HttpRequest):
    """Open to everyone. Signed in, the form saves here; signed out, the page's script keeps the
    record on the phone (static/js/sessions.js's queue) until the person logs in or signs up.
    Without the script, a signed-out visitor is asked to log in first (401), answers kept."""
    user = request.user
    today = user.local_today() if user.is_authenticated else timezone.localdate()
    # From the relief routine's finish screen: it helped, or they wouldn't be noting it now.
    initial = {"helped": [FlareUp.Help.RELIEF_ROUTINE]} if request.GET.get("after") == "relief" else {}
    form = FlareUpForm(request.POST if request.method == "POST" else None, today=today, initial=initial)
    status = 200
    if request.method == "POST":
        if not user.is_authenticated:
            status = 401
        elif form.is_valid() and no_room_for_flare_ups(user, form):
            status = 400
        elif form.is_valid():
            flare_up = form.save(commit=False)
            flare_up.user = user
            flare_up.save()
            messages.success(request, _("Flare-up saved."))
            return redirect("flare_up", pk=flare_up.pk)
        else:
            status = 400
    return render(
        request,
        "recovery/flare_up.html",
        {"form": form, "flare_up": None, "needs_account": status == 401},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def flare_up(request: HttpRequest, pk: int):
    flare_up = get_object_or_404(FlareUp.objects.for_user(request.user), pk=pk)
    form = FlareUpForm(
        request.POST if request.method == "POST" else None,
        instance=flare_up,
        today=request.user.local_today(),
    )
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Flare-up saved."))
            return redirect("flare_up", pk=flare_up.pk)
        status = 400
    else:
        status = 200
    running = Plan.objects.for_user(request.user).running().exists()
    return render(
        request,
        "recovery/flare_up.html",
        {"form": form, "flare_up": flare_up, "plan_running": running},
        status=status,
    )


@require_POST
@login_required
def flare_up_settled(request: HttpRequest, pk: int):
    """One tap: it settled today."""
    flare_up = get_object_or_404(FlareUp.objects.for_user(request.user), pk=pk, settled_on__isnull=True)
    flare_up.settled_on = max(request.user.local_today(), flare_up.started_on)
    flare_up.save(update_fields=["settled_on", "updated"])
    messages.success(request, _("Glad it has settled. A plan can help keep the next one away."))
    return redirect("flare_up", pk=flare_up.pk)


@require_POST
@login_required
def delete_flare_up(request: HttpRequest, pk: int):
    flare_up = get_object_or_404(FlareUp.objects.for_user(request.user), pk=pk)
    flare_up.delete()
    messages.success(
        request, _("Deleted the flare-up from %(day)s.") % {"day": date_format(flare_up.started_on, "j F")}
    )
    return redirect(history_url())


@require_POST
def sync_flare_up(request: HttpRequest):
    """A flare-up kept on the phone arrives here (JSON), the way finished sessions reach
    history.views.save_session: idempotent on the browser-made key, 401 when signed out, 400
    for anything that isn't a valid flare-up, 409 when it was kept for another account."""
    if not request.user.is_authenticated:
        return JsonResponse({"message": _("Log in or create an account to save flare-ups.")}, status=401)
    payload = json_object(request)
    if payload is None:
        return JsonResponse(
            {"message": _("That didn't look like a flare-up, so nothing was saved.")}, status=400
        )
    if payload.get("account") is not None and not is_owner_tag(request.user, payload["account"]):
        return JsonResponse(
            {
                "message": _(
                    "This flare-up was recorded under another account on this phone, so it wasn't added to yours."
                )
            },
            status=409,
        )
    if not isinstance(payload.get("note", ""), (str, type(None))):
        return JsonResponse({"message": _("Not saved: the note must be text.")}, status=400)
    form = FlareUpSyncForm(payload, today=request.user.local_today())
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        first = next(iter(errors.values()))[0]
        return JsonResponse(
            {"message": _("Not saved: %(reason)s") % {"reason": first}, "errors": errors}, status=400
        )
    key = form.cleaned_data["key"]
    if not FlareUp.objects.filter(user=request.user, key=key).exists() and no_room_for_flare_ups(
        request.user, form
    ):
        return JsonResponse(
            {"message": _("Not saved: %(reason)s") % {"reason": form.non_field_errors()[0]}}, status=400
        )
    flare_up, created = flareups.record(request.user, form.cleaned_data, key)
    return JsonResponse(
        {
            "id": flare_up.pk,
            "key": str(flare_up.key),
            "created": created,
            "url": reverse("flare_up", args=[flare_up.pk]),
        },
        status=201 if created else 200,
    )


# ---- The plan ----


@require_safe
@login_required
def plan_page(request: HttpRequest):
    user = request.user
    state = plan.current_state(user)
    return render(
        request,
        "recovery/plan.html",
        {
            "state": state,
            "steps": plan.STEPS,
            "step_days": rules.STEP_DAYS,
            "suggestion": todays_suggestion(user) if state else None,
            "form": StartPlanForm(initial={"remind": True}),
            "sources": rules.SOURCES,
            "recurrence": rules.RECURRENCE_IN_A_YEAR,
            "weeks": plan.WEEKS_TO_LAST_STEP,
        },
    )


@require_POST
@login_required
def start_plan(request: HttpRequest):
    form = StartPlanForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    newest = FlareUp.objects.for_user(request.user).first()
    try:
        plan.start(
            request.user,
            remind=form.cleaned_data["remind"],
            flare_up=newest if newest and newest.settled else None,
        )
    except IntegrityError:
        messages.info(request, _("Your plan is already running."))
    else:
        messages.success(request, _("Your plan has started."))
    return redirect("plan")


@require_POST
@login_required
def stop_plan(request: HttpRequest):
    running = Plan.objects.for_user(request.user).running().first()
    if running is None:
        messages.info(request, _("No plan is running."))
        return redirect("plan")
    gave_back = plan.stop(running)
    note = " Your reminders are back to how you had them." if gave_back else ""
    messages.success(request, _("Your plan has stopped.") + note)
    return redirect("plan")


# ---- Downloads ----


def csv_download(user, name: str, columns: list[str], rows: list[list]) -> HttpResponse:
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers=download_headers(f"spasmcare-{name}-{user.local_today().isoformat()}.csv"),
    )
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(spreadsheet_safe(value) for value in row)
    return response


@require_safe
@login_required
@never_cache
def export_check_ins(request: HttpRequest):
    user = request.user
    return csv_download(user, "check-ins", export.CHECK_IN_COLUMNS, export.check_in_rows(user))


@require_safe
@login_required
@never_cache
def export_flare_ups(request: HttpRequest):
    user = request.user
    return csv_download(user, "flare-ups", export.FLARE_UP_COLUMNS, export.flare_up_rows(user))
