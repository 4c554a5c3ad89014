"""Markdown becomes DOCX, ODT, PDF and Markdown documents with real headings and tables, and nothing typed
into the text can run or make the server fetch anything."""
import io
import zipfile

import docx
import pytest
from odf import opendocument, table as odf_table, text as odf_text
from PIL import Image
from pypdf import PdfReader

from exports.documents import DOCUMENT_FORMATS, document_html, render_document

TEXT = """## Premessa

Il piano nasce dalla **valutazione** del precedente.

| N. | Obiettivo | Risorse |
|---|---|---|
| 1.1 | Conoscere i bisogni | € 10.000 |
| 1.2 | Ricomporre i servizi | € 5.000 |

### Linee di sviluppo
- corresponsabilità
- sinergia
"""
HOSTILE = """## Attenzione

Un <script>alert(1)</script> e un [link](javascript:alert(2)) e un [sito](https://example.org).

![fuori](http://192.0.2.1/spia.png)
"""


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def odt_text(data: bytes) -> tuple[list[str], list[list[str]]]:
    document = opendocument.load(io.BytesIO(data))

    def flat(node) -> str:
        return "".join(str(child) if child.nodeType == child.TEXT_NODE else flat(child)
                       for child in node.childNodes)
    headings = [flat(h).strip() for h in document.getElementsByType(odf_text.H)]
    rows = [[flat(cell).strip() for cell in row.getElementsByType(odf_table.TableCell)]
            for row in document.getElementsByType(odf_table.TableRow)]
    return headings, rows


def test_docx_has_title_headings_and_a_real_table():
    document = docx.Document(io.BytesIO(render_document(TEXT, "docx", title="V Piano di Zona",
                                                        subtitle="Bozza")))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", "V Piano di Zona") in styles and ("Subtitle", "Bozza") in styles
    assert ("Heading 2", "Premessa") in styles and ("Heading 3", "Linee di sviluppo") in styles
    [objectives] = document.tables
    assert [cell.text for cell in objectives.rows[1].cells] == ["1.1", "Conoscere i bisogni", "€ 10.000"]


def test_odt_opens_with_headings_and_table():
    headings, rows = odt_text(render_document(TEXT, "odt", title="V Piano di Zona"))
    assert "Premessa" in headings and "Linee di sviluppo" in headings
    assert ["1.2", "Ricomporre i servizi", "€ 5.000"] in rows


def test_pdf_shows_the_table_text():
    pdf = render_document(TEXT, "pdf", title="V Piano di Zona")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "V Piano di Zona" in text and "Ricomporre i servizi" in text and "1.1" in text


def test_markdown_keeps_the_text_under_its_title():
    assert render_document(TEXT, "md", title="Titolo").decode().startswith("# Titolo\n\n## Premessa")


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render_document(TEXT, "exe", title="x")
    assert set(DOCUMENT_FORMATS) == {"docx", "odt", "pdf", "md"}


def test_raw_html_stays_text_and_unsafe_links_are_unwrapped_in_docx():
    data = render_document(HOSTILE, "docx", title="x")
    document = docx.Document(io.BytesIO(data))
    body = " ".join(p.text for p in document.paragraphs)
    assert "<script>alert(1)</script>" in body          # shown as the literal text, not a script
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    assert "javascript" not in rels and "https://example.org" in rels
    assert "192.0.2.1" not in rels and "fuori" in body  # the outside image is its alt text


def test_odt_drops_javascript_links():
    data = render_document(HOSTILE, "odt", title="x")
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode()
    assert "javascript:" not in content and "192.0.2.1" not in content


def test_pdf_html_is_sanitised_and_fetches_nothing():
    html = document_html(HOSTILE, title="<b>x</b>")
    assert "<script" not in html and "javascript:" not in html and "192.0.2.1" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    render_document(HOSTILE, "pdf", title="x")        # the outside image is not fetched (no error, no wait)


def test_images_handed_over_are_embedded():
    text = "Logo:\n\n![Logo del distretto](/media/7)\n"
    data = render_document(text, "docx", title="x", images={"/media/7": png()})
    assert any(name.startswith("word/media/") for name in zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert 'src="data:image/png;base64,' in document_html(text, title="x", images={"/media/7": png()})
