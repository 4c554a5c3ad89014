"""The layout of a document an assembly reads and signs (the plan draft): a cover, a table of contents, a
running header (district, plan, version) and "Pagina X di Y" in the footer, A4 pages, and tables too wide for a
portrait page on landscape pages with their header row repeated on every page they run onto.

PDF: WeasyPrint's paged media (named pages, margin boxes, target counters). DOCX and ODT: pandoc's own table
of contents (a real TOC field in Word) and a reference document made here from pandoc's default one, whose
page style carries the header and the footer with page fields. Pure: strings and bytes in and out.
"""
from __future__ import annotations

import html
import io
import re
import subprocess  # nosec B404
import zipfile
from dataclasses import dataclass, field
from functools import cache


WIDE_COLUMNS = 6          # a chapter with a table of more columns than this is printed landscape (PDF)
_TABLE = re.compile(r"<table>.*?</table>", re.S)
_HEADER_CELL = re.compile(r"<th[ >]")
_HEADING = re.compile(r"<h2>(.*?)</h2>", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Layout:
    header: str                                                    # "Ambito … · V Piano di Zona · Bozza"
    cover: list[tuple[str, str]] = field(default_factory=list)    # (label, value) under the title
    contents: str = "Indice"
    page: str = "Pagina"
    of: str = "di"
    line_numbers: bool = False    # DOCX and ODT number the lines in the margin (every fifth shown)


# --- PDF ----------------------------------------------------------------------------------------------------

def _css_string(text: str) -> str:
    """`text` as a CSS string that cannot end the string, the rule or the style element."""
    safe = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{safe}"'


def book_css(layout: Layout) -> str:
    return f"""
@page {{ size: A4; margin: 2.2cm 1.8cm 2cm;
  @top-left {{ content: {_css_string(layout.header)}; font-size: 8pt; color: #444; width: 100%; }}
  @bottom-center {{ content: {_css_string(layout.page + " ")} counter(page) {_css_string(" " + layout.of + " ")}
                    counter(pages); font-size: 8pt; color: #444; }}
  @bottom-right {{ content: none; }} }}
@page :first {{ @top-left {{ content: none; }} @bottom-center {{ content: none; }} }}
@page wide {{ size: A4 landscape; margin: 2cm 1.5cm 1.8cm; }}
body {{ overflow-wrap: anywhere; }}
.cover {{ page-break-after: always; padding-top: 5cm; }}
.cover h1 {{ font-size: 26pt; }} .cover dl {{ margin-top: 3cm; font-size: 11pt; }}
.cover dt {{ font-weight: bold; float: left; clear: left; width: 5cm; }} .cover dd {{ margin: 0 0 .4em 5.2cm; }}
.toc {{ page-break-after: always; }} .toc ol {{ list-style: none; padding: 0; }} .toc li {{ margin: .3em 0; }}
.toc a {{ color: inherit; text-decoration: none; }}
.toc a::after {{ content: leader('.') target-counter(attr(href), page); }}
.wide {{ page: wide; }}
.wide table {{ table-layout: fixed; font-size: 7.5pt; }} .wide th:first-child {{ width: 2.8em; }}
table {{ table-layout: fixed; }} th, td {{ overflow-wrap: anywhere; hyphens: auto; }}
thead {{ display: table-header-group; }} h2 {{ page-break-after: avoid; }}
"""


def _is_wide(section: str) -> bool:
    """Whether a chapter holds a table whose header row has more than WIDE_COLUMNS cells."""
    return any(len(_HEADER_CELL.findall(table.split("</tr>", 1)[0])) > WIDE_COLUMNS
               for table in _TABLE.findall(section))


def _chapters(body_html: str) -> tuple[str, list[str]]:
    """The body with an anchor on each chapter heading and its wide chapters on landscape pages (consecutive
    ones flow on together), and the chapters' headings."""
    pieces = re.split(r"(?=<h2>)", body_html)
    headings, out = [], []
    for piece in pieces:
        match = _HEADING.match(piece)
        if match:
            headings.append(match.group(1))
            piece = f'<h2 id="chapter-{len(headings)}">{match.group(1)}</h2>' + piece[match.end():]
        out.append(f'<section class="wide">{piece}</section>' if match and _is_wide(piece) else piece)
    return "".join(out), headings


def book_body(title: str, subtitle: str | None, body_html: str, layout: Layout) -> str:
    """The cover, the table of contents of the chapters (the h2 headings) and the body, for the PDF."""
    body_html, chapters = _chapters(body_html)
    facts = "".join(f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>"
                    for label, value in layout.cover if value)
    cover = (f'<section class="cover"><h1>{html.escape(title)}</h1>'
             + (f'<p class="subtitle">{html.escape(subtitle)}</p>' if subtitle else "")
             + (f"<dl>{facts}</dl>" if facts else "") + "</section>")
    entries = "".join(f'<li><a href="#chapter-{number}">{_TAG.sub("", heading)}</a></li>'
                      for number, heading in enumerate(chapters, start=1))
    toc = f'<nav class="toc"><h2 class="toc-title">{html.escape(layout.contents)}</h2><ol>{entries}</ol></nav>'
    return cover + (toc if chapters else "") + body_html


# --- DOCX and ODT: the reference document ----------------------------------------------------------------------

W_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
W_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A4_SECTION = ('<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1247" w:right="1021" w:bottom="1134" '
              'w:left="1021" w:header="567" w:footer="567" w:gutter="0"/>')


def _rewrite(data: bytes, changes: dict[str, str]) -> bytes:
    """The zip `data` with some members replaced or added (the ODF mimetype stays first, uncompressed)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = changes.pop(item.filename, None)
            payload = content.encode("utf-8") if content is not None else source.read(item.filename)
            kind = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(item.filename, payload, compress_type=kind)
        for name, content in changes.items():
            target.writestr(name, content.encode("utf-8"))
    return out.getvalue()


def _word_paragraph(style: str, runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/><w:jc w:val="center"/></w:pPr>{runs}</w:p>'


def _word_text(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r>'


def _word_field(instruction: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'


def docx_reference(default: bytes, layout: Layout) -> bytes:
    """pandoc's reference.docx with A4 pages, the running header and "Pagina {PAGE} di {NUMPAGES}"."""
    source = zipfile.ZipFile(io.BytesIO(default))
    header = f'<w:hdr {W_NS}>{_word_paragraph("Header", _word_text(layout.header))}</w:hdr>'
    footer = (f'<w:ftr {W_NS}>' + _word_paragraph("Footer", _word_text(layout.page + " ") + _word_field("PAGE")
                                                 + _word_text(" " + layout.of + " ") + _word_field("NUMPAGES"))
              + "</w:ftr>")
    rels = source.read("word/_rels/document.xml.rels").decode("utf-8").replace(
        "</Relationships>", f'<Relationship Type="{REL}/header" Id="rIdPdzHeader" Target="header-pdz.xml"/>'
                            f'<Relationship Type="{REL}/footer" Id="rIdPdzFooter" Target="footer-pdz.xml"/>'
                            "</Relationships>")
    types = source.read("[Content_Types].xml").decode("utf-8").replace(
        "</Types>", f'<Override PartName="/word/header-pdz.xml" ContentType="{W_HEADER}"/>'
                    f'<Override PartName="/word/footer-pdz.xml" ContentType="{W_FOOTER}"/></Types>')
    document = source.read("word/document.xml").decode("utf-8")
    # The order Word requires: header and footer references first, page size and margins after footnotePr.
    document = document.replace("<w:sectPr>", '<w:sectPr><w:headerReference w:type="default" '
                                'r:id="rIdPdzHeader"/><w:footerReference w:type="default" r:id="rIdPdzFooter"/>', 1)
    numbering = '<w:lnNumType w:countBy="5" w:restart="newPage"/>' if layout.line_numbers else ""
    document = document.replace("</w:sectPr>", A4_SECTION + numbering + "</w:sectPr>", 1)
    return _rewrite(default, {"word/header-pdz.xml": header, "word/footer-pdz.xml": footer,
                              "word/_rels/document.xml.rels": rels, "[Content_Types].xml": types,
                              "word/document.xml": document})


def odt_reference(default: bytes, layout: Layout) -> bytes:
    """pandoc's reference.odt with A4 pages, the running header and "Pagina N di M" in the footer."""
    styles = zipfile.ZipFile(io.BytesIO(default)).read("styles.xml").decode("utf-8")
    styles = re.sub(r'fo:page-width="[^"]*"', 'fo:page-width="21cm"', styles, count=1)
    styles = re.sub(r'fo:page-height="[^"]*"', 'fo:page-height="29.7cm"', styles, count=1)
    styles = styles.replace("<style:header-style />", '<style:header-style><style:header-footer-properties '
                            'fo:min-height="0.4in" fo:margin-bottom="0.2in"/></style:header-style>', 1)
    master = ('<style:master-page style:name="Standard" style:page-layout-name="Mpm1">'
              f'<style:header><text:p text:style-name="Header">{html.escape(layout.header)}</text:p></style:header>'
              f'<style:footer><text:p text:style-name="Footer">{html.escape(layout.page)} '
              '<text:page-number text:select-page="current">1</text:page-number> '
              f'{html.escape(layout.of)} <text:page-count>1</text:page-count></text:p></style:footer>'
              "</style:master-page>")
    styles = re.sub(r'<style:master-page style:name="Standard".*?</style:master-page>', master, styles,
                    count=1, flags=re.S)
    if layout.line_numbers:
        styles = styles.replace("</office:styles>", '<text:linenumbering-configuration text:number-lines="true" '
                                'text:offset="0.4cm" style:num-format="1" text:number-position="left" '
                                'text:increment="5" text:restart-on-page="true"/></office:styles>', 1)
    return _rewrite(default, {"styles.xml": styles})


@cache
def _pandoc_default(fmt: str, pandoc: str) -> bytes:
    # pandoc's own binary (from the pypandoc_binary wheel) with fixed arguments: no shell, nothing from a user
    command = [pandoc, "--print-default-data-file", f"reference.{fmt}"]
    return subprocess.run(command, capture_output=True, check=True).stdout  # nosec B603


def reference_document(fmt: str, layout: Layout, pandoc: str) -> bytes:
    default = _pandoc_default(fmt, pandoc)
    return docx_reference(default, layout) if fmt == "docx" else odt_reference(default, layout)
