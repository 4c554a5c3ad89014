"""Before the office publishes a synthesis: what its generated text could not fill from the data, section by
section - the very sentences the sections write when a fact is missing (posts/synthesis.py) -, and which records
it was written from. Pure: posts/synthesis_facts.py in, lists out."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from .synthesis import SECTION_KEYS, section
from .synthesis_facts import SynthesisInput


@dataclass(frozen=True)
class Gap:
    section: str            # a key of SECTION_KEYS
    missing: str            # what the data does not say, as the section says it


def gaps(data: SynthesisInput) -> list[Gap]:
    """What the generated text could not fill, in the order of the sections."""
    found = []
    for key in SECTION_KEYS:
        sentences: list[str] = []
        section(data, key, sentences)
        found += [Gap(key, sentence) for sentence in sentences]
    return found


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
