"""Whether a piece of content has all its words in a language (django-modeltranslation keeps
them per language: exercises/translation.py, spasmcare/learn/translation.py).

A text without a translation reads in English (settings.MODELTRANSLATION_FALLBACK_LANGUAGES); the
page then says so, and safety-critical content must have none (exercises/translation.py).
"""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.translator import translator


def page_language() -> str:
    """The active language as a code of settings.LANGUAGES ("nl-be" -> "nl"); English when none."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def missing_words(obj, language: str | None = None, *, lines: tuple[str, ...] = (), skip=()) -> list[str]:
    """The translated fields of `obj` that `language` (the page's by default) lacks where the
    English has words, by field name, in the order they are registered; [] in English. A field in
    `lines` holds one item per line (steps, cues) and lacks words unless it has as many lines as
    the English ("spoken_cues (2 of 3)")."""
    language = language or page_language()
    if language == settings.LANGUAGE_CODE:
        return []
    missing = []
    for field in translator.get_options_for_model(type(obj)).fields:
        if field in skip:
            continue
        english, translated = getattr(obj, f"{field}_en"), getattr(obj, f"{field}_{language}")
        if not english:
            continue
        if not translated:
            missing.append(field)
        elif field in lines and count_lines(translated) != count_lines(english):
            missing.append(f"{field} ({count_lines(translated)} of {count_lines(english)})")
    return missing


def words_language(obj, field: str) -> str:
    """The language `obj`'s words are shown in: the page's, or English while its `field` (its name
    or title) has no translation, for a `lang` attribute so screen readers pronounce it right."""
    language = page_language()
    return language if getattr(obj, f"{field}_{language}") else settings.LANGUAGE_CODE


def count_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())
