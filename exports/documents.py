"""Markdown in, office documents out: DOCX and ODT through pandoc (the pypandoc_binary wheel ships it),
PDF through WeasyPrint, or the Markdown itself. Minutes, posts and plan drafts are all written as Markdown,
so headings, lists and pipe tables become real headings, lists and tables in every format.

Whatever the text holds stays inert: raw HTML is read as plain text, links keep only http(s), mailto and
in-document targets, and images are embedded only when the caller hands over their bytes - nothing in a
document can make the server fetch a URL.
"""
from __future__ import annotations

import base64
import json
import os
import tempfile
from collections.abc import Mapping
from io import BytesIO

from markupsafe import escape

from .book import Layout, book_body, book_css, reference_document
from .markdown import clean_html

DOCUMENT_FORMATS: dict[str, tuple[str, str]] = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "odt": ("application/vnd.oasis.opendocument.text", "odt"),
    "pdf": ("application/pdf", "pdf"),
    "md": ("text/markdown; charset=utf-8", "md"),
}
# Pandoc's Markdown without its raw-passthrough extensions: "<script>" in a text stays the text "<script>".
PANDOC_MARKDOWN = "markdown-raw_html-raw_attribute-raw_tex-native_divs-native_spans"
SAFE_SCHEMES = ("http://", "https://", "mailto:", "#")
HTML_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "strong", "em", "b", "i", "ul", "ol", "li",
             "blockquote", "code", "pre", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "img"}
PDF_CSS = """
@page { size: A4; margin: 2cm 1.8cm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1a1a1a; }
h1 { font-size: 20pt; margin: 0 0 .3em; } h2 { font-size: 15pt; margin-top: 1.4em; }
h3 { font-size: 12.5pt; } .subtitle { font-size: 12pt; color: #444; margin-bottom: 1.5em; }
table { border-collapse: collapse; width: 100%; margin: .8em 0; font-size: 9pt; }
th, td { border: 1px solid #777; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #e8eef5; } tr { page-break-inside: avoid; }
blockquote { border-left: 3pt solid #9ab; margin-left: 0; padding-left: 10pt; color: #333; }
img { max-width: 100%; }
"""


def render_document(markdown_text: str, fmt: str, *, title: str, subtitle: str | None = None,
                    language: str = "it", images: Mapping[str, bytes] | None = None,
                    layout: Layout | None = None) -> bytes:
    """The document `markdown_text` as `fmt` (a key of DOCUMENT_FORMATS), with `title` on top.

    `images` maps image URLs used in the Markdown to their bytes (e.g. uploads served by the app); other
    images are replaced by their alternative text. `layout` makes it a book (exports/book.py): cover, table of
    contents, running header and page numbers, wide tables on landscape pages.
    """
    if fmt not in DOCUMENT_FORMATS:
        raise ValueError(f"unknown document format: {fmt}")
    images = dict(images or {})
    if fmt == "md":
        head = f"# {title}\n\n" + (f"*{subtitle}*\n\n" if subtitle else "")
        return (head + markdown_text.strip() + "\n").encode("utf-8")
    if fmt == "pdf":
        return _pdf(markdown_text, title=title, subtitle=subtitle, language=language, images=images,
                    layout=layout)
    return _pandoc(markdown_text, fmt, title=title, subtitle=subtitle, language=language, images=images,
                   layout=layout)


# --- DOCX and ODT ------------------------------------------------------------------------------------

def _pandoc(markdown_text: str, fmt: str, *, title, subtitle, language, images, layout=None) -> bytes:
    import pypandoc   # loaded only when a DOCX or ODT is made: it finds pandoc on import
    ast = json.loads(pypandoc.convert_text(markdown_text, "json", format=PANDOC_MARKDOWN))
    with tempfile.TemporaryDirectory(prefix="pdz-doc-") as folder:
        files = {}
        for number, (url, data) in enumerate(images.items()):
            files[url] = os.path.join(folder, f"image-{number}")
            with open(files[url], "wb") as file:
                file.write(data)
        ast["blocks"] = _safe_blocks(ast["blocks"], files)
        meta = {"title": title, "lang": language}
        if subtitle:
            meta["subtitle"] = subtitle
        extra = [f"--resource-path={folder}"]
        if layout is not None:
            meta["toc-title"] = layout.contents
            reference = os.path.join(folder, f"reference.{fmt}")
            with open(reference, "wb") as file:
                file.write(reference_document(fmt, layout, pypandoc.get_pandoc_path()))
            extra += ["--toc", "--toc-depth=2", f"--reference-doc={reference}"]
        ast["meta"] = {key: {"t": "MetaString", "c": value} for key, value in meta.items()}
        output = os.path.join(folder, f"document.{fmt}")
        pypandoc.convert_text(json.dumps(ast), fmt, format="json", outputfile=output, extra_args=extra)
        with open(output, "rb") as file:
            return file.read()


def _safe_blocks(node, files: Mapping[str, str]):
    """The pandoc AST with unsafe links unwrapped and unknown images replaced by their alt text."""
    if isinstance(node, list):
        out = []
        for item in node:
            replaced = _safe_inline(item, files) if isinstance(item, dict) else None
            if replaced is not None:
                out.extend(_safe_blocks(replaced, files))
            else:
                out.append(_safe_blocks(item, files))
        return out
    if isinstance(node, dict):
        return {key: _safe_blocks(value, files) for key, value in node.items()}
    return node


def _safe_inline(element: dict, files: Mapping[str, str]) -> list | None:
    """A replacement list for a Link or Image element that must not stay as it is; None keeps it."""
    kind = element.get("t")
    if kind == "Figure":   # an image alone in its paragraph: keep the figure only if its image stays
        attr, caption, blocks = element["c"]
        inlines = [i for b in blocks if b.get("t") in ("Plain", "Para") for i in b["c"]]
        if any(i.get("t") == "Image" and i["c"][2][0] not in files for i in inlines):
            return [{"t": "Para", "c": _safe_blocks(inlines, files)}]
        return None
    if kind == "Link":
        attr, content, (target, link_title) = element["c"]
        return None if target.lower().startswith(SAFE_SCHEMES) else content
    if kind == "Image":
        attr, alt, (target, image_title) = element["c"]
        if target in files:
            element["c"] = [attr, alt, [files[target], image_title]]
            return None
        return alt
    return None


# --- PDF --------------------------------------------------------------------------------------------

def document_html(markdown_text: str, *, title: str, subtitle: str | None = None, language: str = "it",
                  images: Mapping[str, bytes] | None = None, layout: Layout | None = None) -> str:
    """A standalone, sanitised HTML page of the document (what the PDF is printed from)."""
    images = images or {}
    body = clean_html(markdown_text, tags=HTML_TAGS, url_schemes={"http", "https", "mailto", "data"},
                      attributes={"a": {"href", "title"}, "th": {"scope", "colspan", "rowspan"},
                                  "td": {"colspan", "rowspan"}, "img": {"src", "alt", "title"}},
                      attribute_filter=lambda tag, attr, value: _pdf_attribute(tag, attr, value, images))
    css = PDF_CSS
    if layout is not None:
        css += book_css(layout)
        content = book_body(title, subtitle, body, layout)
    else:
        sub = f'<p class="subtitle">{escape(subtitle)}</p>' if subtitle else ""
        content = f"<h1>{escape(title)}</h1>{sub}{body}"
    return (f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{css}</style></head><body>{content}</body></html>")


def _pdf_attribute(tag: str, attr: str, value: str, images: Mapping[str, bytes]) -> str | None:
    if tag == "img" and attr == "src":
        data = images.get(value)
        if data is None:
            return None
        kind = _image_type(data)
        return f"data:{kind};base64,{base64.b64encode(data).decode()}"
    if tag == "a" and attr == "href" and not value.lower().startswith(SAFE_SCHEMES):
        return None
    return value


def _image_type(data: bytes) -> str:
    from PIL import Image   # Pillow loads only when a PDF embeds an image
    try:
        with Image.open(BytesIO(data)) as image:
            return Image.MIME.get(image.format, "application/octet-stream")
    except OSError:
        return "application/octet-stream"


def _pdf(markdown_text: str, *, title, subtitle, language, images, layout=None) -> bytes:
    # WeasyPrint takes about a second to load and needs system libraries: only when a PDF is made
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):
        """Only data: URLs (the embedded images); a document never makes the server fetch anything."""

        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise ValueError(f"not fetched for a document: {url}")
            return super().fetch(url, headers)

    html = document_html(markdown_text, title=title, subtitle=subtitle, language=language, images=images,
                         layout=layout)
    return HTML(string=html, url_fetcher=DataOnly(allowed_protocols={"data"})).write_pdf()
