import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from spasmcare.core.http import safe_next_url
from spasmcare.core.middleware import private_link
from spasmcare.recovery.suggestions import todays_suggestion

from . import calendar, emails, push
from .forms import (
    WELCOME_GOALS,
    WELCOME_TIMES,
    ReminderForm,
    WelcomeGoalForm,
    WelcomeReminderForm,
)
from .models import Reminder, new_calendar_token

# What new_calendar_token() makes; anything else is no feed (and a NUL byte in a query would
# be a server error on PostgreSQL).
CALENDAR_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def reminder_for(user) -> Reminder:
    reminder, _created = Reminder.objects.select_related("user").get_or_create(user=user)
    return reminder


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def reminders(request):
    reminder = reminder_for(request.user)
    if request.method == "POST":
        form = ReminderForm(request.POST, instance=reminder)
        if form.is_valid():
            form.save()
            messages.success(request, _("Reminder settings saved."))
            return redirect("reminders")
        status = 400
    else:
        form = ReminderForm(instance=reminder)
        status = 200
    # The site's public address, never the Host header this request happened to carry.
    feed_url = settings.SITE_URL + reverse("calendar_feed", args=[reminder.calendar_token])
    devices = list(request.user.push_subscriptions.all())
    return render(
        request,
        "reminders/reminders.html",
        {
            "form": form,
            "reminder": reminder,
            "devices": devices,
            "stopped_devices": [d for d in devices if d.stopped_working],
            "vapid_public_key": push.vapid_public_key(),
            "feed_url": feed_url,
            "calendar_links": calendar.subscribe_links(feed_url),
            "today": request.user.local_today(),
        },
        status=status,
    )


@require_POST
@login_required
def resume(request):
    reminder = reminder_for(request.user)
    reminder.paused_until = None
    reminder.schedule()
    reminder.save()
    messages.success(request, _("Reminders are back on."))
    return redirect("reminders")


@require_POST
@login_required
def regenerate_feed(request):
    reminder = reminder_for(request.user)
    reminder.calendar_token = new_calendar_token()
    reminder.save(update_fields=["calendar_token", "updated"])
    messages.success(
        request,
        _(
            "Your calendar has a new private address. The old one has stopped working; add the new one to your calendar app."
        ),
    )
    return redirect(f"{reverse('reminders')}#calendar")


@require_safe
@private_link
def calendar_feed(request, token: str):
    reminder = None
    if CALENDAR_TOKEN.fullmatch(token):
        reminder = Reminder.objects.select_related("user").filter(calendar_token=token).first()
    if reminder is None:
        raise Http404("No such calendar")
    response = HttpResponse(calendar.feed(reminder), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="spasmcare.ics"'
    response["Cache-Control"] = "private, max-age=3600"
    return response


@csrf_exempt  # RFC 8058 one-click: mail providers POST without a CSRF token; the sealed token is the proof
@require_http_methods(["GET", "HEAD", "POST"])
@private_link
def unsubscribe(request, token: str):
    user = emails.user_for_token(token)
    if user is None:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        Reminder.objects.filter(user=user).update(email_enabled=False)
        return render(request, "reminders/unsubscribe.html", {"done": True, "email": user.email})
    # A GET (a person clicking, or a link scanner) changes nothing: it asks for one more tap.
    return render(request, "reminders/unsubscribe.html", {"email": user.email, "token": token})


@require_safe
def today(request):
    """Today's suggested routine, straight into the player: the link reminders point to."""
    suggestion = todays_suggestion(request.user if request.user.is_authenticated else None)
    if suggestion is None:
        return redirect("routines")
    return redirect(suggestion.routine.get_play_url())


def next_or_home(request) -> str:
    return safe_next_url(request) or reverse("home")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def welcome(request):
    """A new account's first screen: a weekly goal and a daily reminder, one tap each, or skip
    both; then on to where the person was going (?next=, a page of this site), or home."""
    user = request.user
    reminder = reminder_for(user)
    next_url = next_or_home(request)
    status = 200
    if request.method == "POST":
        form = (
            WelcomeGoalForm(request.POST)
            if "weekly_goal" in request.POST
            else WelcomeReminderForm(request.POST)
        )
        if form.is_valid():
            form.save(user if isinstance(form, WelcomeGoalForm) else reminder)
            return redirect(f"{reverse('welcome')}?{urlencode({'next': next_url})}#reminder-heading")
        status = 400
    return render(
        request,
        "reminders/welcome.html",
        {
            "goals": WELCOME_GOALS,
            "times": [(at.strftime("%H:%M"), label) for at, label in WELCOME_TIMES],
            "next": next_url,
            "reminder": reminder,
            "error": status == 400,
            "vapid_public_key": push.vapid_public_key(),
            "devices": user.push_subscriptions.active().count() if reminder.enabled else 0,
        },
        status=status,
    )
