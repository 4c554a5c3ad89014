"""Markdown rendered and then sanitised, in one place for every template and export."""
import re

import markdown as markdown_lib
import nh3
from markupsafe import Markup
from sqlalchemy import func, or_

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
                "h2", "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "img"}
# Images only from this site (relative addresses) or http(s); an image without alt gets an empty one.
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS,
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


def contains_text(search: str, *columns):
    """A case-insensitive "contains" over `columns`, with the user's % and _ taken literally."""
    escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(func.lower(column).like(f"%{escaped}%", escape="\\") for column in columns))
