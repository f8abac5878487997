from django.http import JsonResponse
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


def pain_given(request) -> int | None:
    """The rating that led here from the player (0–10), or None."""
    return safety.parse_pain(request.POST.get("pain") or request.GET.get("pain") or "")


def result(request, outcome: str, **extra):
    """The page for an outcome: what to do, whom to call, and what may still be done."""
    routines = Routine.objects.published().with_steps()
    offered = {
        # Resting and slow breathing are not exercise: offered while the person waits to be seen.
        safety.URGENT: routines.rest_and_breathe(),
        safety.SOON: routines.relief_or_rest(),
    }.get(outcome, [])
    return render(
        request,
        "learn/safety_result.html",
        {
            "outcome": outcome,
            "relief_routines": offered,
            "numbers": safety.call_numbers(),
            "traffic_light": safety.traffic_light_lines(),
            **extra,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def safety_check(request):
    state = safety.read_state(request)
    pain = pain_given(request)
    if request.method == "POST":
        form = SafetyCheckForm(request.POST)
        if form.is_valid():
            outcome = safety.outcome_for(form.answers())
            if "application/json" in request.headers.get("Accept", ""):
                # Asked in the player, which shows the outcome itself (exercises/_pain_check.html).
                response = JsonResponse({"outcome": outcome})
                safety.remember(request, response, outcome, pain)
                return response
            next_url = safe_next(request) if outcome in (safety.FINE, safety.SOON) else ""
            response = result(request, outcome, next=next_url if outcome == safety.FINE else "")
            safety.remember(request, response, outcome, pain)
            return response
        status = 400
    else:
        form = SafetyCheckForm()
        status = 200
    return render(
        request,
        "learn/safety.html",
        {
            "form": form,
            "state": state,
            "next": safe_next(request),
            "pain": pain,
            "reason": request.GET.get("reason", ""),
            "numbers": safety.call_numbers(),
            "traffic_light": safety.traffic_light_lines(),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def relief(request):
    """'Back spasm right now?': three emergency questions answered with one tap, then straight
    into the lying-down relief routine with the voice on (or back to `next`, the routine whose
    player asked). "Yes" shows what to do and whom to call; it is not remembered, so a mis-tap
    is undone with one tap back to the question instead of locking the relief routine."""
    next_url = safe_next(request)
    context = {
        "relief_questions": safety.RELIEF_QUESTIONS,
        "relief_key": safety.RELIEF_KEY,
        "numbers": safety.call_numbers(),
        "next": next_url,
    }
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer == "yes":
            return result(request, safety.EMERGENCY, from_relief=True)
        if answer == "no":
            response = redirect(next_url or f"{reverse('play', args=['spasm-relief'])}?from=relief")
            safety.remember_relief_check(request, response)
            return response
        return render(
            request, "learn/relief.html", {**context, "error": "Choose one of the two buttons."}, status=400
        )
    return render(request, "learn/relief.html", context)
