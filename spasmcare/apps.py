from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class SpasmCareConfig(AppConfig):
    """The project itself: settings, URLs, the pages that bring the apps together, and the
    commands that span them (load_content, backup, restore)."""

    name = "spasmcare"
    verbose_name = "SpasmCare"

    def ready(self):
        from .content import load_after_migrate  # noqa: PLC0415 (loads models: only once apps are ready)

        # Everything shipped, exercises first (the articles link to routines), once the learn
        # app, the last content app, has been migrated.
        post_migrate.connect(load_after_migrate, sender=apps.get_app_config("learn"))
