"""The "changes only" edition an assembly votes amendments from: between two frozen versions (or a frozen version
and today's text) exactly the paragraphs and objective fields that changed, numbered as in the newer text, with
removed and added words marked; from `pdz export draft --changes-since` and from the frozen version's page."""
from __future__ import annotations

import io
import zipfile

import pdfplumber
from click.testing import CliRunner

from app.cli import main
from app.extensions import db
from plan_drafts import changes, document, services, versions
from plan_drafts.models import ChapterKey
from tests.draft_helpers import make_draft

PREMESSA = "Primo paragrafo, che resta.\n\nSecondo paragrafo da cambiare.\n\nTerzo paragrafo, che resta."


def _frozen_twice(plan):
    draft = make_draft(plan)
    chapter = next(c for c in draft.chapters if c.key == ChapterKey.PREMESSA.value)
    services.save_chapter(chapter, PREMESSA, chapter.version, None)
    objective = services.create_objective(draft.axes[0], services.ObjectiveData(title="Mappare i bisogni",
                                                                                timing="2015"))
    db.session.commit()
    first = versions.freeze(draft, label="Assemblea di marzo", by=None)
    services.save_chapter(chapter, PREMESSA.replace("da cambiare", "cambiato dall'assemblea")
                          + "\n\nUn paragrafo nuovo.", chapter.version, None)
    services.update_objective(objective, services.ObjectiveData(title="Mappare i bisogni", timing="2015–2016"),
                              version=objective.version)
    db.session.commit()
    second = versions.freeze(draft, label="Assemblea di giugno", by=None)
    db.session.commit()
    return draft, first, second


def test_exactly_the_changed_paragraphs_and_fields_are_listed(app, plan):
    draft, first, second = _frozen_twice(plan)
    found = changes.changed_paragraphs(first.content, second.content,
                                       [(k, str(label)) for k, label in versions.OBJECTIVE_FIELDS])
    premessa = draft.chapters.index(next(c for c in draft.chapters if c.key == ChapterKey.PREMESSA.value)) + 1
    assert [c.place for c in found] == [f"{premessa}.2", f"{premessa}.4", "1.1"]
    changed, added, timing = found
    assert ("da cambiare", True) in [(t.strip(), c) for t, c in changed.old]
    assert "".join(t for t, c in changed.new if c).strip() == "cambiato dall'assemblea"
    assert added.old == [] and "".join(t for t, _c in added.new) == "Un paragrafo nuovo."
    assert "".join(t for t, _c in timing.new) == "2015–2016"
    assert changes.changed_paragraphs(second.content, second.content, []) == []


def test_pdz_export_draft_changes_since_writes_the_edition(app, plan, tmp_path):
    draft, first, second = _frozen_twice(plan)
    target = tmp_path / "modifiche.md"
    result = CliRunner().invoke(main, ["export", "draft", str(draft.id), "--format", "md", "-o", str(target),
                                       "--changes-since", str(first.id), "--frozen", str(second.id)])
    assert result.exit_code == 0, result.output
    text = target.read_text()
    assert "Assemblea di marzo" in text and "Assemblea di giugno" in text
    assert "*da cambiare*" in text and "**cambiato dall'assemblea**" in text and "Terzo paragrafo" not in text
    wrong = CliRunner().invoke(main, ["export", "draft", str(draft.id), "--format", "md", "--changes-since", "999"])
    assert wrong.exit_code == 1 and "No frozen version 999" in wrong.output


def test_readers_download_the_changes_since_a_frozen_version(client, plan):
    draft, first, _second = _frozen_twice(plan)
    draft.visibility = type(draft.visibility).PUBLIC
    db.session.commit()
    page = client.get(f"/bozze/{draft.id}/congelate/{first.id}").get_data(as_text=True)
    assert f"/bozze/{draft.id}/congelate/{first.id}/modifiche.pdf" in page
    pdf = client.get(f"/bozze/{draft.id}/congelate/{first.id}/modifiche.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        text = " ".join(p.extract_text() or "" for p in document.pages).replace("\u2010\n", "")
    assert "cambiato dall'assemblea" in text and "Terzo paragrafo" not in text
    other = make_draft(plan, title="Un'altra bozza")
    assert client.get(f"/bozze/{other.id}/congelate/{first.id}/modifiche.pdf").status_code == 404


def test_the_numbered_edition_prints_the_numbers_the_changes_edition_cites(app, plan, tmp_path):
    draft, first, second = _frozen_twice(plan)
    cited = changes.changed_paragraphs(first.content, second.content, [])   # chapters' paragraphs only
    target = tmp_path / "numerata.md"
    result = CliRunner().invoke(main, ["export", "draft", str(draft.id), "--format", "md", "-o", str(target),
                                       "--numbered"])
    assert result.exit_code == 0, result.output
    text = target.read_text()
    for change in cited:
        assert f"**\\[{change.place}\\]**" in text
    assert f"**\\[{cited[-1].place}\\]** Un paragrafo nuovo." in text


def test_a_renamed_axis_and_a_removed_objective_are_listed_too():
    old = {"chapters": [], "axes": [{"id": 1, "number": 1, "name": "Conoscenze", "description": "",
                                     "objectives": [{"id": 7, "number": "1.1", "title": "Osservatorio"}]}]}
    new = {"chapters": [], "axes": [{"id": 1, "number": 1, "name": "Ricomposizione delle conoscenze",
                                     "description": "", "objectives": []}]}
    renamed, gone = changes.changed_paragraphs(old, new, [("title", "Title")])
    assert (renamed.place, renamed.where) == ("1", "Axis")
    assert "Ricomposizione delle" in "".join(t for t, c in renamed.new if c)
    assert (gone.place, gone.where, gone.new) == ("1.1", "Objective removed", [])


def test_the_numbered_edition_in_word_and_odt_numbers_the_lines_too(app, plan):
    draft, _first, _second = _frozen_twice(plan)
    numbered_docx = zipfile.ZipFile(io.BytesIO(document.export(draft, "docx", numbers=True)[0]))
    assert '<w:lnNumType w:countBy="5"' in numbered_docx.read("word/document.xml").decode()
    plain_docx = zipfile.ZipFile(io.BytesIO(document.export(draft, "docx")[0]))
    assert "lnNumType" not in plain_docx.read("word/document.xml").decode()
    numbered_odt = zipfile.ZipFile(io.BytesIO(document.export(draft, "odt", numbers=True)[0]))
    assert 'text:number-lines="true"' in numbered_odt.read("styles.xml").decode()
