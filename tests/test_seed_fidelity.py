"""The demo against the sources: tests/fixtures/crema_2015_sources.json was transcribed, item by item, from
the Ufficio di Piano's published posts (../shared/seeds/003 and 004, copied in tests/fixtures/sources with
people's names omitted; every text of the fixture is checked to be in them word for word). The demo must say what the sources say: the meetings'
places, dates, times, programme, groups and slots; the minutes' counts and texts; each focus group's keywords
and four lists with their sub-points; who could not report. People are placeholders in both."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from app.extensions import db
from evaluations.demo import load_demo_campaign
from focus_groups.demo import load_demo_focus_groups
from focus_groups.models import BoardColumn
from meetings import demo
from meetings.models import Meeting

SOURCES = json.loads((Path(__file__).parent / "fixtures" / "crema_2015_sources.json").read_text(encoding="utf-8"))
# The five source documents (../shared/seeds), copied with people's names omitted: the checks run everywhere.
SEEDS = Path(__file__).parent / "fixtures" / "sources"


def plain(text) -> str:
    """Text compared as words: case, spacing, punctuation and the article "l'" do not count."""
    text = str(text or "").casefold().replace("’", "'").replace("l'", "")
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


@pytest.fixture
def meetings(plan):
    demo.load_demo_meetings(plan, today=date(2030, 1, 10))
    db.session.commit()
    return {m.starts_at.date().isoformat(): m for m in db.session.scalars(db.select(Meeting))}


@pytest.mark.parametrize("source", SOURCES["meetings"], ids=lambda m: m["date"])
def test_each_meeting_is_where_and_when_the_sources_say(meetings, source):
    meeting = meetings[source["date"]]
    where = plain(f"{meeting.place} {meeting.address or ''}")
    assert plain(source["place"]) in where and plain(source["address"]) in where
    if source["start"]:
        assert meeting.starts_at.strftime("%H:%M") == source["start"]
        assert meeting.ends_at.strftime("%H:%M") == source["end"]
    elif not source["slots"]:
        assert not meeting.time_known                     # no hours published: none shown
    assert [[s.starts_at.strftime("%H:%M"), s.ends_at.strftime("%H:%M")] for s in meeting.time_slots] == source["slots"]
    assert [[i.starts_at.strftime("%H:%M"), plain(i.title)] for i in meeting.agenda if source["agenda"]] == [
        [at, plain(title)] for at, title in source["agenda"] or []]
    assert [plain(g.name) for g in meeting.working_groups] == [plain(g) for g in source["working_groups"] or []]
    if source["area"]:
        assert {i.area.name for i in meeting.agenda if i.area} == {source["area"]}
    for notes in (source["agenda_notes"] or {}).values():
        for note in notes:
            assert plain(note) in plain(meeting.description) or plain(note) in map(plain, source["working_groups"])


def test_the_2014_minutes_are_as_published(meetings):
    source = SOURCES["minutes_2014"]
    meeting = meetings[source["date"]]
    [minutes] = meeting.minutes
    assert plain(minutes.place) == plain(source["place"])
    assert (meeting.starts_at.strftime("%H:%M"), meeting.ends_at.strftime("%H:%M")) == (source["start"], source["end"])
    assert len(minutes.present.splitlines()) == source["present_count"]
    assert len(minutes.absent.splitlines()) == source["absent_count"]
    for area in source["areas_of_experimentation"]:
        assert plain(area) in plain(minutes.summary)
    assert len(minutes.items) == len(source["work_tracks"])
    for item, track in zip(minutes.items, source["work_tracks"]):
        letter, text = track["text"].split(") ", 1)
        assert item.title.endswith(f"{letter})") and plain(text) in plain(item.summary)
        assert plain(track["input"]) == plain(item.input)         # the "Input:" of the track, in its own field
    assert plain(source["next_meeting"]["place"]) in plain(minutes.next_meeting)
    assert source["next_meeting"]["time"] in minutes.next_meeting


def _texts(node):
    if isinstance(node, str):
        if not re.fullmatch(r"\d\d:\d\d|\d{4}-\d\d-\d\d", node):      # times and dates are normalised
            yield from node.split("\n")                                 # passages joined from two places
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("date", "post_date", "focus_date", "kind", "start", "end", "time", "area", "slots"):
                yield from _texts(value)


def test_the_fixture_itself_quotes_the_sources_word_for_word():
    sources = " ".join(" ".join(path.read_text(encoding="utf-8").split()) for path in SEEDS.glob("00[34]_*.txt"))
    sources_plain = plain(sources)
    for text in _texts({k: v for k, v in SOURCES.items() if not k.startswith("_")}):
        assert plain(text) in sources_plain, text


def _items(items) -> list[str]:
    """A list of the sources as statements: an item with sub-points is its text and a line per sub-point."""
    return [plain(item) if isinstance(item, str) else plain(" ".join([item["text"], *item["points"]]))
            for item in items or []]


def test_each_focus_group_has_the_keywords_and_the_lists_the_room_wrote(plan):
    groups = {f.title: f for f in load_demo_focus_groups(plan)}
    db.session.commit()
    for source in SOURCES["focus_groups"]:
        focus = groups[source["area"]]
        paper = [k.text for s in focus.sessions if s.code != "CREMA1" for k in s.keywords]
        assert sorted(map(plain, paper)) == sorted(map(plain, source["keywords"] or []))
        lists = {column: [plain(s.text) for s in focus.statements if s.column == column] for column in BoardColumn}
        assert lists[BoardColumn.STRENGTHS] == _items(source["strengths"])
        assert lists[BoardColumn.CRITICAL_POINTS] == _items(source["critical_points"])
        assert lists[BoardColumn.INTERPRETIVE_HYPOTHESES] == _items(source["interpretive_hypotheses"])
        assert lists[BoardColumn.DEVELOPMENT_LINES] == _items(source["development_lines"])
        # what the room wrote beyond the four lists: added columns under the source's own headings, in its order
        added = {plain(c.name): [plain(i) for i in c.items] for c in focus.extra_columns}
        expected = {}
        if source["strengths_and_critical_points"]:
            expected[plain("Punti di forza e criticità sull’argomento")] = _items(source["strengths_and_critical_points"])
        if source["cross_cutting_wishes"]:
            expected[plain("Due auspici trasversali")] = _items(source["cross_cutting_wishes"])
        assert added == expected


def test_the_cards_say_who_could_not_report_and_claim_nothing_the_sources_do_not(plan, office):
    campaign = load_demo_campaign(plan, planning_office=office)
    db.session.commit()
    nobody = {plain(c.nobody_reason) for c in campaign.cards if c.nobody_can_report}
    assert nobody == {plain(finding["finding"]) for finding in SOURCES["cards"]["nobody_could_report"]}
    for card in campaign.cards:
        assert card.implementation_state is None or card.implementation_state.value == "started"   # none concluded
        assert not card.resources and not card.thesis_ratings and card.objective is None
        assert card.actual_start is None and card.actual_end is None and card.progress_percent is None
    people = {(c.people_min, c.people_max) for c in campaign.cards if c.action.area.name == "Modello organizzativo"}
    assert people == {(20, 50)} and "da 20 a 50 persone per azione" in SOURCES["cards"]["people_by_area"][
        "Modello organizzativo"]


def test_the_draft_has_the_axes_of_the_9_april_agenda_and_takes_up_the_rooms_lines_as_written(plan):
    from plan_drafts.demo import load_demo_draft
    load_demo_focus_groups(plan)
    draft = load_demo_draft(plan)
    db.session.commit()
    [agenda] = [m["agenda"] for m in SOURCES["meetings"] if m.get("agenda")]
    topics = [plain(item) for _time, item in agenda]
    # each axis is one of the morning's topics: knowledge, services, resources, then the governance
    for axis, word in zip(draft.axes, ("conoscenza", "servizi", "risorse", "governance")):
        assert word[:8] in plain(axis.name) and any(word in topic for topic in topics), axis.name
    assert draft.axes[-1].is_governance
    lines = {line for source in SOURCES["focus_groups"] for line in _items(source["development_lines"])}
    assert draft.objectives
    for objective in draft.objectives:          # nothing the sources do not say: no owner, partner, time or money
        assert plain(objective.title) in lines
        assert objective.responsible is None and not objective.partners and objective.timing is None
        assert objective.budget_amount is None and objective.programme is None
