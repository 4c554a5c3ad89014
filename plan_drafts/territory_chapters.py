"""The chapters of the draft written from the district's territory and governance: the context (comuni,
population, sub-areas, the managing body), the governance (bodies and their seats) and the signature page of
the agreement (one row per comune). Pure: facts in, Markdown out; gather.py reads the facts."""
from __future__ import annotations

from dataclasses import dataclass, field

from exports.markdown import Translate, escape, identity, table, whole


@dataclass
class ComuneFacts:
    name: str
    istat_code: str
    province: str
    population: int | None = None
    year: int | None = None
    sub_area: str | None = None
    lead: bool = False
    signatory: str | None = None        # the seat in the mayors' assembly: "Sindaco di Crema"


@dataclass
class BodyFacts:
    name: str
    kind: str                           # a label: "Assemblea dei Sindaci"
    description: str | None = None
    members: list[tuple[str, str | None, str | None]] = field(default_factory=list)   # (who, capacity, comune)


@dataclass
class TerritoryFacts:
    district: str
    comuni: list[ComuneFacts] = field(default_factory=list)
    management_form: str | None = None  # a label
    management_body: str | None = None
    bodies: list[BodyFacts] = field(default_factory=list)

    @property
    def population(self) -> int:
        return sum(c.population for c in self.comuni if c.population is not None)

    @property
    def years(self) -> list[int]:
        return sorted({c.year for c in self.comuni if c.population is not None and c.year})


def context_chapter(facts: TerritoryFacts, _: Translate = identity) -> str:
    comuni = facts.comuni
    provinces = sorted({c.province for c in comuni})
    parts = [_("The district %(district)s is made of %(num)s comuni (province: %(provinces)s).",
               district=escape(facts.district), num=len(comuni), provinces=", ".join(provinces))]
    lead = next((c for c in comuni if c.lead), None)
    if lead:
        parts[0] += " " + _("The lead municipality is %(name)s.", name=escape(lead.name))
    if facts.management_body:
        parts.append(_("The social services of the district are managed by %(body)s (%(form)s).",
                       body=escape(facts.management_body), form=escape(facts.management_form or "")))
    known = [c for c in comuni if c.population is not None]
    if known:
        years = ", ".join(str(year) for year in facts.years)
        parts.append(_("Resident population: %(population)s inhabitants (ISTAT, %(years)s).",
                       population=whole(facts.population), years=years or "–"))
        missing = len(comuni) - len(known)
        if missing:
            parts.append(_("The population of %(num)s comuni is not recorded.", num=missing))
    parts.append("### " + _("Comuni and population"))
    sub_areas = any(c.sub_area for c in comuni)
    header = [_("Comune"), _("ISTAT code"), _("Inhabitants"), *([_("Sub-area")] if sub_areas else [])]
    rows = [[escape(c.name), c.istat_code, whole(c.population) if c.population is not None else "–",
             *([escape(c.sub_area or "")] if sub_areas else [])] for c in comuni]
    if known:
        rows.append([f"**{_('Total')}**", "", f"**{whole(facts.population)}**", *([""] if sub_areas else [])])
    parts.append(table(header, rows))
    return "\n\n".join(parts) + "\n"


def governance_chapter(facts: TerritoryFacts, _: Translate = identity) -> str:
    parts = []
    if facts.management_body:
        parts.append(_("Managing body: %(body)s (%(form)s).", body=escape(facts.management_body),
                       form=escape(facts.management_form or "")))
    for body in facts.bodies:
        parts.append(f"### {escape(body.name)}")
        parts.append(f"*{escape(body.kind)}*" + (f". {escape(body.description.strip())}"
                                                  if body.description else ""))
        if body.members:
            rows = [[escape(who), escape(capacity or ""), escape(comune or "")] for who, capacity, comune in
                    body.members]
            parts.append(table([_("Member"), _("Role in the body"), _("Comune")], rows))
        else:
            parts.append(_("Its members are not recorded."))
    return "\n\n".join(parts) + "\n"


def signature_table(facts: TerritoryFacts, _: Translate = identity) -> str:
    """The comuni that sign the agreement, each with its seat in the mayors' assembly and room to sign."""
    rows = [[escape(c.name), escape(c.signatory or _("The mayor or a delegate")), ""] for c in facts.comuni]
    return "### " + _("Signatures of the comuni") + "\n\n" + table([_("Comune"), _("Signed by"), _("Signature")],
                                                                   rows) + "\n"
