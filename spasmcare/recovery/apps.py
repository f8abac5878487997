from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "spasmcare.recovery"
    label = "recovery"
    verbose_name = "Recovery: function goals, check-ins, flare-ups and plans"
