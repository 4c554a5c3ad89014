"""Before the office publishes a synthesis: what its generated text could not fill from the data, section by
section, and which records it was written from. Pure: posts/synthesis_facts.py in, lists out; the sentences
are those the sections themselves write when a fact is missing."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from .synthesis import SECTION_KEYS, lateness
from .synthesis_facts import COLUMNS, SynthesisInput


@dataclass(frozen=True)
class Gap:
    section: str            # a key of SECTION_KEYS
    missing: str            # what the data does not say, as the section says it


def gaps(data: SynthesisInput) -> list[Gap]:
    """What the generated text could not fill, in the order of the sections."""
    reported = [a for a in data.actions if a.reported]
    found: list[tuple[str, str]] = []
    if not data.focus_title:
        found.append(("intro", _("No focus group: the synthesis is written from the evaluation cards alone.")))
    if data.area_name and not (data.area_text or "").strip():
        found.append(("intro", _("The plan gives no description of this area.")))
    if data.actions and not reported:
        found.append(("actions", _("No evaluation card of this area tells yet what the actions did: it is still "
                                   "to be told.")))
    unknown = sum(1 for a in reported if lateness(a) is None)
    if unknown:
        found.append(("actions", ngettext(
            "The planned and actual dates that would tell the timing are not given in %(num)d card out of "
            "%(total)d.", "The planned and actual dates that would tell the timing are not given in %(num)d cards "
            "out of %(total)d.", unknown, total=len(reported))))
    if data.theses and not any(a.thesis_ratings for a in reported):
        found.append(("theses", _("No card rated the actions against the plan's theses yet.")))
    if reported and not any(a.involved for a in reported):
        found.append(("subjects", _("The cards name no organization involved yet.")))
    if reported and all(a.people_min is None for a in reported):
        found.append(("subjects", _("No card declares how many people were involved.")))
    if data.actions and not any(a.plan_budget for a in data.actions):
        found.append(("budget", _("The plan records no budget line for the area's actions.")))
    if reported and not any(a.planned or a.spent or a.attracted for a in reported):
        found.append(("budget", _("No card reports figures on resources yet.")))
    if not any(g.count for g in data.keywords):
        found.append(("keywords", _("No keyword was collected in this group.")))
    for column in COLUMNS:
        written = any(s.strip() for s in data.statements.get(column, []))
        placed = any(g.column == column and g.count for g in data.keywords)
        if not written and not placed:
            found.append((column, _("Nothing was written here yet.")))
    if not data.next_meetings:
        found.append(("next_steps", _("No next meeting is announced: the section says the next meetings will be "
                                      "announced on the blog.")))
    order = {key: n for n, key in enumerate(SECTION_KEYS)}
    return [Gap(section, text) for section, text in sorted(found, key=lambda item: order[item[0]])]


def sources(data: SynthesisInput) -> list[str]:
    """The records the synthesis was written from, each with how much it holds."""
    listed = [_("The plan “%(plan)s”", plan=data.plan_title)]
    if data.campaign_title:
        sent = sum(1 for a in data.actions if a.card_status in ("submitted", "approved"))
        listed.append(ngettext("The evaluation campaign “%(campaign)s”: %(num)d card sent of %(total)d actions",
                               "The evaluation campaign “%(campaign)s”: %(num)d cards sent of %(total)d actions",
                               sent, campaign=data.campaign_title, total=len(data.actions)))
    if data.focus_title:
        keywords = sum(g.count for g in data.keywords)
        statements = sum(len(v) for v in data.statements.values())
        listed.append(_("The focus group “%(group)s”: %(keywords)d keywords, %(statements)d statements",
                        group=data.focus_title, keywords=keywords, statements=statements))
    if data.next_meetings:
        listed.append(ngettext("%(num)d next meeting", "%(num)d next meetings", len(data.next_meetings)))
    return listed
