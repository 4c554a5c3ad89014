"""Focus group exports: XLSX/CSV with formulas neutralised, Markdown with markup kept as text, the CLI."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from app.extensions import db
from exports.focus import (FocusExport, GroupRow, RawKeyword, StatementRow, focus_to_csv, focus_to_markdown,
                           focus_to_xlsx)
from focus_groups import board_services as svc
from focus_groups import management

FORMULA = "=HYPERLINK(\"http://x\")"
XSS = "<script>alert(1)</script>"


@pytest.fixture
def focus(plan):
    group = management.create_focus_group(plan, title="Modello organizzativo", area=plan.areas[0])
    session = management.open_session(group, prompt="Scrivete UNA PAROLA CHIAVE")
    management.paste_keywords(session, "\n".join(["condivisione", "Condivisione", FORMULA, XSS, "sinergia"]))
    groups = {g.label: g for g in svc.ensure_groups(session)}
    groups["condivisione"].column = svc.BoardColumn.STRENGTHS
    svc.add_statement(group, column="strengths", text="+39 alleanze nuove", group_ids=[groups["condivisione"].id])
    db.session.commit()
    return group


def cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def sample() -> FocusExport:
    return FocusExport(title="Gruppo", area="Area", keywords=[RawKeyword(FORMULA, "paper", True, FORMULA),
                                                           RawKeyword(XSS, "phone", False, XSS)],
                       groups=[GroupRow(FORMULA, [FORMULA], 1, "Strengths"), GroupRow("-meno", ["-meno"], 2),
                               GroupRow(XSS, [XSS], 1)],
                       statements=[StatementRow("Strengths", "@SUM(A1)", [FORMULA])],
                       columns=["Strengths", "Critical points"])


def test_xlsx_neutralises_formulas():
    book = load_workbook(io.BytesIO(focus_to_xlsx(sample())))
    assert len(book.sheetnames) == 3
    values = [c.value for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)
    assert "'" + FORMULA in values and "'@SUM(A1)" in values


def test_csv_neutralises_formulas_and_keeps_accents():
    values = cells(focus_to_csv(sample()).decode("utf-8-sig"))
    assert "'" + FORMULA in values and FORMULA not in values and "'-meno" in values
    assert XSS in values


def test_markdown_keeps_markup_as_text():
    md = focus_to_markdown(sample())
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "### Strengths" in md and "### Critical points" not in md


def test_download_xlsx_csv_markdown(as_facilitator, district, focus):
    base = f"/gestione/{district.slug}/focus/{focus.id}/parole"
    xlsx = as_facilitator.get(f"{base}.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.data))
    raw = [row[0].value for row in list(book.worksheets[0].iter_rows())[1:]]
    assert raw == ["condivisione", "Condivisione", "'" + FORMULA, XSS, "sinergia"]
    grouped = {row[0].value: row[1].value for row in list(book.worksheets[1].iter_rows())[1:]}
    assert grouped["condivisione"] == 2
    statements = [row[1].value for row in list(book.worksheets[2].iter_rows())[1:]]
    assert statements == ["'+39 alleanze nuove"]
    csv_text = as_facilitator.get(f"{base}.csv").data.decode("utf-8-sig")
    assert "'" + FORMULA in cells(csv_text)
    md = as_facilitator.get(f"{base}.md")
    assert md.status_code == 200 and "<script>" not in md.get_data(as_text=True)
    assert as_facilitator.get(f"{base}.pdf").status_code == 404


def test_referent_cannot_download(as_referent, district, focus):
    assert as_referent.get(f"/gestione/{district.slug}/focus/{focus.id}/parole.csv").status_code == 403


def test_cli_export(app, focus, tmp_path):
    from app.cli import main
    runner = app.test_cli_runner()
    out = tmp_path / "focus.xlsx"
    result = runner.invoke(main, ["export", "focus", str(focus.id), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames and "5 keywords" in result.output
    result = runner.invoke(main, ["export", "focus", str(focus.id), "--format", "csv", "-o", str(tmp_path / "f.csv")])
    assert result.exit_code == 0 and "'" + FORMULA in cells((tmp_path / "f.csv").read_text("utf-8-sig"))
    missing = runner.invoke(main, ["export", "focus", "9999", "-o", str(out)])
    assert missing.exit_code == 1


def test_across_groups_and_chart(as_facilitator, district, plan, focus):
    other = management.create_focus_group(plan, title="Secondo gruppo")
    session = management.open_session(other, prompt="x")
    management.paste_keywords(session, "CONDIVISIONE\nvalutazione")
    db.session.commit()
    page = as_facilitator.get(f"/gestione/{district.slug}/piani/{plan.id}/focus/parole")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Secondo gruppo" in text and "data-figure" in text and "&lt;script&gt;" in text
    from focus_groups.across import across_groups, plan_keywords
    shared = across_groups(plan_keywords(plan))
    assert [e["count"] for e in shared] == [3] and len(shared[0]["groups"]) == 2
