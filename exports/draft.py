"""The plan draft as one document for the mayors' assembly and the signatories: DOCX, ODT, PDF or Markdown.

Pure: a `DraftDocument` in, Markdown (then bytes through exports.documents) out. The chapters come as the
office wrote them, with their headings pushed below the chapter's own; the numbered objective tables (1.1,
1.2…) go after the text of the objectives chapter and the list of signatories and adherents closes the
annexes, unless the office already keeps that list in the chapter. plan_drafts/document.py fills the data,
these rows included; plan_drafts/prefill.py reuses the annexes chapter when it prefills a draft.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .book import Layout
from .documents import render_document
from .markdown import Translate, escape, euro, identity, table

FENCE = re.compile(r"^\s*(```|~~~)")
BLANK_LINES = re.compile(r"\n\s*\n")
NOT_PROSE = re.compile(r"^\s*(#|\||[-*+] |\d+[.)] |>|```|~~~)")
HEADING = re.compile(r"^(#{1,6})(\s)")


# --- annexes: the agreement and its signatories ------------------------------------------------

@dataclass
class Subscriber:
    name: str
    kind: str               # an organization type's label


def annexes_chapter(signatories: list[Subscriber], adherents: list[Subscriber],
                    _: Translate = identity) -> str:
    parts = []
    for heading, people in ((_("Signatories of the agreement"), signatories), (_("Adherents"), adherents)):
        parts.append("### " + heading)
        if people:
            ordered = sorted(people, key=lambda s: s.name.lower())
            rows = [[escape(p.name), escape(p.kind)] for p in ordered]
            parts.append(table([_("Organization"), _("Kind")], rows))
        else:
            parts.append(_("None recorded yet."))
    return "\n\n".join(parts) + "\n"


# --- the objectives table -------------------------------------------------------------------------

@dataclass
class ObjectiveRow:
    number: str
    objective: str
    intervention_type: str = ""
    resources: str = ""
    tools: str = ""
    outcome_indicators: str = ""
    target_range: str = ""
    timing: str = ""
    responsible: str = ""
    partners: list[str] = field(default_factory=list)
    budget: Decimal | None = None
    source: str = ""            # the programme (or kind of source) that pays the budget


@dataclass
class AxisRows:
    number: int
    name: str
    description: str = ""
    objectives: list[ObjectiveRow] = field(default_factory=list)


def objectives_table(axes: list[AxisRows], _: Translate = identity) -> str:
    """The regional table, one per axis, numbered 1.1, 1.2, 2.1…: for the documents and the preview."""
    parts = []
    header = [_("No."), _("Objective"), _("Type of intervention"), _("Resources"), _("Tools"),
              _("Outcome indicators"), _("Target range"), _("Timing"), _("Responsible"), _("Partners")]
    for axis in axes:
        parts.append(f"### {axis.number}. {escape(axis.name)}")
        if axis.description:
            parts.append(axis.description.strip())
        if not axis.objectives:
            parts.append(_("No objectives yet."))
            continue
        rows = [[o.number, *(escape(value) for value in (
                    o.objective, o.intervention_type, o.resources, o.tools, o.outcome_indicators,
                    o.target_range, o.timing, o.responsible, ", ".join(o.partners)))]
                for o in axis.objectives]
        parts.append(table(header, rows))
    return "\n\n".join(parts) + "\n"


def monitoring_table(axes: list[AxisRows], _: Translate = identity) -> str:
    """How each objective is measured: its indicators and target, when, and who measures (from the objectives)."""
    rows = [[o.number, escape(o.objective), escape(o.outcome_indicators) or "–", escape(o.target_range) or "–",
             escape(o.timing) or "–", escape(o.responsible) or "–"] for axis in axes for o in axis.objectives]
    if not rows:
        return ""
    return "### " + _("Indicators of the objectives") + "\n\n" + table(
        [_("No."), _("Objective"), _("Outcome indicators"), _("Target range"), _("When"), _("Who measures")],
        rows) + "\n"


def budget_table(axes: list[AxisRows], _: Translate = identity) -> str:
    """The new plan's budget: the objectives' amounts summed by the programme that pays them, the total their
    sum (the budget lines the plan's actions get when it is approved)."""
    sources: dict[str, tuple[list[str], Decimal]] = {}
    for objective in (o for axis in axes for o in axis.objectives if o.budget is not None):
        numbers, amount = sources.get(objective.source, ([], Decimal(0)))
        sources[objective.source] = (numbers + [objective.number], amount + objective.budget)
    objectives = [o for axis in axes for o in axis.objectives]
    if not sources:
        return "### " + _("Budget of the new plan") + "\n\n" + _(
            "No objective states its budget yet.") + "\n" if objectives else ""
    rows = [[escape(source) or _("Source not stated"), ", ".join(numbers), euro(amount)]
            for source, (numbers, amount) in sources.items()]
    total = sum((amount for _numbers, amount in sources.values()), Decimal(0))
    rows.append([f"**{_('Total')}**", "", f"**{euro(total)}**"])
    unstated = len(objectives) - sum(len(numbers) for numbers, _amount in sources.values())
    note = "\n" + _("Objectives without a budget: %(count)d of %(total)d.", count=unstated,
                    total=len(objectives)) + "\n" if unstated else ""
    return "### " + _("Budget of the new plan") + "\n\n" + table(
        [_("Funding source"), _("Objectives"), _("Amount")], rows) + "\n" + note


@dataclass
class ChangedParagraph:
    """A paragraph (or an objective's field) that changed: where it is in the newer text, and its old and new
    text as pieces (text, changed) - the removed words of the old, the added words of the new."""
    place: str                  # "3.2": chapter 3, paragraph 2 of the newer text; "1.1" for objective 1.1
    where: str                  # the chapter's title, or the objective's field
    old: list[tuple[str, bool]] = field(default_factory=list)
    new: list[tuple[str, bool]] = field(default_factory=list)


def _marked(pieces: list[tuple[str, bool]], mark: str) -> str:
    out = []
    for text, changed in pieces:
        text = escape(text, strip=False)
        core = text.strip()
        if changed and core:
            lead, tail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            text = f"{lead}{mark}{core}{mark}{tail}"
        out.append(text)
    return "".join(out).strip() or "—"


def changes_markdown(since: str, until: str, changes: list[ChangedParagraph], _: Translate = identity) -> str:
    """The "changes only" edition: every changed paragraph with its number, removed words in italics in the
    old text and added words in bold in the new one."""
    parts = [_("The paragraphs that changed from %(since)s to %(until)s, numbered as in the newer text (chapter."
               "paragraph). In the previous text the removed words are in italics; in the new text the added words "
               "are in bold.", since=escape(since), until=escape(until))]
    if not changes:
        parts.append(_("Nothing changed."))
    else:
        rows = [[c.place, escape(c.where), _marked(c.old, "*"), _marked(c.new, "**")] for c in changes]
        parts.append(table(["§", _("Where"), _("Previous text"), _("New text")], rows))
    return "\n\n".join(parts) + "\n"


@dataclass
class Approval:
    """The assembly's decision, as the office recorded it: filled in on the approval page."""
    district: str
    day: str = ""               # "9 aprile 2015", written as the document's language writes dates
    resolution: str = ""


BLANK = "\\_" * 16            # a line to fill in by hand, on paper


def approval_page(approval: Approval, _: Translate = identity) -> str:
    day, number = escape(approval.day) or BLANK, escape(approval.resolution) or BLANK
    return "\n\n".join([
        _("This Piano di Zona was approved by the mayors' assembly of %(district)s in its meeting of %(day)s "
          "with resolution no. %(number)s.", district=escape(approval.district), day=day, number=number),
        _("The president of the mayors' assembly") + "\n\n" + BLANK * 2]) + "\n"


@dataclass
class ChapterText:
    key: str
    title: str
    body: str = ""


@dataclass
class DraftDocument:
    title: str
    subtitle: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)     # the title page: (label, value)
    chapters: list[ChapterText] = field(default_factory=list)
    axes: list[AxisRows] = field(default_factory=list)
    signatories: list[Subscriber] = field(default_factory=list)
    adherents: list[Subscriber] = field(default_factory=list)
    objectives_key: str = "objectives"
    annexes_key: str = "annexes"
    monitoring_key: str = "monitoring"
    resources_key: str = "resources"
    header: str = ""                     # the running header of the pages: district · plan · version
    approval: Approval | None = None     # the approval page closes the document


def _lines(markdown_text: str):
    """(line, is it outside a fenced code block)."""
    fenced = False
    for line in (markdown_text or "").replace("\r\n", "\n").split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            yield line, False
        else:
            yield line, not fenced


def paragraphs(body: str) -> list[str]:
    """A chapter's paragraphs: the blocks of text between blank lines. The changes edition cites them by these
    numbers (chapter.paragraph), and the numbered edition prints them."""
    return [p.strip() for p in BLANK_LINES.split((body or "").replace("\r\n", "\n")) if p.strip()]


def numbered(body: str, chapter: int) -> str:
    """Each paragraph of prose led by its number, [3.2]; headings, lists and tables keep their form (and their
    number, unprinted), so the numbers are those of `paragraphs`."""
    return "\n\n".join(block if NOT_PROSE.match(block) else f"**\\[{chapter}.{n}\\]** {block}"
                        for n, block in enumerate(paragraphs(body), start=1))


def demote_headings(markdown_text: str, top: int = 3) -> str:
    """A chapter's headings moved down so its highest is `top` ("# Why" becomes "### Why"): the document's
    title and chapter headings stay above them. Chapters already written from level 3 stay as they are."""
    lines = list(_lines(markdown_text))
    levels = [len(m.group(1)) for line, prose in lines if prose and (m := HEADING.match(line))]
    shift = max(0, top - min(levels)) if levels else 0
    return "\n".join(HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + shift) + m.group(2), line) if prose
                     else line for line, prose in lines).strip()


def _annex(doc: DraftDocument, body: str, _: Translate) -> str:
    listing = annexes_chapter(doc.signatories, doc.adherents, _)
    first_heading = listing.split("\n", 1)[0]
    return "" if first_heading in body else listing


def draft_markdown(doc: DraftDocument, _: Translate = identity, *, facts: bool = True,
                   numbers: bool = False) -> str:
    """The whole document as Markdown; `facts=False` leaves out the title page's facts (the PDF prints them on
    its cover); `numbers` prints the paragraph numbers assemblies cite amendments by."""
    parts = []
    if doc.facts and facts:
        parts.append("\n".join(f"- **{escape(label)}:** {escape(value)}"
                               for label, value in doc.facts if value))
    keys = [chapter.key for chapter in doc.chapters]
    for number, chapter in enumerate(doc.chapters, start=1):
        body = demote_headings(numbered(chapter.body, number) if numbers else chapter.body)
        parts.append(f"## {number}. {escape(chapter.title)}")
        if body:
            parts.append(body)
        if chapter.key == doc.objectives_key:
            parts.append(objectives_table(doc.axes, _).strip())
        if chapter.key == doc.monitoring_key:
            parts.append(monitoring_table(doc.axes, _).strip())
        if chapter.key == doc.resources_key:
            parts.append(budget_table(doc.axes, _).strip())
        if chapter.key == doc.annexes_key:
            parts.append(_annex(doc, body, _).strip())
    if doc.objectives_key not in keys and doc.axes:
        parts += [f"## {len(doc.chapters) + 1}. {escape(_('Objectives by axis'))}",
                  objectives_table(doc.axes, _).strip()]
    if doc.annexes_key not in keys:
        parts += [f"## {escape(_('Annexes: agreement and signatories'))}", _annex(doc, "", _).strip()]
    if doc.approval is not None:
        parts += [f"## {escape(_('Approval'))}", approval_page(doc.approval, _).strip()]
    return "\n\n".join(part for part in parts if part) + "\n"


def draft_document(doc: DraftDocument, fmt: str, _: Translate = identity, *, language: str = "it",
                   numbers: bool = False) -> bytes:
    """`fmt` is a key of exports.documents.DOCUMENT_FORMATS (docx, odt, pdf, md): a book with a cover, a table
    of contents, the running header and page numbers (exports/book.py)."""
    layout = Layout(header=doc.header or doc.title, cover=[(label, value) for label, value in doc.facts if value],
                    contents=_("Contents"), page=_("Page"), of=_("of"), line_numbers=numbers)
    return render_document(draft_markdown(doc, _, facts=fmt != "pdf", numbers=numbers), fmt, title=doc.title,
                           subtitle=doc.subtitle or None, language=language, layout=layout)


def changes_document(title: str, since: str, until: str, changes: list[ChangedParagraph], fmt: str,
                     _: Translate = identity, *, header: str = "", language: str = "it") -> bytes:
    """The "changes only" edition as a document (`fmt` as in draft_document), with the book's layout."""
    layout = Layout(header=header or title, contents=_("Contents"), page=_("Page"), of=_("of"))
    text = f"## {escape(_('Changes'))}\n\n" + changes_markdown(since, until, changes, _)
    return render_document(text, fmt, title=title, subtitle=_("Changes only: from %(since)s to %(until)s",
                                                                since=since, until=until),
                           language=language, layout=layout)
