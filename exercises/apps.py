from django.apps import AppConfig
from django.db.models.signals import post_migrate


def load_shipped_content(sender, using="default", **kwargs):
    from exercises import content

    content.load()


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = "Exercises and routines"

    def ready(self):
        from . import caching  # noqa: F401 (connects the receivers that keep cached pages fresh)

        post_migrate.connect(load_shipped_content, sender=self)
