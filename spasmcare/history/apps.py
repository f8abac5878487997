from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "spasmcare.history"
    label = "history"
    verbose_name = "Completed sessions and progress"
