from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save


class RemindersConfig(AppConfig):
    name = "spasmcare.reminders"
    label = "reminders"
    verbose_name = "Daily reminders"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .models import reschedule_after_zone_change

        # However the time zone changes (Settings, the admin), the reminder keeps its local time
        # in the new zone, on every channel: push and email (next_due) and the calendar feed.
        post_save.connect(
            reschedule_after_zone_change, sender=settings.AUTH_USER_MODEL, dispatch_uid="reminder-zone-change"
        )
