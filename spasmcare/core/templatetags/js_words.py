"""`{% js_words "player" %}`: a group of JavaScript's words (spasmcare/core/js_words.py) in the
active language, as `<script type="application/json" id="js-words-player">`."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from spasmcare.core.js_words import js_words as words_for

register = template.Library()

# As json_script escapes, so nothing in a word can end the element or start markup.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(name="js_words")
def js_words_tag(group: str) -> str:
    # Compact, and letters as themselves ("é", not an escape): the player's first load counts bytes.
    data = json.dumps(words_for(group), ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return format_html('<script id="js-words-{}" type="application/json">{}</script>', group, mark_safe(data))
