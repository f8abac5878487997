"""Which words of an article are kept per language (django-modeltranslation; see
exercises/translation.py). The shipped translations are articles/<lang>/<slug>.md; the rendered
HTML is kept per language too (Article.save renders each). Topics, linked routines, order and the
review date are the same in every language."""

from modeltranslation.translator import TranslationOptions, register

from .models import Article


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "body_html", "sources")
