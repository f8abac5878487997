from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LearnConfig(AppConfig):
    name = "spasmcare.learn"
    label = "learn"
    verbose_name = "Education and safety"

    def ready(self):
        from spasmcare.content import load_after_migrate

        # Everything shipped, exercises first: the articles link to routines.
        post_migrate.connect(load_after_migrate, sender=self)
