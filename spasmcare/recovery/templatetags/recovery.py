"""The recovery parts of the history page and the doctor's summary, each one tag, so those
pages' views stay as they are: `{% load recovery %}{% recovery_on_history %}`."""

from django import template

from .. import progress

register = template.Library()


@register.inclusion_tag("recovery/_history.html", takes_context=True)
def recovery_on_history(context):
    user = context["request"].user
    today = user.local_today()
    return {
        "recovery": progress.for_history(user, today),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("recovery/_summary.html", takes_context=True)
def recovery_on_summary(context, form):
    """Within the summary's dates, when they are valid (nothing otherwise)."""
    if not form.is_valid():
        return {"summary": None}
    user = context["request"].user
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return {"summary": progress.for_summary(user, start, end, user.local_today()), "start": start, "end": end}
