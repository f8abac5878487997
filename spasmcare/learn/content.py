"""The articles that ship with SpasmCare, kept as Markdown files in articles/, and each other
language's translation in articles/<lang>/ under the same file name.

Each file opens with TOML front matter between two `+++` lines, then the Markdown body.
Loaded by spasmcare/content.py straight after the exercises and routines, so the routines an
article names already exist: after every `migrate` and by `manage.py load_content`.
"""

import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import translation

from exercises.models import Routine
from spasmcare.core.caching import content_changed

from .models import Article

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
FENCE = "+++"


def read(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    opening, front_matter, body = text.split(FENCE + "\n", 2)
    if opening.strip():
        raise ValueError(f"{path.name} must start with a {FENCE} line")
    return tomllib.loads(front_matter), body.strip() + "\n"


def article_text(meta: dict, body: str) -> dict:
    """The words of an article (English or a translation), by field name."""
    return {
        "title": meta["title"],
        "summary": meta["summary"],
        "body": body,
        "sources": [{"title": s["title"], "url": s.get("url", "")} for s in meta.get("sources", [])],
    }


def translated_text(path: Path) -> dict[str, dict]:
    """Each other language's words for the article at `path`, by language; a language without a
    translation of it is left out (the article then shows in English)."""
    found = {}
    for language, _ in settings.LANGUAGES:
        translated = path.parent / language / path.name
        if language != settings.LANGUAGE_CODE and translated.exists():
            found[language] = article_text(*read(translated))
    return found


def article_fields(meta: dict, body: str) -> dict:
    return {
        "title": meta["title"],
        "summary": meta["summary"],
        "body": body,
        "topics": list(meta["topics"]),
        "sources": [{"title": s["title"], "url": s.get("url", "")} for s in meta.get("sources", [])],
        "reviewed": meta["reviewed"],
        "order": meta.get("order", 0),
        "is_published": True,
    }


def load(update: bool = False) -> int:
    """Creates the shipped articles that are missing, in every language, and fills in a language
    no editor has written in (for an article whose English is as shipped); with `update`, puts
    every shipped text back. Returns how many articles were created or overwritten."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        return load_in_english(update)


def load_in_english(update: bool) -> int:
    paths = sorted(ARTICLES_DIR.glob("*.md"))
    files = [(*read(path), translated_text(path)) for path in paths]
    existing = Article.objects.in_bulk([meta["slug"] for meta, _, _ in files], field_name="slug")
    routines = Routine.objects.in_bulk(
        {slug for meta, _, _ in files for slug in meta.get("routines", [])}, field_name="slug"
    )
    loaded = filled = 0
    for meta, body, translations in files:
        article = existing.get(meta["slug"])
        if article is None:
            article = Article(slug=meta["slug"])
        elif not update:
            filled += fill_in(article, article_text(meta, body), translations)
            continue
        for field, value in article_fields(meta, body).items():
            setattr(article, field, value)
        for language, _ in settings.LANGUAGES:
            if language != settings.LANGUAGE_CODE:
                for field, value in translations.get(language, dict.fromkeys(TEXT_FIELDS)).items():
                    setattr(article, f"{field}_{language}", value)
        article.full_clean(validate_unique=False)
        article.save()
        # A routine an editor has deleted or renamed is skipped, not an error.
        article.routines.set([routines[s] for s in meta.get("routines", []) if s in routines])
        loaded += 1
    if loaded or filled:
        content_changed()
    return loaded


TEXT_FIELDS = ("title", "summary", "body", "sources")


def fill_in(article: Article, english: dict, translations: dict[str, dict]) -> bool:
    """An article that exists already gets a language no editor has written in, while its English
    is as shipped (a translation of the shipped text would not fit an editor's changes)."""
    if any(getattr(article, f"{field}_en") != value for field, value in english.items()):
        return False
    missing = {
        language: text
        for language, text in translations.items()
        if not any(getattr(article, f"{field}_{language}") for field in TEXT_FIELDS)
    }
    for language, text in missing.items():
        for field, value in text.items():
            setattr(article, f"{field}_{language}", value)
    if missing:
        article.save()  # renders each language's body
    return bool(missing)
