"""A focus group's keywords (raw and grouped) and statements as XLSX, CSV and Markdown.

Pure: a `FocusExport` in, bytes (or text) out; every text cell goes through exports.cells so a keyword
typed as "=HYPERLINK(...)" stays text in a spreadsheet, and Markdown escapes what would become markup.
`focus_groups.management.export_data` builds the FocusExport from the database.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font

from .cells import neutralise, xlsx_value

BOLD = Font(bold=True)


@dataclass
class RawKeyword:
    text: str
    source: str = ""            # "phone" / "paper", as a label
    visible: bool = True
    group: str = ""             # the label of the group it counts in


@dataclass
class GroupRow:
    label: str
    members: list[str]
    count: int
    column: str = ""            # the board column's label, "" when not classified


@dataclass
class StatementRow:
    column: str
    text: str
    groups: list[str] = field(default_factory=list)


@dataclass
class FocusExport:
    title: str
    area: str = ""
    date: str = ""
    prompt: str = ""
    keywords: list[RawKeyword] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
    statements: list[StatementRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)     # the four board columns' labels, in order
    headers: dict[str, str] = field(default_factory=dict)  # translated column titles, see HEADERS

    def header(self, key: str) -> str:
        return self.headers.get(key, HEADERS[key])


HEADERS = {"kind": "Type", "keyword": "Keyword", "source": "Source", "visible": "Visible", "group": "Group",
           "members": "Variants", "count": "Count", "column": "Column", "statement": "Statement",
           "from": "From the keywords", "keywords": "Keywords", "grouped": "Grouped keywords",
           "statements": "Statements", "yes": "yes", "no": "no", "keyword_kind": "keyword",
           "group_kind": "group", "statement_kind": "statement"}


def _yes(data: FocusExport, value: bool) -> str:
    return data.header("yes" if value else "no")


def _sheets(data: FocusExport) -> list[tuple[str, list[str], list[list]]]:
    h = data.header
    return [
        (h("keywords"), [h("keyword"), h("source"), h("visible"), h("group")],
         [[k.text, k.source, _yes(data, k.visible), k.group] for k in data.keywords]),
        (h("grouped"), [h("group"), h("count"), h("members"), h("column")],
         [[g.label, g.count, "; ".join(g.members), g.column] for g in data.groups]),
        (h("statements"), [h("column"), h("statement"), h("from")],
         [[s.column, s.text, "; ".join(s.groups)] for s in data.statements]),
    ]


def focus_to_xlsx(data: FocusExport) -> bytes:
    """Three sheets: the raw keywords, the groups with their counts and column, the statements."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in _sheets(data):
        sheet = book.create_sheet(re.sub(r"[\\/*?:\[\]]", " ", title)[:31])
        sheet.append([xlsx_value(h) for h in headers])
        for cell in sheet[1]:
            cell.font = BOLD
        for row in rows:
            sheet.append([xlsx_value(v) for v in row])
        for letter, width in zip("ABCD", (40, 12, 60, 30)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _NeutralWriter:
    def __init__(self, out):
        self._writer = csv.writer(out)

    def writerow(self, row):
        self._writer.writerow([neutralise(v) for v in row])


def focus_to_csv(data: FocusExport) -> bytes:
    """One table, one row per keyword, group and statement; UTF-8 with BOM so Excel reads the accents."""
    h = data.header
    out = io.StringIO()
    writer = _NeutralWriter(out)
    writer.writerow([h("kind"), h("keyword"), h("group"), h("count"), h("column"), h("source"), h("visible"),
                     h("from")])
    for k in data.keywords:
        writer.writerow([h("keyword_kind"), k.text, k.group, "", "", k.source, _yes(data, k.visible), ""])
    for g in data.groups:
        writer.writerow([h("group_kind"), "; ".join(g.members), g.label, g.count, g.column, "", "", ""])
    for s in data.statements:
        writer.writerow([h("statement_kind"), s.text, "", "", s.column, "", "", "; ".join(s.groups)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def md_text(value: str) -> str:
    """Text that Markdown shows as typed: HTML escaped, markup characters backslashed, one line."""
    value = " ".join(str(value).split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", value)


def focus_to_markdown(data: FocusExport, *, keywords_title: str = "Keywords") -> str:
    """The synthesis post's draft: the keywords with their counts, then the statements under each column."""
    lines = [f"## {md_text(data.title)}", ""]
    meta = " · ".join(md_text(v) for v in (data.area, data.date) if v)
    if meta:
        lines += [f"*{meta}*", ""]
    if data.prompt:
        lines += [f"> {md_text(data.prompt)}", ""]
    if data.groups:
        lines += [f"### {md_text(keywords_title)}", ""]
        lines += [f"- {md_text(g.label)}" + (f" ({g.count})" if g.count > 1 else "") for g in data.groups]
        lines.append("")
    for column in data.columns:
        statements = [s for s in data.statements if s.column == column]
        if not statements:
            continue
        lines += [f"### {md_text(column)}", ""]
        lines += [f"- {md_text(s.text)}" for s in statements]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
