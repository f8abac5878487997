"""Reminders follow a recovery plan: every day while it runs, each with that day's routine
(recovery/suggestions.py), and back to the person's own days and on/off when it stops.

The reminders app sits above recovery (each reminder carries the plan's routine of the day), so
the plan doesn't call this module: it sends `plan.started` and `plan.stopped`, received here.
"""

from django.dispatch import receiver

from spasmcare.recovery import plan as plans
from spasmcare.recovery import rules
from spasmcare.recovery.models import Plan

from .models import Reminder


@receiver(plans.started, dispatch_uid="reminders-follow-plan")
def follow_plan(sender, plan: Plan, **kwargs) -> None:
    """A plan that drives the reminders: they come every day at their usual time (a new
    reminder at the default time if there was none); their own days and on/off are kept on the
    plan for `give_back`."""
    if not plan.drives_reminders:
        return
    reminder, _ = Reminder.objects.get_or_create(user=plan.user)
    plan.reminder_before = {"enabled": reminder.enabled, "weekdays": reminder.weekdays}
    plan.save(update_fields=["reminder_before"])
    reminder.enabled = True
    reminder.weekdays = rules.PLAN_REMINDER_WEEKDAYS
    reminder.schedule()
    reminder.save()


@receiver(plans.stopped, dispatch_uid="reminders-give-back-after-plan")
def give_back(sender, plan: Plan, **kwargs) -> bool:
    """The reminders' days and on/off as they were before the plan, unless the person has changed
    them since (then theirs stay). Returns whether they were given back."""
    before = plan.reminder_before
    if not (plan.drives_reminders and before):
        return False
    reminder = Reminder.objects.select_related("user").filter(user_id=plan.user_id).first()
    if reminder is None or not reminder.enabled or reminder.weekdays != rules.PLAN_REMINDER_WEEKDAYS:
        return False
    reminder.enabled = bool(before.get("enabled"))
    weekdays = str(before.get("weekdays", ""))
    reminder.weekdays = "".join(d for d in weekdays if d in "0123456")[:7]
    reminder.schedule()
    reminder.save()
    return True
