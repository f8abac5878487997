from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "spasmcare.core"
    label = "core"
    verbose_name = "Shared"

    def ready(self):
        from . import caching  # noqa: F401, PLC0415 (connects the receivers that keep cached pages fresh)
