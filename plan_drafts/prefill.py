"""The chapters of a new plan's draft that can be written from data: facts in, Markdown out.

Pure: no Flask, no database. The caller gathers the facts (gather.py) and passes `_`, the translation
function, so the text comes out in the district's language; tests pass nothing and read English. The annexes
and the objectives tables are written by exports/draft.py, which prints them in the document too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from babel.dates import format_date

from exports.markdown import Translate, escape, euro, identity, table, whole


def _day(day: date | None) -> str:
    """9 April 2015 → "9 aprile 2015", as the plan is written."""
    return format_date(day, "d MMMM y", locale="it") if day else ""


# --- the participatory process ------------------------------------------------------------------

@dataclass
class MeetingFacts:
    title: str
    kind: str                      # already a label ("Open meeting")
    day: date | None = None
    place: str | None = None
    registered: int = 0
    present: int | None = None     # None: attendance not taken


@dataclass
class FocusFacts:
    title: str
    area: str | None = None
    day: date | None = None
    sessions: int = 0
    keywords: int = 0
    statements: dict[str, int] = field(default_factory=dict)   # column label → number of statements
    development_lines: list[str] = field(default_factory=list)


@dataclass
class RoleFacts:
    """Who took part by role: (role, times people took part as counted, meetings whose minutes report the role),
    and the district's roles that did not take part."""
    rows: list[tuple[str, int, int]] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def _roles_part(roles: RoleFacts, _: Translate) -> list[str]:
    parts = ["### " + _("Who took part, by role"),
             table([_("Role"), _("Times people took part"), _("Meetings where the minutes report the role")],
                   [[escape(role), str(people), str(reported)] for role, people, reported in roles.rows])]
    if roles.absent:
        parts.append(_("Roles that did not take part: %(roles)s.", roles=", ".join(escape(r) for r in roles.absent)))
    else:
        parts.append(_("Every role of the district's list took part."))
    return parts


def process_chapter(plan_title: str, meetings: list[MeetingFacts], focus_groups: list[FocusFacts],
                    _: Translate = identity, roles: RoleFacts | None = None) -> str:
    parts = [_("The evaluation of %(plan)s involved the signatories and the citizens in open meetings, "
               "working groups and focus groups with keywords.", plan=escape(plan_title))]
    if meetings:
        rows = [[_day(m.day), escape(m.title), escape(m.kind), escape(m.place or ""), str(m.registered),
                 "" if m.present is None else str(m.present)] for m in meetings]
        parts.append("### " + _("Meetings"))
        header = [_("Date"), _("Meeting"), _("Kind"), _("Place"), _("Registered"), _("Attended")]
        parts.append(table(header, rows))
    if focus_groups:
        parts.append("### " + _("Focus groups"))
        rows = [[_day(f.day), escape(f.title), escape(f.area or ""), str(f.sessions), str(f.keywords),
                 str(sum(f.statements.values()))] for f in focus_groups]
        parts.append(table([_("Date"), _("Focus group"), _("Area"), _("Keyword sessions"), _("Keywords"),
                             _("Statements")], rows))
        total = sum(f.keywords for f in focus_groups)
        parts.append(_("In all, %(num)s keywords were written by the participants.", num=total))
        for f in focus_groups:
            if f.development_lines:
                parts.append("#### " + _("Development lines of %(group)s", group=escape(f.title)))
                parts.append("\n".join(f"- {escape(line)}" for line in f.development_lines))
    if roles is not None and roles.rows:
        parts += _roles_part(roles, _)
    if not meetings and not focus_groups:
        parts.append(_("No meeting or focus group has been recorded on the platform yet."))
    return "\n\n".join(parts) + "\n"


# --- the evaluation of the previous plan ---------------------------------------------------------

@dataclass
class AreaEvaluation:
    name: str
    actions: int = 0
    cards_by_state: dict[str, int] = field(default_factory=dict)     # state label → cards
    objectives: dict[str, int] = field(default_factory=dict)         # "reached" label → cards
    nobody_can_report: list[str] = field(default_factory=list)       # actions nobody could report on
    syntheses: list[tuple[str, str | None]] = field(default_factory=list)   # (title, address)
    beneficiaries: int = 0                                           # the sum the cards report
    money: Money = field(default_factory=lambda: Money())


@dataclass
class Money:
    """What the cards report for a set of resources: planned, spent and leveraged (attracted from calls)."""
    planned: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    attracted: Decimal = Decimal(0)

    def add(self, planned, spent, attracted) -> None:
        self.planned += planned or 0
        self.spent += spent or 0
        self.attracted += attracted or 0

    def cells(self) -> list[str]:
        return [euro(self.planned), euro(self.spent), euro(self.attracted)]


def _money_table(first: str, rows: list[tuple[str, Money]], _: Translate) -> str:
    total = Money()
    for _name, money in rows:
        total.add(money.planned, money.spent, money.attracted)
    lines = [[escape(name), *money.cells()] for name, money in rows]
    lines.append([f"**{_('Total')}**", *[f"**{cell}**" for cell in total.cells()]])
    return table([first, _("Planned"), _("Spent"), _("Leveraged from calls")], lines)


def evaluation_chapter(plan_title: str, campaign_title: str | None, areas: list[AreaEvaluation],
                       _: Translate = identity, *, by_source: list[tuple[str, Money]] = ()) -> str:
    if campaign_title is None:
        return _("No evaluation campaign was run on %(plan)s on the platform.",
                 plan=escape(plan_title)) + "\n"
    parts = [_("The referents of the system actions of %(plan)s described what was done in the evaluation "
               "campaign \"%(campaign)s\".", plan=escape(plan_title), campaign=escape(campaign_title))]
    states = list(dict.fromkeys(label for area in areas for label in area.cards_by_state))
    rows = [[escape(a.name), str(a.actions), *[str(a.cards_by_state.get(s, 0)) for s in states]]
            for a in areas]
    parts.append(table([_("Area"), _("Actions"), *[escape(s) for s in states]], rows))
    if any(area.beneficiaries for area in areas):
        parts.append(_("People reached, as the cards report them:"))
        parts.append(table([_("Area"), _("Beneficiaries")], [[escape(a.name), whole(a.beneficiaries)]
                                                             for a in areas]))
    if by_source:
        parts.append(_("Money, as the cards report it, by area and by funding source:"))
        parts.append(_money_table(_("Area"), [(area.name, area.money) for area in areas], _))
        parts.append(_money_table(_("Funding source"), list(by_source), _))
    else:
        parts.append(_("No card reports any money."))
    for area in areas:
        parts.append("### " + escape(area.name))
        if area.objectives:
            parts.append("; ".join(f"{escape(label)}: {count}"
                                   for label, count in area.objectives.items()) + ".")
        if area.nobody_can_report:
            parts.append(_("Nobody was able to report on these actions, which is a finding in itself:"))
            parts.append("\n".join(f"- {escape(name)}" for name in area.nobody_can_report))
        for title, address in area.syntheses:
            parts.append(_("Synthesis of the working group:") + " " +
                         (f"[{escape(title)}]({address})" if address else escape(title)))
    return "\n\n".join(parts) + "\n"


# --- resources ----------------------------------------------------------------------------------

@dataclass
class BudgetFacts:
    source: str             # a programme's name, or a funding source's label for lines with no programme
    amount: Decimal
    year: int | None = None
    kind: str = ""          # the kind of source's label


@dataclass
class BidFacts:
    title: str
    call: str
    outcome: str            # a label
    requested: Decimal | None = None
    granted: Decimal | None = None


def resources_chapter(plan_title: str, by_source: list[BudgetFacts], by_area: list[tuple[str, Decimal]],
                      _: Translate = identity, *, bids: list[BidFacts] = (),
                      in_kind: list[tuple[str, Decimal, Decimal]] = ()) -> str:
    if not by_source and not bids and not in_kind:
        return _("No budget was recorded for %(plan)s.", plan=escape(plan_title)) + "\n"
    parts = []
    if by_source:
        total = sum((row.amount for row in by_source), Decimal(0))
        parts.append(_("The resources planned for %(plan)s, by funding source, are the starting point of the new "
                       "plan's budget.", plan=escape(plan_title)))
        rows = [[escape(row.source), str(row.year or ""), escape(row.kind), euro(row.amount)] for row in by_source]
        rows.append([f"**{_('Total')}**", "", "", f"**{euro(total)}**"])
        parts.append(table([_("Funding source"), _("Year"), _("Kind of source"), _("Planned")], rows))
        if by_area:
            parts.append(table([_("Area"), _("Planned")],
                                [[escape(name), euro(amount)] for name, amount in by_area]))
    else:
        parts.append(_("No budget was recorded for %(plan)s.", plan=escape(plan_title)))
    if bids:
        parts.append("### " + _("Bids on calls"))
        parts.append(table([_("Project"), _("Call (bando)"), _("Outcome"), _("Requested"), _("Granted")],
                           [[escape(b.title), escape(b.call), escape(b.outcome),
                             euro(b.requested) if b.requested is not None else "–",
                             euro(b.granted) if b.granted is not None else "–"] for b in bids]))
    if in_kind:
        parts.append("### " + _("Resources in kind"))
        parts.append(table([_("Kind"), _("Hours"), _("Value")],
                           [[escape(label), whole(hours), euro(value)]
                            for label, hours, value in in_kind]))
    return "\n\n".join(parts) + "\n"


# --- chapters written by hand, with a hint of what goes in them ----------------------------------

def hint_chapter(hint: str) -> str:
    return f"*{hint}*\n"


# --- the introduction and the integration with health services ----------------------------------------------

@dataclass
class PremessaFacts:
    district: str
    previous_plan: str
    comuni: int = 0
    meetings: int = 0
    focus_groups: int = 0
    cards: int = 0                      # evaluation cards sent or approved


def premessa_chapter(facts: PremessaFacts, _: Translate = identity) -> str:
    parts = [_("The Piano di Zona is the instrument with which the comuni of the district, together with the "
               "health agency, plan the local network of social services (Law 328/2000, art. 19), and sign it "
               "in an agreement (Accordo di Programma).")]
    where = _("%(district)s, %(num)s comuni", district=escape(facts.district), num=facts.comuni) if facts.comuni \
        else escape(facts.district)
    parts.append(_("This plan of %(where)s follows %(plan)s and starts from its evaluation.", where=where,
                   plan=escape(facts.previous_plan)))
    done = [text for count, text in (
        (facts.cards, _("%(num)s evaluation cards of the system actions", num=facts.cards)),
        (facts.meetings, _("%(num)s meetings held", num=facts.meetings)),
        (facts.focus_groups, _("%(num)s focus groups with keywords", num=facts.focus_groups))) if count]
    if done:
        parts.append(_("It was written from: %(items)s.", items="; ".join(done)))
    return "\n\n".join(parts) + "\n"


@dataclass
class HealthPartner:
    name: str                           # an ATS, ASST or ASL
    actions: list[tuple[str, str]] = field(default_factory=list)   # (action, role label)


def integration_chapter(plan_title: str, partners: list[HealthPartner], _: Translate = identity) -> str:
    parts = [_("In %(plan)s the health agencies took part in these system actions:", plan=escape(plan_title))]
    for partner in partners:
        parts.append("### " + escape(partner.name))
        parts.append(table([_("System action"), _("Role")],
                           [[escape(action), escape(role)] for action, role in partner.actions]))
    return "\n\n".join(parts) + "\n"
