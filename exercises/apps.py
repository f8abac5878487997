from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = "Exercises and routines"

    def ready(self):
        from . import caching  # noqa: F401 (connects the receivers that keep cached pages fresh)
