"""The draft as a book the assembly can read and sign: a cover, a table of contents, the running header and
"Pagina X di Y", A4 pages, the wide objectives table on landscape pages with its header on every page and no
character outside the page, the same structure in DOCX (Word headings, a TOC field, header and footer) and ODT;
written from the demo district's territory."""
from __future__ import annotations

import io
import zipfile

import docx
import pdfplumber
import pytest
from odf import opendocument, style as odf_style, teletype, text as odf_text

from exports.book import Layout, book_body
from exports.draft import AxisRows, ChapterText, DraftDocument, ObjectiveRow, draft_document

HEADER = ["No.", "Objective", "Type of intervention", "Resources", "Tools", "Outcome indicators", "Target range",
          "Timing", "Responsible", "Partners"]
LONG = ("Un obiettivo scritto per esteso, come gli uffici li scrivono davvero quando descrivono che cosa cambia "
        "per le famiglie, con parole lunghissime come corresponsabilizzazione e interistituzionalmente, e un "
        "indirizzo https://www.comune.crema.cr.it/servizi-sociali/piano-di-zona-2015-2017/obiettivi-e-azioni.")[:300]
MM = 72 / 25.4      # points in a millimetre


def book(axes: int = 1, objectives: int = 3, cell: str = "Mappare i bisogni") -> DraftDocument:
    rows = [AxisRows(a, f"Asse {a}", objectives=[
        ObjectiveRow(f"{a}.{o}", cell, intervention_type=cell, resources=cell, tools=cell, outcome_indicators=cell,
                     target_range=cell, timing=cell, responsible=cell, partners=[cell])
        for o in range(1, objectives + 1)]) for a in range(1, axes + 1)]
    return DraftDocument(
        title="V Piano di Zona 2015-2017", subtitle="Bozza per l'Assemblea dei Sindaci",
        facts=[("District", "Ambito Distrettuale Cremasco"), ("Version", "Testo attuale")],
        chapters=[ChapterText("premessa", "Premessa", "Il piano nasce dalla valutazione."),
                  ChapterText("objectives", "Obiettivi per asse", "Gli obiettivi seguono."),
                  ChapterText("annexes", "Allegati", "")],
        axes=rows, header="Ambito Distrettuale Cremasco · V Piano di Zona 2015-2017 · Testo attuale")


def pdf_pages(document: DraftDocument) -> list:
    with pdfplumber.open(io.BytesIO(draft_document(document, "pdf"))) as pdf:
        return [(page.width, page.height, page.chars, page.extract_text() or "") for page in pdf.pages]


def outside(pages) -> list[str]:
    """Characters not inside the page less 5 mm on every side (the printable area of any office printer)."""
    lost = []
    for number, (width, height, chars, _text) in enumerate(pages, start=1):
        edge = 5 * MM
        lost += [f"page {number}: {c['text']!r} at {c['x0']:.0f},{c['top']:.0f}" for c in chars
                 if c["x0"] < edge or c["x1"] > width - edge or c["top"] < edge or c["bottom"] > height - edge]
    return lost


def test_the_pdf_has_a_cover_a_table_of_contents_and_numbered_pages():
    pages = pdf_pages(book())
    cover, contents = pages[0][3], pages[1][3]
    assert "V Piano di Zona 2015-2017" in cover and "Ambito Distrettuale Cremasco" in cover
    assert "Page" not in cover                                        # no header or footer on the cover
    assert "Contents" in contents and "1. Premessa" in contents and "2. Obiettivi per asse" in contents
    for number, (width, height, _chars, text) in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in text
        assert "Ambito Distrettuale Cremasco · V Piano di Zona 2015-2017 · Testo attuale" in text
    assert all(round(min(w, h) / MM) == 210 and round(max(w, h) / MM) == 297 for w, h, _c, _t in pages)   # A4


@pytest.mark.parametrize("axes, objectives, cell", [(1, 3, "Mappare i bisogni"), (4, 25, LONG)])
def test_the_objectives_table_fits_the_page_with_its_header_on_every_page(axes, objectives, cell):
    pages = pdf_pages(book(axes, objectives, cell))
    assert outside(pages) == []
    with_table = [(width, text) for width, _h, _c, text in pages if "Type of" in text or "1.1" in text]
    assert with_table and all(width > 800 for width, _text in with_table)        # landscape
    for _width, text in with_table:
        flat = " ".join(text.split())
        assert all(word in flat for word in ("No.", "Objective", "Tools", "Timing", "Responsible", "Partners"))
    numbers = " ".join(text for _w, _h, _c, text in pages)
    assert f"{axes}.{objectives}" in numbers                               # the last row is there


def test_docx_has_word_headings_a_toc_field_a_header_and_a_footer():
    data = draft_document(book(), "docx")
    document = docx.Document(io.BytesIO(data))
    styles = {(p.style.name, p.text) for p in document.paragraphs}
    assert ("Title", "V Piano di Zona 2015-2017") in styles and ("Heading 2", "1. Premessa") in styles
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:docPartGallery w:val="Table of Contents"' in xml and "TOC \\o" in xml
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == [book().header]
    footer = zipfile.ZipFile(io.BytesIO(data)).read("word/footer-pdz.xml").decode()
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_odt_has_a_table_of_contents_and_the_page_style_header_and_footer():
    data = draft_document(book(), "odt")
    document = opendocument.load(io.BytesIO(data))
    assert document.getElementsByType(odf_text.TableOfContent)
    headings = [teletype.extractText(h) for h in document.getElementsByType(odf_text.H)]
    assert "1. Premessa" in headings and "2. Obiettivi per asse" in headings
    [master] = document.getElementsByType(odf_style.MasterPage)
    assert teletype.extractText(master.getElementsByType(odf_style.Header)[0]) == book().header
    assert master.getElementsByType(odf_style.Footer)[0].getElementsByType(odf_text.PageCount)
    files = zipfile.ZipFile(io.BytesIO(data))
    assert "<text:table-of-content" in files.read("content.xml").decode()
    styles = files.read("styles.xml").decode()
    assert book().header in styles and "<text:page-number" in styles and "<text:page-count" in styles
    assert 'fo:page-width="21cm"' in styles
    assert files.infolist()[0].filename == "mimetype"


def test_the_running_header_cannot_break_out_of_the_style_sheet():
    html = book_body("T", None, "<h2>Uno</h2><p>x</p>", Layout(header='"; } </style><script>alert(1)</script>'))
    assert "<script>" not in html and 'href="#chapter-1"' in html
    from exports.book import book_css
    css = book_css(Layout(header='a"b</style>'))
    assert '"a\\"b\\3c /style>"' in css and "</style>" not in css
