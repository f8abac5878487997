from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from exercises.models import Routine

from . import safety
from .forms import SafetyCheckForm


def safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
def safety_check(request):
    state = safety.read_state(request)
    if request.method == "POST":
        form = SafetyCheckForm(request.POST)
        if form.is_valid():
            outcome = safety.outcome_for(form.answers())
            response = render(
                request,
                "learn/safety_result.html",
                {
                    "outcome": outcome,
                    "next": safe_next(request) if outcome not in safety.STOPS_ROUTINES else "",
                    "relief_routines": Routine.objects.published().gentle_relief().with_steps()
                    if outcome == safety.SOON
                    else [],
                },
            )
            safety.remember(request, response, outcome)
            return response
        status = 400
    else:
        form = SafetyCheckForm()
        status = 200
    return render(
        request,
        "learn/safety.html",
        {"form": form, "state": state, "next": safe_next(request), "reason": request.GET.get("reason", "")},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def relief(request):
    """'Back spasm right now?': three emergency questions answered with one tap, then straight
    into the lying-down relief routine with the voice on."""
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer == "yes":
            response = render(request, "learn/safety_result.html", {"outcome": safety.EMERGENCY, "from_relief": True})
            safety.remember(request, response, safety.EMERGENCY)
            return response
        if answer == "no":
            response = redirect(f"{reverse('play', args=['spasm-relief'])}?from=relief")
            response.set_signed_cookie(
                safety.RELIEF_COOKIE, "no-emergency-signs", max_age=60 * 60 * 12,
                samesite="Lax", secure=request.is_secure(),
            )
            return response
        return render(
            request, "learn/relief.html",
            {"questions": safety.RELIEF_QUESTIONS, "error": "Choose one of the two buttons."},
            status=400,
        )
    return render(request, "learn/relief.html", {"questions": safety.RELIEF_QUESTIONS})
