from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "spasmcare.reminders"
    label = "reminders"
    verbose_name = "Daily reminders"
