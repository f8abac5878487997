"""Article bodies are written in Markdown by editors and shown as HTML to everyone.

Markdown passes raw HTML straight through, so whatever it produces is cleaned by nh3 against a
short safelist: text structure and links only. No images, embeds, scripts, styles or event
handlers can reach a page, and links may only go to http(s), mailto or our own pages.
"""

import markdown as _markdown
import nh3

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
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
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
    url_schemes=URL_SCHEMES,
    url_relative="pass_through",
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def render(markdown_text: str) -> str:
    html = _markdown.markdown(markdown_text, extensions=["sane_lists"], output_format="html")
    return _cleaner.clean(html)
