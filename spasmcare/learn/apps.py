from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "spasmcare.learn"
    label = "learn"
    verbose_name = "Education"
