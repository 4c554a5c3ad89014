"""A post as DOCX, ODT, PDF and Markdown: a generated synthesis keeps a heading for every section of the
skeleton, charts become tables, markers vanish, a hostile body stays inert; the public downloads published
posts only, the planning office any post."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from pypdf import PdfReader

from exports.posts import PostDocument, paper_markdown, post_markdown
from posts import publishing, services
from posts.models import PostStatus
from posts.synthesis import SECTION_KEYS, section_title
from tests.blog_helpers import make_post, post_path

HOSTILE = ("## Attenzione\n\nUn <script>alert(1)</script> e [un link](javascript:alert(2)) e "
           "<a href=\"javascript:alert(3)\">altro</a>.\n\n<!-- section:intro -->\n")


@pytest.fixture
def synthesis(app, plan):
    post = services.create_area_synthesis(plan.areas[2], author=None)
    publishing.publish(post)
    from app.extensions import db
    db.session.commit()
    return post


def office_download(district, post, fmt):
    return f"/gestione/{district.slug}/blog/articoli/{post.id}/documento.{fmt}"


def docx_headings(data: bytes) -> list[str]:
    # pandoc typesets apostrophes (' becomes ’): compare the words, not the typography
    return [p.text.replace("\u2019", "'") for p in docx.Document(io.BytesIO(data)).paragraphs
            if p.style.name.startswith("Heading")]


def test_the_docx_of_a_synthesis_has_a_heading_for_every_section(client, synthesis):
    response = client.get(post_path(synthesis, "/documento.docx"))
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert f'filename="{synthesis.slug}.docx"' in response.headers["Content-Disposition"]
    headings = docx_headings(response.data)
    for key in SECTION_KEYS:
        assert section_title(key).replace("\u2019", "'") in headings, key
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert "section:" not in text and "[[chart:" not in text


def test_charts_become_tables_on_paper(client, district):
    chart = {"title": "Budget", "figure": {"data": []},
             "table": {"caption": "Budget per azione", "headers": ["Azione", "Previsto"],
                       "rows": [["1.1", "€ 10.000"]]}}
    post = make_post(district, "Con grafico", body="## Budget\n\n[[chart:budget]]\n\nFine.",
                     charts={"budget": chart})
    document = docx.Document(io.BytesIO(client.get(post_path(post, "/documento.docx")).data))
    [table] = document.tables
    assert [c.text for c in table.rows[1].cells] == ["1.1", "€ 10.000"]
    assert "[[chart" not in "\n".join(p.text for p in document.paragraphs)
    page = client.get(post_path(post)).get_data(as_text=True)
    assert "js/charts.js" in page and "Budget per azione" in page     # on the web: the chart and its table


def test_odt_and_pdf_open(client, synthesis):
    odt = client.get(post_path(synthesis, "/documento.odt"))
    assert odt.status_code == 200
    mimetype = zipfile.ZipFile(io.BytesIO(odt.data)).read("mimetype")
    assert mimetype == b"application/vnd.oasis.opendocument.text"
    pdf = client.get(post_path(synthesis, "/documento.pdf"))
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert synthesis.title.split()[0] in text and section_title("keywords") in text


def test_the_public_downloads_published_posts_only_the_office_any(client, as_office, district):
    draft = make_post(district, "Bozza", status=PostStatus.DRAFT)
    assert client.get(post_path(draft, "/documento.docx")).status_code == 404
    assert as_office.get(post_path(draft, "/documento.docx")).status_code == 404   # public link: public posts
    response = as_office.get(office_download(district, draft, "md"))
    assert response.status_code == 200 and response.data.startswith(b"# Bozza")
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("who", ["as_facilitator", "as_referent"])
def test_other_roles_do_not_download_from_the_office(request, who, district):
    draft = make_post(district, "Bozza", status=PostStatus.DRAFT)
    assert request.getfixturevalue(who).get(office_download(district, draft, "docx")).status_code == 403


def test_a_hostile_body_is_inert_in_every_document(as_office, district):
    post = make_post(district, "Ostile", body=HOSTILE)
    data = as_office.get(office_download(district, post, "docx")).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                      if name.endswith((".xml", ".rels")))
    assert "javascript:" not in xml and "alert(1)" not in xml
    with zipfile.ZipFile(io.BytesIO(as_office.get(office_download(district, post, "odt")).data)) as archive:
        assert "javascript:" not in archive.read("content.xml").decode()
    markdown = as_office.get(office_download(district, post, "md")).get_data(as_text=True)
    assert "<script" not in markdown and "section:" not in markdown
    pdf = as_office.get(office_download(district, post, "pdf"))
    assert pdf.status_code == 200
    assert "javascript" not in str(PdfReader(io.BytesIO(pdf.data)).pages[0].get("/Annots", ""))


def test_the_document_markdown_is_built_from_summary_text_tags_and_address():
    doc = PostDocument(title="Sintesi", body="<!-- c -->\n\n## Testo\n\nCorpo.\n", summary="In *breve*",
                       url="https://pdz.example/blog/a/b", tags=["Rete", "Welfare"],
                       labels={"tags": "Etichette", "source": "Pubblicato all'indirizzo"})
    text = post_markdown(doc)
    assert text.startswith("*In \\*breve\\**\n\n## Testo\n\nCorpo.")
    assert "Etichette: Rete, Welfare" in text and "<https://pdz.example/blog/a/b>" in text
    assert paper_markdown("a<style>x{}</style>b<script>\nalert(1)\n</script>c") == "abc\n"
    assert paper_markdown('<a href="javascript:x()" onclick="y()">testo</a> <https://ok.example>') == \
        "testo <https://ok.example>\n"
