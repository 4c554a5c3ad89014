"""Markdown rendered and then sanitised, in one place for every template and export."""
import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from sqlalchemy import func, or_

from exports.markdown import clean_html

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
                "h2", "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "img"}
# Images only from this site (relative addresses) or http(s); an image without alt gets an empty one.
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")


class _ShiftHeadings(Extension):
    """Headings `shift` levels up or down, kept between h2 (the page has its own h1) and h6."""

    def __init__(self, shift: int):
        super().__init__()
        self.shift = shift

    def extendMarkdown(self, md):
        shift = self.shift

        class Shift(Treeprocessor):
            def run(self, root):
                for element in root.iter():
                    if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                        element.tag = f"h{min(6, max(2, int(element.tag[1]) + shift))}"

        md.treeprocessors.register(Shift(md), "shift_headings", 5)


def render_markdown(text: str | None, heading_shift: int = 0) -> Markup:
    """`heading_shift` moves the text's headings to where it is shown: a chapter written with the whole
    document's levels (## chapter, ### section) is shown on a page of its own with -1, sections as h2."""
    if not text:
        return Markup("")
    extensions = ["extra", "sane_lists"] + ([_ShiftHeadings(heading_shift)] if heading_shift else [])
    clean = clean_html(text, extensions, tags=ALLOWED_TAGS,
                       attributes={"a": {"href", "title"}, "th": {"scope"}, "img": {"src", "alt", "title"}},
                       url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow",
                       attribute_filter=_image_source)
    # bandit B704: nh3 has just sanitised it
    return Markup(_IMG_WITHOUT_ALT.sub('<img alt=""', clean))  # nosec B704


def _image_source(tag: str, attribute: str, value: str) -> str | None:
    # mailto:, data: and "//host" (another site without a scheme) are no image sources here.
    if tag == "img" and attribute == "src" and (value.startswith("//")
                                                or not value.startswith(("/", "http://", "https://"))):
        return None
    return value


def shorten(text: str | None, length: int) -> str:
    """The opening of a text on one line, cut at a word with an ellipsis: at most `length` characters."""
    flat = " ".join((text or "").split())
    if len(flat) <= length:
        return flat
    return flat[:length - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def contains_text(search: str, *columns):
    """A case-insensitive "contains" over `columns`, with the user's % and _ taken literally."""
    escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(func.lower(column).like(f"%{escaped}%", escape="\\") for column in columns))
