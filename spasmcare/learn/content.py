"""The articles that ship with SpasmCare, kept as Markdown files in articles/.

Each file opens with TOML front matter between two `+++` lines, then the Markdown body.
Loaded by spasmcare/content.py straight after the exercises and routines, so the routines an
article names already exist: after every `migrate` and by `manage.py load_content`.
"""

import tomllib
from pathlib import Path

from django.db import transaction

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


@transaction.atomic
def load(update: bool = False) -> int:
    files = [read(path) for path in sorted(ARTICLES_DIR.glob("*.md"))]
    existing = Article.objects.in_bulk([meta["slug"] for meta, _ in files], field_name="slug")
    routines = Routine.objects.in_bulk(
        {slug for meta, _ in files for slug in meta.get("routines", [])}, field_name="slug"
    )
    loaded = 0
    for meta, body in files:
        article = existing.get(meta["slug"])
        if article is None:
            article = Article(slug=meta["slug"])
        elif not update:
            continue
        for field, value in article_fields(meta, body).items():
            setattr(article, field, value)
        article.full_clean(validate_unique=False)
        article.save()
        # A routine an editor has deleted or renamed is skipped, not an error.
        article.routines.set([routines[s] for s in meta.get("routines", []) if s in routines])
        loaded += 1
    if loaded:
        content_changed()
    return loaded
