"""The reminders' part of the plan page, one tag, so recovery's view needn't read reminders:
`{% load reminders %}{% plan_reminders state %}`."""

from django import template

from ..models import Reminder

register = template.Library()


@register.inclusion_tag("reminders/_plan_reminders.html", takes_context=True)
def plan_reminders(context, state):
    """Whether the reminders follow the running plan (`state`, a recovery.plan.PlanState), at
    what time, and whether they reach the person anywhere yet. One query, two with a reminder."""
    user = context["request"].user
    reminder = Reminder.objects.filter(user=user).first()
    return {
        "state": state,
        "reminder": reminder,
        "reaches": reminder is not None
        and (reminder.email_enabled or user.push_subscriptions.filter(stopped_at__isnull=True).exists()),
    }
