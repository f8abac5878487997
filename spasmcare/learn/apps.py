from django.apps import AppConfig
from django.db.models.signals import post_migrate


def load_shipped_articles(sender, apps=None, **kwargs):
    # post_migrate goes to apps in INSTALLED_APPS order, so "exercises" (listed first) has
    # already loaded the routines these articles link to.
    if apps is not None and not has_article_table(apps):
        return  # migrated back past learn's first migration: there is no table to fill
    from . import content

    content.load()


def has_article_table(apps) -> bool:
    try:
        apps.get_model("learn", "Article")
    except LookupError:
        return False
    return True


class LearnConfig(AppConfig):
    name = "spasmcare.learn"
    label = "learn"
    verbose_name = "Education and safety"

    def ready(self):
        post_migrate.connect(load_shipped_articles, sender=self)
