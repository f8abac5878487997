from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "spasmcare.reminders"
    label = "reminders"
    verbose_name = "Daily reminders"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
