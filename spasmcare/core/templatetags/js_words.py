"""`{% js_words "player" %}`: a group of JavaScript's words (spasmcare/core/js_words.py) in the
active language, as `<script type="application/json" id="js-words-player">`."""

from django import template
from django.utils.html import json_script

from spasmcare.core.js_words import js_words as words_for

register = template.Library()


@register.simple_tag(name="js_words")
def js_words_tag(group: str) -> str:
    return json_script(words_for(group), f"js-words-{group}")
