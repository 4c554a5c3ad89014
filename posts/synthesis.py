"""The first draft of a synthesis post ("Sintesi dei contenuti emersi nel gruppo …"), written from the
evaluation cards of an area and what its focus group said. Pure: dataclasses in (posts/synthesis_facts.py),
Markdown out.

Every section of the skeleton (../shared/DOMAIN.md, step 4) is generated on its own (`section`), wrapped in
markers (posts/sections.py) so it can be regenerated alone later. Text that people typed (keywords,
statements, action titles, the area's text) is escaped, so it can neither inject HTML nor break the
Markdown structure or the markers. Charts are kept beside the text and shown where a `[[chart:key]]`
line stands.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import ngettext

from . import sections as markup
from .sections import inline
from .synthesis_charts import charts, euro, tells
from .synthesis_facts import COLUMNS, REPORTED, ZERO, ActionFacts, SynthesisInput

SECTION_KEYS = ("intro", "actions", "theses", "subjects", "budget", "keywords", "strengths",
                "critical_points", "interpretive_hypotheses", "development_lines", "next_steps")


# ---- what comes out --------------------------------------------------------------------------------------

@dataclass
class Section:
    key: str
    text: str                                # Markdown, heading included, without markers

    @property
    def block(self) -> str:
        return markup.wrap(self.key, self.text)


@dataclass
class Synthesis:
    title: str
    summary: str
    sections: list[Section]
    charts: dict[str, dict]                  # key -> {"title", "figure", "table"}

    @property
    def markdown(self) -> str:
        return markup.join([s.block for s in self.sections])

    @property
    def generated(self) -> dict[str, str]:
        return {s.key: s.text for s in self.sections}


# ---- formatting ----------------------------------------------------------------------------------------

def quote(text: str | None) -> str:
    """A block of user text as a block quote; its paragraphs kept, its markup shown literally."""
    paragraphs = [inline(p) for p in re.split(r"\n\s*\n", str(text or "")) if p.strip()]
    return "\n>\n".join(f"> {p}" for p in paragraphs)


def day(value: date | None, locale: str) -> str:
    return format_date(value, "long", locale=locale) if value else ""


def heading(text: str) -> str:
    return f"## {text}"


def bullets(items) -> str:
    return "\n".join(f"- {item}" for item in items)


def table(headers: list[str], rows: list[list]) -> str:
    return markup.markdown_table({"headers": headers, "rows": rows})


# ---- the sections --------------------------------------------------------------------------------------

def _intro(data: SynthesisInput, gaps: list[str] | None = None) -> str:
    parts = [heading(_("Why we are here"))]
    if data.focus_title and data.focus_date:
        parts.append(_("On %(date)s the focus group “%(group)s” met to evaluate together what the plan "
                       "“%(plan)s” did and to say where to go next.", date=day(data.focus_date, data.locale),
                       group=inline(data.focus_title), plan=inline(data.plan_title)))
    elif data.focus_title:
        parts.append(_("The focus group “%(group)s” met to evaluate together what the plan “%(plan)s” did "
                       "and to say where to go next.", group=inline(data.focus_title),
                       plan=inline(data.plan_title)))
    else:
        parts.append(_missing(gaps, _("This is what the evaluation of the plan “%(plan)s” says so far about this "
                                      "area, before or without a focus group.", plan=inline(data.plan_title)),
                              _("No focus group: the synthesis is written from the evaluation cards alone.")))
    if data.area_name or data.theses:
        parts.append("### " + _("Where we started"))
    if data.area_name:
        parts.append(_("The priority area “%(area)s” of the plan:", area=inline(data.area_name)))
        parts.append(quote(data.area_text) if data.area_text and data.area_text.strip()
                     else _missing(gaps, _("The plan gives no description of this area.")))
    if data.theses:
        parts.append(_("The plan's theses, which every action was asked to embody:"))
        parts.append("\n".join(f"{n}. {inline(t)}" for n, t in enumerate(data.theses, start=1)))
    if data.stimulus_questions:
        parts.append(_("The questions the group worked on:"))
        parts.append(bullets(inline(q) for q in data.stimulus_questions))
    return "\n\n".join(parts)


def _missing(gaps: list[str] | None, sentence: str, listed: str | None = None) -> str:
    """A sentence saying a fact is missing: written in the section, and listed for the office's check list (as
    `listed` when the section's words would not say it to the office)."""
    if gaps is not None:
        gaps.append(listed or sentence)
    return sentence


def _period(start: date | None, end: date | None, locale: str) -> str:
    if not start and not end:
        return "–"
    return f"{format_date(start, 'MMM yyyy', locale=locale) if start else '…'} – " \
           f"{format_date(end, 'MMM yyyy', locale=locale) if end else '…'}"


def _lateness(action: ActionFacts) -> list[str] | None:
    """How the action kept to its planned dates: what was late, nothing ([]) when it was on time, or None when
    the card and the plan do not give the dates it would take to tell."""
    late = []
    if action.planned_start and action.actual_start and action.actual_start > action.planned_start:
        late.append(_("started later than planned"))
    if action.planned_end and action.actual_end and action.actual_end > action.planned_end:
        late.append(_("ended later than planned"))
    known = (action.planned_start and action.actual_start) or (action.planned_end and action.actual_end)
    return late if late or known else None


def _timing_cell(lateness: list[str] | None) -> str:
    return ", ".join(lateness) if lateness else _("on time") if lateness is not None else _("dates not given")


def _actions(data: SynthesisInput, gaps: list[str] | None = None) -> str:
    parts = [heading(_("The area's system actions"))]
    if not data.actions:
        parts.append(_missing(gaps, _("No system action is linked to this group: it worked on a free topic.")
                              if not data.area_name else _("The plan lists no system action in this area.")))
        return "\n\n".join(parts)
    reported = [a for a in data.actions if a.reported]
    nobody = [a for a in data.actions if a.nobody_can_report and a.card_status in REPORTED]
    missing = [a for a in data.actions if a.card_status not in REPORTED]
    count = ngettext("The area has %(num)d system action.", "The area has %(num)d system actions.",
                     len(data.actions))
    if reported:
        count += " " + ngettext("%(num)d evaluation card tells what was done.",
                                "%(num)d evaluation cards tell what was done.", len(reported))
    parts.append(count)
    if data.campaign_title:
        parts.append(_("Source: the evaluation campaign “%(campaign)s”.",
                       campaign=inline(data.campaign_title)))
    if reported:
        states = Counter(a.state_label or _("Not reported") for a in reported)
        parts.append(_("Where the actions stand: %(states)s.",
                       states=", ".join(f"{inline(label)} {n}" for label, n in states.most_common())))
        timings = [_lateness(a) for a in reported]
        late, unknown = sum(1 for t in timings if t), sum(1 for t in timings if t is None)
        if late:
            parts.append(ngettext("%(num)d action did not keep to the planned timing.",
                                  "%(num)d actions did not keep to the planned timing.", late))
        elif unknown < len(reported):
            parts.append(_("The actions whose dates are given kept to the planned timing.") if unknown
                         else _("The actions that reported kept to the planned timing."))
        if unknown:
            parts.append(_missing(gaps, ngettext(
                "The planned and actual dates that would tell the timing are not given in "
                "%(num)d card out of %(total)d.",
                "The planned and actual dates that would tell the timing are not given in "
                "%(num)d cards out of %(total)d.", unknown, total=len(reported))))
        rows = []
        for a, timing in zip(reported, timings):
            rows.append([f"{a.code} {a.title}", a.state_label or "–",
                         f"{a.progress}%" if a.progress is not None else "–",
                         _period(a.planned_start, a.planned_end, data.locale),
                         _period(a.actual_start, a.actual_end, data.locale), _timing_cell(timing)])
        parts.append(table([_("Action"), _("State"), _("Progress"), _("Planned"), _("Actual"), _("Timing")],
                           rows))
        told = [a for a in reported if (a.activities or "").strip()]
        if told:
            parts.append(_("What the cards tell was done:"))
            parts.append("\n\n".join(f"**{inline(a.code)} {inline(a.title)}**\n\n{quote(a.activities)}"
                                       for a in told))
        if tells(states.values()):
            parts.append("[[chart:states]]")
    else:
        parts.append(_missing(gaps, _("No evaluation card of this area tells yet what the actions did: it is still "
                                      "to be told.")))
    if nobody:
        parts.append(ngettext("For %(num)d action nobody was able to report, and that itself is a finding:",
                              "For %(num)d actions nobody was able to report, and that itself is a finding:",
                              len(nobody)))
        parts.append(bullets(f"**{inline(a.code)} {inline(a.title)}**" +
                             (f": {inline(a.nobody_reason)}" if a.nobody_reason else "") for a in nobody))
    if missing and (reported or nobody):
        parts.append(_("Still without an evaluation card sent: %(actions)s.",
                       actions=", ".join(f"{inline(a.code)} {inline(a.title)}" for a in missing)))
    return "\n\n".join(parts)


def _theses(data: SynthesisInput, gaps: list[str] | None = None) -> str:
    parts = [heading(_("Adherence to the theses"))]
    rated = [a for a in data.actions if a.reported and a.thesis_ratings]
    if not data.theses:
        parts.append(_missing(gaps, _("The plan states no theses.")))
    elif not rated:
        parts.append(_missing(gaps, _("No card rated the actions against the plan's theses yet.")))
    else:
        parts.append(_("How far the actions embodied each thesis, according to their referents (from 0, "
                       "not at all, to 3, fully):"))
        rows = []
        for number, text in enumerate(data.theses, start=1):
            scores = [a.thesis_ratings[number] for a in rated if a.thesis_ratings.get(number) is not None]
            mean = format_decimal(round(sum(scores) / len(scores), 1), locale=data.locale) if scores else "–"
            rows.append([f"{number}. {text}", mean, len(scores)])
        parts.append(table([_("Thesis"), _("Average (0–3)"), _("Cards")], rows))
    return "\n\n".join(parts)


def _subjects(data: SynthesisInput, gaps: list[str] | None = None) -> str:
    parts = [heading(_("Subjects involved"))]
    reported = [a for a in data.actions if a.reported]
    involved = [i for a in reported for i in a.involved]
    if not involved:
        parts.append(_missing(gaps, _("The cards name no organization involved yet.")))
    else:
        names = sorted({i.name for i in involved}, key=str.casefold)
        by_kind = Counter(i.kind for i in {(i.name, i.kind): i for i in involved}.values())
        parts.append(ngettext("%(num)d body took part in the actions:",
                              "%(num)d bodies took part in the actions:", len(names)) + " " +
                     ", ".join(f"{inline(kind)} {n}" for kind, n in by_kind.most_common()) + ".")
        parts.append(bullets(inline(n) for n in names))
    counted = [a for a in reported if a.people_min is not None]
    if counted:
        low = sum(a.people_min for a in counted)
        high = sum(a.people_max if a.people_max is not None else a.people_min for a in counted)
        people = str(low) if low == high else f"{low}–{high}"
        parts.append(ngettext("People involved, as declared by %(num)d card: %(people)s.",
                              "People involved, as declared by %(num)d cards: %(people)s.",
                              len(counted), people=people))
    elif reported:
        parts.append(_missing(gaps, _("No card declares how many people were involved.")))
    return "\n\n".join(parts)


def _budget(data: SynthesisInput, gaps: list[str] | None = None) -> str:
    parts = [heading(_("Budget"))]
    reported = [a for a in data.actions if a.reported and (a.planned or a.spent or a.attracted)]
    noted = [a for a in data.actions if a.reported and (a.resources_notes or "").strip()]
    plan_total = sum((a.plan_budget for a in data.actions), ZERO)
    if plan_total:
        parts.append(_("The plan gave the area's actions %(amount)s.", amount=euro(plan_total, data.locale)))
    elif data.actions:
        parts.append(_missing(gaps, _("The plan records no budget line for the area's actions.")))
    if noted:
        parts.append(_("What the cards say of their resources:"))
        parts.append("\n\n".join(f"**{inline(a.code)} {inline(a.title)}**\n\n{quote(a.resources_notes)}"
                                   for a in noted))
    if not reported:
        parts.append(_missing(gaps, _("No card reports figures on resources yet.")))
        return "\n\n".join(parts)
    totals = {k: sum((getattr(a, k) for a in reported), ZERO) for k in ("planned", "spent", "attracted")}
    parts.append(_("According to the cards, %(planned)s were planned, %(spent)s used and %(attracted)s "
                   "attracted from calls for funding.",
                   **{k: euro(v, data.locale) for k, v in totals.items()}))
    if totals["planned"] and totals["attracted"]:
        ratio = round(totals["attracted"] / totals["planned"], 2)
        parts.append(_("Every euro planned attracted %(ratio)s euros more.",
                       ratio=format_decimal(ratio, locale=data.locale)))
    parts.append("[[chart:budget]]")
    return "\n\n".join(parts)


def _keywords(data: SynthesisInput, gaps: list[str] | None = None) -> str:
    parts = [heading(_("The keywords that emerged"))]
    groups = sorted((g for g in data.keywords if g.count), key=lambda g: (-g.count, g.label.casefold()))
    if not groups:
        parts.append(_missing(gaps, _("No keyword was collected in this group.")))
        return "\n\n".join(parts)
    total = sum(g.count for g in groups)
    parts.append(ngettext("The participants wrote %(num)d keyword, grouped here with their variants "
                          "(how many wrote each in brackets):",
                          "The participants wrote %(num)d keywords, grouped here with their variants "
                          "(how many wrote each in brackets):", total))
    lines = []
    for g in groups:
        variants = [(t, n) for t, n in g.variants if t.strip() != g.label.strip()]
        detail = f" — {', '.join(f'{inline(t)} ({n})' for t, n in variants)}" if variants else ""
        lines.append(f"**{inline(g.label)}** ({g.count}){detail}")
    parts.append(bullets(lines))
    if tells(g.count for g in groups):
        parts.append("[[chart:keywords]]")
    return "\n\n".join(parts)


COLUMN_HEADINGS = {
    "strengths": lambda: _("Strengths"),
    "critical_points": lambda: _("Critical points"),
    "interpretive_hypotheses": lambda: _("Interpretive hypotheses"),
    "development_lines": lambda: _("Development lines"),
}


def _statement(text: str) -> str:
    """A statement as a list item; the lines under its first that start with "- " are its sub-points."""
    first, *rest = text.strip().split("\n")
    points = [line.strip()[2:] for line in rest if line.strip().startswith("- ")]
    others = " ".join(line.strip() for line in rest if not line.strip().startswith("- "))
    return "\n".join([f"- {inline(f'{first} {others}'.strip())}", *(f"    - {inline(p)}" for p in points)])


def _column(key: str):
    def build(data: SynthesisInput, gaps: list[str] | None = None) -> str:
        parts = [heading(COLUMN_HEADINGS[key]())]
        statements = [s for s in data.statements.get(key, []) if s and s.strip()]
        placed = [g.label for g in data.keywords if g.column == key and g.count]
        if statements:     # the room's list as the room wrote it, nothing added
            parts.append("\n".join(_statement(s) for s in statements))
        elif placed:
            parts.append(_("The group placed these keywords here, without a statement yet: %(keywords)s.",
                           keywords=", ".join(inline(k) for k in placed)))
        else:
            parts.append(_missing(gaps, _("Nothing was written in this list: the group wrote lists of its own, below "
                                          "(%(names)s).", names="; ".join(inline(n) for n, _i in data.extra_lists))
                                  if data.extra_lists else _("Nothing was written here yet.")))
        if key == COLUMNS[-1]:       # then the lists the room added beside the four, as the room wrote them
            parts += [f"### {inline(name)}\n\n" + "\n".join(map(_statement, items)) for name, items in data.extra_lists]
        return "\n\n".join(parts)
    return build


def _next_steps(data: SynthesisInput, gaps: list[str] | None = None) -> str:
    parts = [heading(_("How we go on"))]
    if data.next_meetings:
        parts.append(_("The next meetings:"))
        items = []
        for m in data.next_meetings:
            when = format_datetime(m.starts_at, "EEEE d MMMM yyyy, HH:mm" if m.time_known else "EEEE d MMMM yyyy",
                                   locale=data.locale)
            title = f"[{inline(m.title)}]({m.url})" if m.url else inline(m.title)
            items.append(f"{when} — {title}" + (f", {inline(m.place)}" if m.place else ""))
        parts.append(bullets(items))
    else:
        parts.append(_missing(gaps, _("The development lines will feed the draft of the new plan. The next meetings "
                                      "will be announced on this blog."),
                              _("No next meeting is announced: the section says the next meetings will be "
                                "announced on the blog.")))
    return "\n\n".join(parts)


BUILDERS = {"intro": _intro, "actions": _actions, "theses": _theses, "subjects": _subjects, "budget": _budget,
            "keywords": _keywords, **{key: _column(key) for key in COLUMNS}, "next_steps": _next_steps}


# ---- the post ------------------------------------------------------------------------------------------

def title(data: SynthesisInput) -> str:
    return _("Synthesis of what emerged in the group “%(group)s”", group=data.group_name)


def summary(data: SynthesisInput) -> str:
    """One sentence of what the post is written from, each figure named, a missing one said to be missing."""
    keywords = sum(g.count for g in data.keywords)
    lines = sum(1 for s in data.statements.get("development_lines", []) if s.strip())
    reported = sum(1 for a in data.actions if a.reported)
    facts = [ngettext("%(num)d evaluation card", "%(num)d evaluation cards", reported) if reported
             else _("no evaluation card sent yet"),
             ngettext("%(num)d keyword", "%(num)d keywords", keywords) if keywords else _("no keyword collected"),
             ngettext("%(num)d development line", "%(num)d development lines", lines) if lines
             else _("no development line written yet")]
    return _("What the evaluation cards and the focus group said about “%(group)s”: %(facts)s.",
             group=data.group_name, facts="; ".join(facts))


def section(data: SynthesisInput, key: str, gaps: list[str] | None = None) -> Section:
    """One section; `gaps` collects its sentences that say a fact is missing."""
    return Section(key, BUILDERS[key](data, gaps).strip())


def generate(data: SynthesisInput) -> Synthesis:
    return Synthesis(title(data), summary(data), [section(data, key) for key in SECTION_KEYS], charts(data))


def section_title(key: str) -> str:
    """The heading of a section, for the editor's buttons."""
    return {"intro": _("Why we are here"), "actions": _("The area's system actions"),
            "theses": _("Adherence to the theses"), "subjects": _("Subjects involved"), "budget": _("Budget"),
            "keywords": _("The keywords that emerged"), "next_steps": _("How we go on"),
            **{k: v() for k, v in COLUMN_HEADINGS.items()}}[key]
