"""The demo against the sources: tests/fixtures/crema_2015_sources.json was transcribed, item by item, from
the Ufficio di Piano's published posts (../shared/seeds/003 and 004), independently of the demo's own sample
files; the demo's meetings and minutes must say what the sources say - places, dates, times, programme,
groups, slots and the minutes' counts and texts. People are placeholders in both."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from app.extensions import db
from meetings import demo
from meetings.models import Meeting

SOURCES = json.loads((Path(__file__).parent / "fixtures" / "crema_2015_sources.json").read_text(encoding="utf-8"))


def plain(text) -> str:
    """Text compared as words: case, spacing, punctuation and the article "l'" do not count."""
    text = str(text or "").casefold().replace("’", "'").replace("l'", "")
    return " ".join(re.sub(r"[^\w']+", " ", text).split())


@pytest.fixture
def meetings(plan):
    demo.load_demo_meetings(plan, today=date(2030, 1, 10))
    db.session.commit()
    return {m.starts_at.date().isoformat(): m for m in db.session.scalars(db.select(Meeting))}


@pytest.mark.parametrize("source", [m for m in SOURCES["meetings"] if m["slots"] or m["start"]],
                         ids=lambda m: m["date"])
def test_each_meeting_is_where_and_when_the_sources_say(meetings, source):
    meeting = meetings[source["date"]]
    where = plain(f"{meeting.place} {meeting.address or ''}")
    assert plain(source["place"]) in where and plain(source["address"]) in where
    if source["start"]:
        assert meeting.starts_at.strftime("%H:%M") == source["start"]
        assert meeting.ends_at.strftime("%H:%M") == source["end"]
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
        assert plain(track["input"]) in plain(item.summary)
    assert plain(source["next_meeting"]["place"]) in plain(minutes.next_meeting)
    assert source["next_meeting"]["time"] in minutes.next_meeting
