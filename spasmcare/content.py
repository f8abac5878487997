"""Everything that ships with SpasmCare, loaded in one go and in order: body areas, exercises and
routines (exercises/content/, TOML), then the articles that link to those routines
(spasmcare/learn/articles/, Markdown). Runs after every `migrate`, so a fresh database has the
full library, and as `manage.py load_content`.

Each loader only creates what is missing: anything an editor has changed in the admin is never
overwritten, unless `--update` asks for the shipped text back.
"""

from exercises import content as exercises
from spasmcare.learn import content as articles


def load(update: bool = False) -> dict[str, int]:
    """How many exercises, routines and articles were created (or overwritten with update)."""
    counts = exercises.load(update=update)
    counts["articles"] = articles.load(update=update)
    return counts


def load_after_migrate(sender, apps=None, **kwargs):
    """post_migrate receiver for the learn app, the last content app to be migrated
    (spasmcare/apps.py)."""
    if apps is not None and not has_article_table(apps):
        return  # migrated back past learn's first migration: there is no table to fill
    load()


def has_article_table(apps) -> bool:
    try:
        apps.get_model("learn", "Article")
    except LookupError:
        return False
    return True
