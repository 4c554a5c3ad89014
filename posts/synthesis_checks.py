"""Before the office publishes a synthesis: what its generated text could not fill from the data, section by
section - the very sentences the sections write when a fact is missing (posts/synthesis.py) -, which records
it was written from, and the records each section's sentences came from (links in the office's view).
Pure: posts/synthesis_facts.py in, lists out."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from .synthesis import SECTION_KEYS, section
from .synthesis_facts import COLUMNS, REPORTED, ActionFacts, Record, SynthesisInput


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


def _action_record(action: ActionFacts) -> Record | None:
    if action.card_id is not None:
        return Record("card", action.card_id, _("Card %(code)s – %(title)s", code=action.code, title=action.title))
    if action.action_id is not None:
        return Record("action", action.action_id,
                      _("Action %(code)s – %(title)s (no card)", code=action.code, title=action.title))
    return None


def records(data: SynthesisInput) -> list[tuple[str, list[Record]]]:
    """Each section with the records its sentences were written from, in the order of the sections: the plan
    (its area, theses and budget), every action's card (or the action when it has none), the focus group's board
    (keywords and the four lists), the meetings announced."""
    plan = [Record("plan", data.plan_id, _("The plan “%(plan)s”", plan=data.plan_title))] if data.plan_id else []
    focus = ([Record("focus", data.focus_id, _("The board of the focus group “%(group)s”", group=data.focus_title))]
             if data.focus_id else [])
    campaign = ([Record("campaign", data.campaign_id,
                        _("The evaluation campaign “%(campaign)s”", campaign=data.campaign_title))]
                if data.campaign_id else [])
    of_actions = [(a, r) for a, r in zip(data.actions, map(_action_record, data.actions)) if r is not None]
    every_action = [r for _a, r in of_actions]
    reported = [r for a, r in of_actions if a.card_status in REPORTED]
    meetings = [Record("meeting", m.id, m.title) for m in data.next_meetings if m.id is not None]
    drawn = {"intro": plan + focus, "actions": campaign + every_action, "theses": plan + reported,
             "subjects": reported, "budget": plan + reported, "keywords": focus,
             **{column: focus for column in COLUMNS}, "next_steps": meetings}
    return [(key, drawn[key]) for key in SECTION_KEYS if drawn.get(key)]
