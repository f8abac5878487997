"""Pages that bring the apps together or belong to none: the home page, the player (a routine,
the safety rules and the last pain logged), the service worker, the offline page, uploaded media
and the error pages."""

import hashlib
import json
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpRequest, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.static import serve

from exercises import pacing
from exercises.models import Routine
from spasmcare.core.caching import public_page
from spasmcare.core.languages import supported
from spasmcare.history import progress
from spasmcare.history.models import CompletedSession, last_logged_pain, recent_pain
from spasmcare.recovery.suggestions import todays_suggestion
from spasmcare.safety import rules as safety

# Static files every page may need, precached so the app opens offline.
APP_SHELL = [
    "css/app.css",
    # The relief routine's finish screen offers to note a flare-up, on a page saved with it.
    "css/recovery.css",
    "js/flare-ups.js",
    "js/recovery/item.js",
    # The player's ES modules (main.js imports the others by their hashed names).
    "js/player/main.js",
    "js/player/controller.js",
    "js/player/view.js",
    "js/player/hurt.js",
    "js/player/intro.js",
    "js/player/plan.js",
    "js/player/timing.js",
    "js/player/cues.js",
    "js/player/pain.js",
    "js/player/voice.js",
    "js/player/resume.js",
    "js/player/screen.js",
    "js/player/finish.js",
    "js/player/coach.js",
    "js/player/speaker.js",
    "js/player/save.js",
    "js/sessions.js",
    "js/sessions/queue.js",
    "js/words.js",
    "js/sw-register.js",
    "js/offline.js",
    "js/menu.js",
    "js/relief.js",
    "icons/icon.svg",
    "icons/icon-192.png",
    "manifest.webmanifest",
]
# The relief path, kept offline once any page has been opened (templates/sw.js).
ALWAYS_OFFLINE = [Routine.Role.RELIEF, Routine.Role.REST]


@require_safe
@public_page
def home(request):
    """Where to start: the spasm button, today's suggestion, the featured routines (each shown
    once), and for a signed-in person their own routines, this week and their streak."""
    user = request.user if request.user.is_authenticated else None
    suggestion = todays_suggestion(user)
    featured = Routine.objects.published().featured().with_steps()
    if suggestion:
        featured = featured.exclude(pk=suggestion.routine.pk)
    context = {
        "routines": featured,
        "suggestion": suggestion,
        "persistent_pain": safety.persistent_pain(recent_pain(user)) if user else None,
    }
    if user:
        glance = progress.overview(user, user.local_today(), weeks=1)
        context |= {
            "week": glance.week,
            "streak": glance.streak,
            "own_routines": Routine.objects.for_user(user).with_steps().order_by("-updated")[:3],
        }
    return render(request, "home.html", context)


def pain_from_query(request: HttpRequest) -> int | None:
    """A rating carried back from the safety check (?pain=0..10), so the person need not give it
    again; anything else is ignored."""
    return safety.parse_pain(request.GET.get("pain", ""))


@require_safe
def play(request: HttpRequest, slug: str):
    # Steps are fetched only if the markup of a published routine's steps isn't cached
    # (spasmcare/core/caching.py); the safety rules need only their kinds (Routine.rest_only).
    routine = get_object_or_404(Routine.objects.playable_by(request.user), slug=slug)
    if routine.is_own and not routine.step_list:
        messages.info(request, _("Add an exercise to your routine first."))
        return redirect(routine.get_edit_url())
    return player(request, routine, routine.get_absolute_url(), routine.get_play_url())


@require_safe
def play_shared(request: HttpRequest, token: str):
    """A routine someone shared, for whoever has the link, signed in or not: the same player
    under the same safety rules, leading back to the shared page rather than the owner's own."""
    routine = get_object_or_404(Routine.objects.shared(token))
    if not routine.step_list:
        return redirect(routine.get_share_url())
    return player(request, routine, routine.get_share_url(), routine.get_shared_play_url())


def player(request: HttpRequest, routine: Routine, page_url: str, play_url: str):
    """The player page, or the safety gate in its place. `page_url` is the routine's page (the
    way out), `play_url` this page again ("Do it again")."""
    state = safety.read_state(request)
    blocked = state.blocks(routine)
    # Nothing answered yet, for relief: the one-tap check in the player itself, so a phone that
    # saved this page can answer it offline and start (templates/learn/_relief_check.html).
    relief_gate = blocked == "first" and safety.is_relief(routine)
    user = request.user if request.user.is_authenticated else None
    last_pain = last_logged_pain(user) if user else None
    context = {
        "routine": routine,
        "page_url": page_url,
        "play_url": play_url,
        "blocked": "" if relief_gate else blocked,
        "relief_gate": relief_gate,
        "from_relief": request.GET.get("from") == "relief",
        "numbers": safety.call_numbers(),
    }
    if blocked and not relief_gate:
        context["relief_routines"] = safety.routines_offered(state.outcome).with_steps()
        return render(request, "exercises/play.html", context)
    rules = safety.player_rules(routine, state, last_pain)
    rules["startPain"] = pain_from_query(request)
    rules["checkUrl"] = reverse("safety")
    return render(
        request,
        "exercises/play.html",
        {
            **context,
            "account_prefs": user.cue_prefs if user else None,
            "rules": rules,
            "speech": pacing.speech_json(),  # the voice's pace in this page's language
            "questions": safety.QUESTIONS,
            "relief_questions": safety.RELIEF_QUESTIONS,
            "emergency_signs": safety.RELIEF_QUESTIONS,
            # Offered when the questions in the player say this routine must wait (read only then).
            "rest_routines": safety.routines_offered(safety.URGENT),
            "relief_routines": safety.routines_offered(safety.SOON),
            "pain_values": safety.PAIN_SCALE,
            "feelings": CompletedSession.Feeling.choices,
        },
    )


def worker_context() -> dict:
    """What the service worker precaches: the app shell, and the relief path's public pages with
    every drawing they show, their easier versions' too (a swap offline shows its drawing)."""
    routines = Routine.objects.published().with_steps().filter(role__in=ALWAYS_OFFLINE).order_by("slug")
    relief = next((r for r in routines if r.role == Routine.Role.RELIEF), None)
    figures = set()
    pages = [reverse("offline"), reverse("relief"), reverse("new_flare_up")]
    for routine in routines:
        pages += [routine.get_absolute_url(), routine.get_play_url()]
        for step in routine.step_list:
            figures.add(step.exercise.figure_url)
            easier = step.exercise.easier
            if easier and easier.is_published:
                figures.add(easier.figure_url)
    shell = [static(name) for name in APP_SHELL] + sorted(figures)
    # The manifest's hash changes with any static file; in development there is none. Not the
    # pages: their addresses differ by language, and a change of language is not a new release.
    release = getattr(staticfiles_storage, "manifest_hash", "") or "dev"
    version = hashlib.sha256(json.dumps([release, shell]).encode()).hexdigest()[:12]
    return {
        "version": version,
        "precache_static": json.dumps(shell),
        "precache_pages": json.dumps(pages),
        "relief_player": relief.get_play_url() if relief else reverse("routines"),
        "saved_pages": json.dumps(saved_pages_pattern()),
    }


def saved_pages_pattern() -> str:
    """A JavaScript pattern for the pages the worker keeps once opened (a routine and its
    player) at their address in any language: /routines/x/, /nl/routines/x/play/."""
    prefixes = "|".join(
        re.escape(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    )
    return rf"^/(?:(?:{prefixes})/)?routines/[\w-]+/(?:play/)?$"


@require_safe
def service_worker(request):
    """The service worker, in the language its page registered it with (`?lang=nl`, from
    js/sw-register.js): it keeps that language's relief path and offline page, so a phone is
    offline in the language it was last used in. A page in another language registers the
    worker again with its own."""
    language = supported(request.GET.get("lang")) or settings.LANGUAGE_CODE
    with translation.override(language):
        response = render(
            request, "sw.js", worker_context(), content_type="text/javascript; charset=utf-8"
        )  # RFC 9239
    # Browsers check for a new worker on every navigation; never let a cache answer for it.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request):
    published = Routine.objects.published()
    return render(
        request,
        "offline.html",
        {
            "debug": settings.DEBUG,
            "numbers": safety.call_numbers(),
            "relief": published.for_role(Routine.Role.RELIEF),
            "rest": published.for_role(Routine.Role.REST),
        },
    )


@require_safe
def media(request, path):
    """Uploaded illustrations, when no web server or object storage serves them. They are
    always re-encoded images (see exercises/images.py), sent with nosniff."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:  # a name longer than the filesystem allows, say: no such file either way
        raise Http404("No such file") from None


# Error pages. Django's defaults re-run the CSRF check (@requires_csrf_token), which re-reads a
# request body that already failed to parse and turns a 400 into a 500; these don't.
def bad_request(request, exception=None):
    return render(
        request, "error.html", {"status": 400, "title": _("That request didn't make sense")}, status=400
    )


def permission_denied(request, exception=None):
    return render(request, "error.html", {"status": 403, "title": _("That isn't allowed")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "error.html", {"status": 404, "title": _("Page not found")}, status=404)


def server_error(request):
    # No database or request context here: whatever broke may be what they need.
    return HttpResponseServerError(loader.get_template("500.html").render())
