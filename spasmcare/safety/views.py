"""The red-flag check's pages: the full check (three questions, four outcomes) and the one-tap
"Back spasm right now?" check. Their templates are templates/learn/safety*.html and relief.html."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from exercises.models import Routine
from spasmcare.core.http import safe_next_url

from . import rules
from .forms import SafetyCheckForm


def pain_given(request) -> int | None:
    """The rating that led here from the player (0–10), or None."""
    return rules.parse_pain(request.POST.get("pain") or request.GET.get("pain") or "")


def result(request, outcome: str, **extra):
    """The page for an outcome: what to do, whom to call, and what may still be done."""
    return render(
        request,
        "learn/safety_result.html",
        {
            "outcome": outcome,
            "relief_routines": rules.routines_offered(outcome).with_steps(),
            "numbers": rules.call_numbers(),
            "traffic_light": rules.traffic_light_lines(),
            **extra,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def safety_check(request):
    state = rules.read_state(request)
    pain = pain_given(request)
    if request.method == "POST":
        form = SafetyCheckForm(request.POST)
        if form.is_valid():
            outcome = rules.outcome_for(form.answers())
            if "application/json" in request.headers.get("Accept", ""):
                # Asked in the player, which shows the outcome itself (exercises/_pain_check.html).
                response = JsonResponse({"outcome": outcome})
                rules.remember(request, response, outcome, pain)
                return response
            next_url = safe_next_url(request) if outcome in (rules.FINE, rules.SOON) else ""
            response = result(request, outcome, next=next_url if outcome == rules.FINE else "")
            rules.remember(request, response, outcome, pain)
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
            "next": safe_next_url(request),
            "pain": pain,
            "reason": request.GET.get("reason", ""),
            "numbers": rules.call_numbers(),
            "traffic_light": rules.traffic_light_lines(),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def relief(request):
    """'Back spasm right now?': three emergency questions answered with one tap, then straight
    into the lying-down relief routine with the voice on (or back to `next`, the routine whose
    player asked). "Yes" shows what to do and whom to call; it is not remembered, so a mis-tap
    is undone with one tap back to the question instead of locking the relief routine."""
    next_url = safe_next_url(request)
    context = {
        "relief_questions": rules.RELIEF_QUESTIONS,
        "relief_key": rules.RELIEF_KEY,
        "numbers": rules.call_numbers(),
        "next": next_url,
    }
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer == "yes":
            return result(request, rules.EMERGENCY, from_relief=True)
        if answer == "no":
            relief = Routine.objects.published().for_role(Routine.Role.RELIEF)
            routine_url = f"{relief.get_play_url()}?from=relief" if relief else reverse("routines")
            response = redirect(next_url or routine_url)
            rules.remember_relief_check(request, response)
            return response
        return render(
            request,
            "learn/relief.html",
            {**context, "error": _("Choose one of the two buttons.")},
            status=400,
        )
    return render(request, "learn/relief.html", context)
