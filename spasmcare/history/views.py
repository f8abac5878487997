from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from spasmcare.core.http import HtmxHttpRequest, json_object
from spasmcare.safety import rules as safety

from . import charts, progress
from .forms import SessionEditForm, SessionForm, SummaryRangeForm
from .models import CompletedSession, is_owner_tag, recent_pain, record_session

PAGE_SIZE = 10


def session_page(user, page: int):
    """One page of the history list, newest first: one query, one extra row to know if
    there is more."""
    offset = (page - 1) * PAGE_SIZE
    rows = list(CompletedSession.objects.for_user(user)[offset : offset + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], (page + 1 if len(rows) > PAGE_SIZE else None)


def page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        return 1


@require_safe
@login_required
@vary_on_headers("HX-Request")
def history(request: HtmxHttpRequest):
    user = request.user
    page = page_number(request)
    sessions, next_page = session_page(user, page)
    context = {"sessions": sessions, "next_page": next_page}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "history/history.html#session-page", context)
    today = user.local_today()
    overview = progress.overview(user, today)
    recent = recent_pain(user)  # newest first; the chart shows the newest of them
    context.update(
        today=today,
        week=overview.week,
        calendar=overview.calendar,
        streak=overview.streak,
        pain=charts.pain_chart(list(reversed(recent[: progress.PAIN_POINTS]))),
        minutes=charts.minutes_chart(overview.minutes_per_week),
        persistent_pain=safety.persistent_pain(recent),
    )
    return render(request, "history/history.html", context)


@require_POST
def save_session(request: HttpRequest):
    """The player's finish screen posts here (JSON). Idempotent on the browser-made key.

    401 when signed out, 400 for anything that isn't a valid session (`message` says so in a
    sentence, `reason` is the first problem on its own, `errors` per field), 409 when the
    session is tagged (`account`, see owner_tag) for a different account than the one signed in."""
    if not request.user.is_authenticated:
        return JsonResponse({"message": _("Log in or create an account to save sessions.")}, status=401)
    payload = json_object(request)
    if payload is None:
        return JsonResponse(
            {"message": _("That didn't look like a finished session, so nothing was saved.")},
            status=400,
        )
    # A session queued on a shared phone names the account it was finished under; sessions
    # finished signed out name none and are only sent after the person chose to add them.
    if payload.get("account") is not None and not is_owner_tag(request.user, payload["account"]):
        return JsonResponse(
            {
                "message": _(
                    "This session was finished under another account on this phone, so it wasn't added to yours."
                )
            },
            status=409,
        )
    form = SessionForm(payload)
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        first = next(iter(errors.values()))[0]
        return JsonResponse(
            {"message": _("Not saved: %(reason)s") % {"reason": first}, "reason": first, "errors": errors},
            status=400,
        )
    # A note left out is not a note emptied: only a note that was sent replaces the saved one.
    data = {**form.cleaned_data, "note": form.cleaned_data["note"] if "note" in payload else None}
    session, created = record_session(request.user, data)
    return JsonResponse(
        {"id": session.pk, "key": str(session.key), "created": created, "url": reverse("history")},
        status=201 if created else 200,
    )


def own_session(request, pk: int) -> CompletedSession:
    """One of the signed-in person's sessions; anyone else's is a 404."""
    return get_object_or_404(CompletedSession.objects.for_user(request.user), pk=pk)


def history_url(session: CompletedSession) -> str:
    return f"{reverse('history')}#session-{session.pk}"


@require_safe
@login_required
def session_card(request: HtmxHttpRequest, pk: int):
    """One session as the history list shows it: what "Cancel" and "Keep it" bring back."""
    session = own_session(request, pk)
    if not request.htmx:
        return redirect(history_url(session))
    return render(request, "history/history.html#session-item", {"session": session, "refocus": True})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit_session(request: HtmxHttpRequest, pk: int):
    """Correct a saved session's pain ratings, feeling and note. With htmx the form takes the
    place of the session in the list, and the saved session comes back in its place."""
    session = own_session(request, pk)
    form = SessionEditForm(
        request.POST if request.method == "POST" else None,
        instance=session,
        auto_id=f"session-{session.pk}-%s",  # several may be open at once in the list
    )
    if form.is_valid():
        form.save()
        if request.htmx:
            return render(request, "history/history.html#session-item", {"session": session, "saved": True})
        messages.success(
            request, _("Saved your changes to “%(routine)s”.") % {"routine": session.routine_name}
        )
        return redirect(history_url(session))
    if form.errors:
        # The row as saved, for the heading; what was typed stays in the form.
        session.refresh_from_db()
    template = "history/session_edit.html#edit-form" if request.htmx else "history/session_edit.html"
    return render(request, template, {"session": session, "form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delete_session(request: HtmxHttpRequest, pk: int):
    """Asks first (GET: a question in place of the session, or a page of its own), then
    deletes on POST."""
    session = own_session(request, pk)
    if request.method != "POST":
        template = "history/session_delete.html#confirm" if request.htmx else "history/session_delete.html"
        return render(request, template, {"session": session})
    session.delete()
    if request.htmx:
        return render(request, "history/history.html#session-deleted", {"session": session})
    messages.success(
        request,
        _("Deleted the session “%(routine)s” from %(day)s.")
        % {"routine": session.routine_name, "day": date_format(session.local_date, "j F")},
    )
    return redirect("history")


@require_safe
@login_required
def summary(request: HttpRequest):
    user = request.user
    today = user.local_today()
    if "start" in request.GET or "end" in request.GET:
        form = SummaryRangeForm(request.GET)
    else:
        form = SummaryRangeForm({"start": today - timedelta(days=90), "end": today})
    status = 200
    sessions, pain = [], None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        sessions = list(
            CompletedSession.objects.for_user(user).between(start, end).order_by("started_at", "id")
        )
        pain = charts.pain_chart(progress.pain_points(user, start, end, limit=200))
    else:
        status = 400
    total_minutes = round(sum(s.active_seconds for s in sessions) / 60)
    return render(
        request,
        "history/summary.html",
        {
            "form": form,
            "sessions": sessions,
            "pain": pain,
            "total_minutes": total_minutes,
            "active_days": len({s.local_date for s in sessions}),
            "notes": [s for s in sessions if s.note],
        },
        status=status,
    )
