from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save


class RemindersConfig(AppConfig):
    name = "spasmcare.reminders"
    label = "reminders"
    verbose_name = "Daily reminders"

    def ready(self):
        # Imported only once the apps are ready (they load models): the system checks, the
        # receivers that follow a recovery plan, and the time-zone receiver connected below.
        from . import checks, plans  # noqa: F401, PLC0415
        from .models import reschedule_after_zone_change  # noqa: PLC0415

        # However the time zone changes (Settings, the admin), the reminder keeps its local time
        # in the new zone, on every channel: push and email (next_due) and the calendar feed.
        post_save.connect(
            reschedule_after_zone_change, sender=settings.AUTH_USER_MODEL, dispatch_uid="reminder-zone-change"
        )
