import math
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse, translate_url
from django.utils import translation

from spasmcare.core.models import PublishedContent, PublishedQuerySet
from spasmcare.core.translations import missing_words, words_language

from . import markdown

# The twelve questions the education section answers; every one needs a published article.
TOPICS = {
    "what-is": "What a back spasm is",
    "symptoms": "Symptoms",
    "causes": "Causes",
    "home-treatment": "Treating it at home",
    "when-to-see-doctor": "When to see a doctor",
    "emergency-signs": "Emergency signs",
    "medical-treatment": "Medical treatment",
    "alternative-treatments": "Alternative treatments",
    "complications": "Complications",
    "prognosis": "Recovery and outlook",
    "chronic": "Long-lasting back pain",
    "prevention": "Prevention",
}
WORDS_PER_MINUTE = 200
OWN_LINK = re.compile(r'href="(/[^"]*)"')


def render_body(body: str, language: str) -> str:
    """The article's Markdown as HTML for readers of `language`, its links to our own pages
    going to those pages in that language ("/routines/…" becomes "/nl/routines/…")."""
    html = markdown.render(body)
    if language == settings.LANGUAGE_CODE:
        return html
    with translation.override(settings.LANGUAGE_CODE):  # the links are written to the English pages
        return OWN_LINK.sub(lambda link: f'href="{translate_url(link.group(1), language)}"', html)


def validate_topics(value):
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise ValidationError("Topics must be a list of topic keys.")
    unknown = [key for key in value if key not in TOPICS]
    if unknown:
        raise ValidationError(f"Unknown topic: {', '.join(unknown)}.")


def validate_sources(value):
    if not isinstance(value, list):
        raise ValidationError("Sources must be a list.")
    for source in value:
        if not isinstance(source, dict) or not str(source.get("title", "")).strip():
            raise ValidationError("Every source needs a title.")
        url = source.get("url", "")
        if not isinstance(url, str):
            raise ValidationError(f"The link for “{source['title']}” must be text.")
        # The template links to it, so only web addresses: never javascript: or data:.
        if url and urlsplit(url).scheme not in ("http", "https"):
            raise ValidationError(f"The link for “{source['title']}” must start with https://.")


class Article(PublishedContent):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=240, help_text="One or two sentences, shown in the list.")
    body = models.TextField(
        validators=[markdown.validate],
        help_text="Markdown. Start headings with ## (the title is the page's only main heading). "
        "Tables work (rows of cells between | bars). Images, embeds and raw HTML are removed when "
        "the article is shown.",
    )
    body_html = models.TextField(editable=False, default="")
    topics = models.JSONField(default=list, blank=True, validators=[validate_topics])
    routines = models.ManyToManyField(
        "exercises.Routine", blank=True, related_name="articles", help_text="Shown as “Routines that fit”."
    )
    sources = models.JSONField(default=list, blank=True, validators=[validate_sources])
    reviewed = models.DateField("last reviewed")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the list, smallest first.")

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        rendered = []
        for language, _ in settings.LANGUAGES:  # each language's body, as its readers see it
            body = getattr(self, f"body_{language}")
            setattr(self, f"body_html_{language}", render_body(body, language) if body else None)
            rendered.append(f"body_html_{language}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and any(field.startswith("body") for field in update_fields):
            kwargs["update_fields"] = {*update_fields, "body_html", *rendered}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("article", args=[self.slug])

    @property
    def is_translated(self) -> bool:
        """Whether its words are in the page's language (spasmcare/core/translations.py)."""
        return not missing_words(self, skip=("body_html",))

    @property
    def words_language(self) -> str:
        """The page's language, or "en" while it has no translation (a `lang` attribute)."""
        return words_language(self, "title")

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))

    @property
    def topic_labels(self) -> list[str]:
        return [TOPICS[key] for key in self.topics if key in TOPICS]
