"""Cleaning the little formatting staff may use in long text (engagement bodies).

bleach keeps an allowlist of tags and attributes and escapes everything else, so the result is
safe to mark as safe in a template. Plain text without tags gets paragraphs from blank lines.
"""

import re
from functools import lru_cache

import bleach
from markupsafe import Markup, escape

ALLOWED_TAGS = ["p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote"]
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = ["http", "https", "mailto", "tel"]

_HAS_BLOCK_TAG = re.compile(r"<\s*(p|ul|ol|h2|h3|blockquote)\b", re.IGNORECASE)


def clean_rich_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    if not _HAS_BLOCK_TAG.search(text):
        paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
        text = "".join(f"<p>{part}</p>" for part in paragraphs)
        text = text.replace("\n", "<br>")
    return bleach.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


@lru_cache(maxsize=512)
def cleaned_markup(html: str) -> Markup:
    """Markup for stored rich text, cleaned again on the way out in case a row was written by
    anything other than the form (an import, a hand edit). Cached: the same body is shown often."""
    return Markup(clean_rich_text(html)) if html else escape("")  # noqa: S704 - cleaned by bleach
