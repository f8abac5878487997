"""Article bodies are written in Markdown by editors and shown as HTML to everyone.

Parsed by markdown-it-py (CommonMark, in time linear in the text's length, plus tables), then
cleaned by nh3 against a short safelist: text structure, tables and links only. Raw HTML an
editor types is handed to nh3 like the rest, so no images, embeds, scripts, styles or event
handlers can reach a page, and links may only go to http(s), mailto or our own pages.

validate() bounds what an editor may save (MAX_CHARACTERS, MAX_DEPTH) with a message they can
act on; the admin's form and its preview call it before rendering.
"""

import nh3
from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt

# The longest shipped article is under 6,000 characters; this is several times that.
MAX_CHARACTERS = 40_000
# Lists inside lists (or quotes) deeper than this are unreadable on a phone.
MAX_DEPTH = 5

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "br",
    "hr",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
# The one div there is: the box a table scrolls sideways in on a narrow phone (keyboard
# reachable, and named for screen readers).
TABLE_BOX = {"class": "table-scroll", "role": "region", "tabindex": "0", "aria-label": "Table"}
ALLOWED_VALUES = {"div": {name: {value} for name, value in TABLE_BOX.items()}, "th": {"scope": {"col"}}}
URL_SCHEMES = {"http", "https", "mailto"}

# Tags whose text is dropped along with the tag, so "<script>alert(1)</script>" leaves nothing.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "textarea",
    "title",
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ALLOWED_ATTRIBUTES,
    tag_attribute_values=ALLOWED_VALUES,
    url_schemes=URL_SCHEMES,
    url_relative="pass_through",
    link_rel="noopener noreferrer",
    strip_comments=True,
)

# Nesting is measured on the parse, so the parser need only go a little past the limit.
_parser = MarkdownIt("commonmark", {"html": True, "maxNesting": 4 * MAX_DEPTH + 8}).enable("table")
# Every link is made, whatever its address; nh3 then drops an address with a scheme outside
# URL_SCHEMES, leaving the words (markdown-it would otherwise show "[words](javascript:…)").
_parser.validateLink = lambda url: True
_box_attributes = " ".join(f'{name}="{value}"' for name, value in TABLE_BOX.items())
_parser.add_render_rule(
    "table_open", lambda self, tokens, idx, options, env: f"<div {_box_attributes}><table>\n"
)
_parser.add_render_rule("table_close", lambda self, tokens, idx, options, env: "</table></div>\n")


def _header_cell(self, tokens, idx, options, env):
    return '<th scope="col">'


_parser.add_render_rule("th_open", _header_cell)


def _depth(tokens) -> int:
    """How many lists and quotes deep the text goes."""
    depth = deepest = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
            deepest = max(deepest, depth)
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1
    return deepest


def validate(markdown_text: str) -> None:
    """Raise ValidationError when the text is longer or nested deeper than an article may be."""
    if len(markdown_text) > MAX_CHARACTERS:
        raise ValidationError(
            f"This text is {len(markdown_text):,} characters long; an article can have up to "
            f"{MAX_CHARACTERS:,}. Split it into two articles, or shorten it."
        )
    if _depth(_parser.parse(markdown_text)) > MAX_DEPTH:
        raise ValidationError(
            f"Lists or quotes are nested more than {MAX_DEPTH} deep, which no phone can show "
            "readably. Bring the inner items out to fewer levels."
        )


def render(markdown_text: str) -> str:
    """Safe HTML for `markdown_text` (call validate() first for an editor's input)."""
    return _cleaner.clean(_parser.render(markdown_text))
