from django.conf import settings
from django.db import models
from django.utils import translation
from modeltranslation.translator import translator


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class TranslatedModel(models.Model):
    """A model with fields kept per language (django-modeltranslation: exercises/translation.py).
    Saved with the default language active, whatever the page's, so each original column keeps
    the English (and the `<field>_<lang>` columns each language) as modeltranslation reads them."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fields = translator.get_options_for_model(type(self)).fields
        if self.same_in_every_language():
            for field in fields:
                value = getattr(self, field)  # in the page's language
                for code, _ in settings.LANGUAGES:
                    setattr(self, f"{field}_{code}", value)
        if kwargs.get("update_fields") is not None:
            # A translated field saves every language's column, not only the active one's.
            update_fields = set(kwargs["update_fields"])
            for field in update_fields & set(fields):
                update_fields |= {f"{field}_{code}" for code, _ in settings.LANGUAGES}
            kwargs["update_fields"] = update_fields
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            super().save(*args, **kwargs)

    def same_in_every_language(self) -> bool:
        """True for a row whose words are a person's own (their routine's name), the same in every
        language: saved from the page's language into every language's column."""
        return False


class PublishedContent(TranslatedModel):
    """What every piece of content an editor publishes has: exercises, routines, articles."""

    is_published = models.BooleanField("published", default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class ContentRevision(models.Model):
    """One row: when published content last changed, so cached pages know when to be rendered
    again (spasmcare/core/caching.py)."""

    changed = models.DateTimeField()

    class Meta:
        # Made by the exercises app (its migration 0009), where the model began.
        db_table = "exercises_contentrevision"

    def __str__(self):
        return f"Content changed at {self.changed:%Y-%m-%d %H:%M:%S}"
