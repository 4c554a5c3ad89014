"""The draft as a document for the mayors' assembly: Markdown built from the chapters, numbered objective tables
and the annex of signatories, turned into DOCX, ODT and PDF that open; `pdz export draft` and the downloads."""
from __future__ import annotations

import io
from decimal import Decimal
import subprocess
import sys
from types import SimpleNamespace

import docx
import pytest
from odf import opendocument, table as odf_table, teletype, text as odf_text

from app.audit import actor_name
from app.cli import main
from app.extensions import db
from app.models import ActionOrganization, InvolvementRole, Organization, OrganizationType
from exports.draft import AxisRows, ChapterText, DraftDocument, ObjectiveRow, Subscriber, demote_headings, \
    draft_markdown
from plan_drafts import prefill, services, versions
from plan_drafts.document import document_data, export
from plan_drafts.models import ChapterKey
from tests.draft_helpers import BASE, make_draft

OBJECTIVE = "Mappare i bisogni con i Comuni"


# ---- the Markdown (pure) -------------------------------------------------------------------------------

def document(**overrides) -> DraftDocument:
    data = dict(
        title="V Piano di Zona 2015-2017", subtitle="Bozza", facts=[("District", "Cremasco"), ("Empty", "")],
        chapters=[ChapterText("premessa", "Premessa", "# Perché\n\nTesto | con barra.\n\n```\n# non un titolo\n```"),
                  ChapterText("objectives", "Obiettivi per asse", "Gli obiettivi seguono."),
                  ChapterText("annexes", "Allegati", "")],
        axes=[AxisRows(1, "Conoscenze", objectives=[ObjectiveRow("1.1", "Mappare | bisogni", timing="2015"),
                                                    ObjectiveRow("1.2", "Osservatorio", partners=["A", "B"])]),
              AxisRows(2, "Servizi")],
        signatories=[Subscriber("Comune di Crema", "Comune")], adherents=[Subscriber("Coop Alfa", "Cooperativa")])
    data.update(overrides)
    return DraftDocument(**data)


def test_chapters_are_numbered_and_their_own_headings_go_below():
    text = draft_markdown(document())
    assert "## 1. Premessa" in text and "## 2. Obiettivi per asse" in text and "## 3. Allegati" in text
    assert "### Perché" in text and "\n# non un titolo" in text       # code is left alone
    assert "- **District:** Cremasco" in text and "Empty" not in text


def test_the_objective_tables_are_numbered_by_axis_after_the_objectives_chapter():
    text = draft_markdown(document())
    objectives = text.index("## 2. Obiettivi per asse")
    assert objectives < text.index("### 1. Conoscenze") < text.index("### 2. Servizi") < text.index("## 3. Allegati")
    assert "| 1.1 | Mappare \\| bisogni |" in text and "| 1.2 | Osservatorio |" in text
    assert "A, B" in text and "No objectives yet." in text


def test_the_annex_lists_signatories_and_adherents_once():
    text = draft_markdown(document())
    assert text.index("## 3. Allegati") < text.index("### Signatories of the agreement") < text.index("Comune di Crema")
    assert "Coop Alfa" in text
    kept = document(chapters=[ChapterText("annexes", "Allegati", "### Signatories of the agreement\n\nScritti a mano")])
    assert draft_markdown(kept).count("Signatories of the agreement") == 1


def test_without_those_chapters_the_tables_and_annex_still_come():
    text = draft_markdown(document(chapters=[ChapterText("premessa", "Premessa", "Testo")]))
    assert "## 2. Objectives by axis" in text and "| 1.1 |" in text and "Comune di Crema" in text


def test_the_resources_chapter_sums_the_objectives_budgets_by_the_programme_that_pays_them():
    axes = [AxisRows(1, "Conoscenze", objectives=[
        ObjectiveRow("1.1", "Osservatorio", budget=Decimal("18000"), source="FNPS 2015"),
        ObjectiveRow("1.2", "Mappa", budget=Decimal("0.50"), source="FNPS 2015"),
        ObjectiveRow("1.3", "Senza budget")]),
        AxisRows(2, "Servizi", objectives=[ObjectiveRow("2.1", "Sportello", budget=Decimal("24000"))])]
    text = draft_markdown(document(axes=axes, chapters=[ChapterText("resources", "Risorse", "Le risorse.")]))
    resources = text.split("## 1. Risorse", 1)[1].split("\n## ", 1)[0]
    assert "| FNPS 2015 | 1.1, 1.2 | € 18.000,50 |" in resources
    assert "| Source not stated | 2.1 | € 24.000,00 |" in resources and "1.3" not in resources
    assert "| **Total** |  | **€ 42.000,50** |" in resources
    assert "Objectives without a budget: 1 of 4." in resources
    unpriced = [AxisRows(1, "Conoscenze", objectives=[ObjectiveRow("1.1", "Osservatorio")])]
    resources = draft_markdown(document(axes=unpriced, chapters=[ChapterText("resources", "R", "")]))
    assert "No objective states its budget yet." in resources and "Total" not in resources
    assert "Budget of the new plan" not in draft_markdown(document(axes=[],
                                                                   chapters=[ChapterText("resources", "R", "")]))


def test_headings_in_a_chapter_go_below_the_chapter_and_never_past_level_six():
    assert demote_headings("# Uno\n\n## Due\n\n##### Cinque\n#hashtag") == \
        "### Uno\n\n#### Due\n\n###### Cinque\n#hashtag"
    assert demote_headings("### Già sotto\n\n#### Ancora") == "### Già sotto\n\n#### Ancora"


# ---- documents from a real draft ----------------------------------------------------------------------

@pytest.fixture
def draft(plan):
    signatory = Organization(district=plan.district, name="Comune di Crema", type=OrganizationType.COMUNE)
    db.session.add(signatory)
    db.session.add(ActionOrganization(action=plan.actions[0], organization=signatory, role=InvolvementRole.SIGNATORY))
    db.session.commit()
    draft = make_draft(plan)
    services.create_objective(draft.axes[0], services.ObjectiveData(title=OBJECTIVE, timing="2015-2016",
                                                                    responsible=signatory))
    services.create_objective(draft.axes[1], services.ObjectiveData(title="Sportello unico"))
    db.session.commit()
    return draft


def docx_of(payload: bytes):
    return docx.Document(io.BytesIO(payload))


def test_docx_has_the_headings_and_the_objective_table(app, draft):
    with app.test_request_context():
        payload, filename, mimetype = export(draft, "docx")
    assert filename.endswith(".docx") and "wordprocessingml" in mimetype
    document = docx_of(payload)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.endswith(str(ChapterKey.PREMESSA.label)) for h in headings)
    assert any(h.startswith("1. Ricomposizione delle conoscenze") for h in headings)
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert any(row[:2] == ["1.1", OBJECTIVE] for row in cells)
    assert any(row[:2] == ["2.1", "Sportello unico"] for row in cells)
    assert any("Comune di Crema" in row for row in cells)              # the annex of signatories


def test_odt_opens_with_the_objective_table(app, draft):
    with app.test_request_context():
        payload, _name, _type = export(draft, "odt")
    document = opendocument.load(io.BytesIO(payload))
    headings = [" ".join(teletype.extractText(h).split()) for h in document.getElementsByType(odf_text.H)]
    assert any("Ricomposizione dei servizi" in h for h in headings)
    cells = [" ".join(teletype.extractText(c).split()) for c in document.getElementsByType(odf_table.TableCell)]
    assert "1.1" in cells and OBJECTIVE in cells


def pdf_text(payload: bytes, tmp_path) -> str:
    path = tmp_path / "bozza.pdf"
    path.write_bytes(payload)
    try:
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    except FileNotFoundError:       # poppler-utils missing: read it with pypdf instead
        from pypdf import PdfReader
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_shows_the_objective_table(app, draft, tmp_path):
    with app.test_request_context():
        payload, _name, _type = export(draft, "pdf")
    assert payload.startswith(b"%PDF")
    text = pdf_text(payload, tmp_path)
    # Narrow table cells wrap their words onto several lines of the page.
    row = text[text.index("1.1"):]
    assert all(word in row for word in ("Mappare", "bisogni", "2015-2016", "Comune di"))


def test_a_frozen_version_exports_the_text_of_then(app, draft, office):
    frozen = versions.freeze(draft, label="Incontro del 9 aprile", by=office)
    draft.objectives[0].title = "Testo cambiato dopo"
    db.session.commit()
    with app.test_request_context():
        then = document_data(draft, frozen)
        payload, filename, _type = export(draft, "md", frozen)
    assert then.axes[0].objectives[0].objective == OBJECTIVE
    assert ("Incontro del 9 aprile") in payload.decode() and "Testo cambiato dopo" not in payload.decode()
    assert filename.endswith(f"-{frozen.id}.md")


# ---- the command and the downloads ---------------------------------------------------------------------

@pytest.fixture
def pdz(app):
    token = actor_name.set("system")
    runner = app.test_cli_runner()
    yield lambda *args: runner.invoke(main, [str(a) for a in args])
    actor_name.reset(token)


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf", "md"])
def test_pdz_export_draft_writes_every_format(pdz, draft, tmp_path, fmt):
    target = tmp_path / f"bozza.{fmt}"
    result = pdz("export", "draft", draft.id, "--format", fmt, "-o", target)
    assert result.exit_code == 0, result.output
    assert "2 objectives" in result.output and target.stat().st_size > 0
    if fmt == "docx":
        assert any(row.cells[0].text == "1.1" for t in docx_of(target.read_bytes()).tables for row in t.rows)


def test_pdz_export_draft_markdown_goes_to_standard_output(pdz, draft):
    result = pdz("export", "draft", draft.id, "--format", "md")
    assert result.exit_code == 0 and f"| 1.1 | {OBJECTIVE} |" in result.output


def test_pdz_export_draft_refuses_binary_to_a_terminal(pdz, draft, monkeypatch):
    # The runner captures standard output; the command must see a terminal there.
    monkeypatch.setattr("app.cli_helpers.sys",
                        SimpleNamespace(stdout=SimpleNamespace(isatty=lambda: True), exit=sys.exit))
    result = pdz("export", "draft", draft.id, "--format", "docx")
    assert result.exit_code == 1 and "binary" in result.output


def test_pdz_export_draft_says_what_is_missing(pdz, draft):
    assert "No plan draft with id 999" in pdz("export", "draft", 999).output
    assert "No frozen version 5" in pdz("export", "draft", draft.id, "--frozen", 5).output


def test_the_office_downloads_the_documents(draft, as_office):
    response = as_office.get(f"/gestione/{draft.district.slug}/bozze/{draft.id}/esporta/docx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert any(row.cells[0].text == "1.1" for t in docx_of(response.data).tables for row in t.rows)
    assert as_office.get(f"/gestione/{draft.district.slug}/bozze/{draft.id}/esporta/exe").status_code == 404


# ---- written from the data, never a bare prompt ------------------------------------------------------------

def test_chapters_left_with_their_hint_print_nothing_and_monitoring_lists_every_objective(app, draft):
    content = document_data(draft)
    premessa = next(c for c in content.chapters if c.key == ChapterKey.PREMESSA.value)
    assert "328/2000" in premessa.body                       # written from the data, not a hint
    for chapter in content.chapters:
        assert not chapter.body.lstrip().startswith("*") or "**" in chapter.body[:3], chapter.key
    text = draft_markdown(content)
    monitoring = text.split("Monitoraggio", 1)[1]
    assert "### Indicators of the objectives" in monitoring and "| 1.1 |" in monitoring


def test_the_office_reads_what_each_chapter_lacks_beside_it(draft, as_office):
    monitoring = next(c for c in draft.chapters if c.key == ChapterKey.MONITORING.value)
    context = next(c for c in draft.chapters if c.key == ChapterKey.CONTEXT.value)
    page = as_office.get(f"{BASE}/bozze/{draft.id}/capitoli/{context.id}").get_data(as_text=True)
    assert "Dati mancanti per questo capitolo" in page and "Territorio e governance" in page
    page = as_office.get(f"{BASE}/bozze/{draft.id}/capitoli/{monitoring.id}").get_data(as_text=True)
    assert "non hanno indicatori di esito" in page or "non ha indicatori di esito" in page
    resources = next(c for c in draft.chapters if c.key == ChapterKey.RESOURCES.value)
    page = as_office.get(f"{BASE}/bozze/{draft.id}/capitoli/{resources.id}").get_data(as_text=True)
    assert "non ha un budget" in page or "non hanno un budget" in page


def test_the_demo_draft_prints_the_territory_the_bodies_and_one_signature_per_comune(app):
    import pdfplumber
    from app.cli import DEMO_ACCOUNTS, DEMO_PASSWORD
    from app.demo import load_demo
    from plan_drafts.models import PlanDraft
    load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)
    draft = db.session.scalar(db.select(PlanDraft).order_by(PlanDraft.id))
    markdown = export(draft, "md")[0].decode()
    assert "Fanno parte di Ambito Distrettuale Cremasco 48 comuni" in markdown and "160.402" in markdown
    assert "| Crema | 019035 | 33.786 |" in markdown and "### Assemblea dei Sindaci" in markdown
    signatures = markdown.split("### Firme dei comuni", 1)[1]
    assert signatures.count("| Sindaco di ") == 48
    assert "*Perché questo piano" not in markdown           # no hint left in the document
    # The sources give no budget for the proposed objectives: the chapter says so rather than print zeros
    assert "Nessun obiettivo indica ancora il proprio budget." in markdown.split("## 8. Risorse")[1]
    with pdfplumber.open(io.BytesIO(export(draft, "pdf")[0])) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "Indice" in text and "Soncino" in text and "Pagina 2 di" in text
