"""Markdown building blocks for documents written from data: user text escaped, pipe tables, and the
translation function's type (callers pass `_`; tests pass nothing and read English), and Markdown made into
sanitised HTML. Pure: strings in and out."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import markdown as markdown_lib
import nh3

Translate = Callable[..., str]


def clean_html(text: str, extensions=("extra", "sane_lists"), **clean) -> str:
    """Markdown to HTML, then sanitised by nh3 with `clean` (tags, attributes, url_schemes, ...): the one step
    behind every page (app/text.py) and every document (documents.py) that shows what users wrote."""
    return nh3.clean(markdown_lib.markdown(text, extensions=list(extensions), output_format="html"), **clean)


def identity(text: str, **values) -> str:
    return text % values if values else text


def escape(text, strip: bool = True) -> str:
    """Text from users goes into Markdown: characters that would start markup or break a table are escaped
    (and, with `strip`, the spaces around it dropped)."""
    out = str(text or "").replace("\r", " ").replace("\n", " ")
    out = out.strip() if strip else out
    for char in "\\`*_[]<>|#":
        out = out.replace(char, "\\" + char)
    return out


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _h in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def euro(amount: Decimal | None) -> str:
    """1234.5 → "€ 1.234,50", the Italian way the plans are written in."""
    value = Decimal(amount or 0).quantize(Decimal("0.01"))
    whole, cents = f"{value:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def whole(number) -> str:
    """33786 → "33.786": a count (inhabitants, hours) as Italian documents write it."""
    return f"{number:,.0f}".replace(",", ".")
