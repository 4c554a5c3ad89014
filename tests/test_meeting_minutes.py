"""Minutes of a meeting or working group: pre-filled from the meeting and its attendance, saved with version
checks and autosave, draft → approved → public, sanitised, exported to DOCX/ODT/PDF that list present and absent
people. The real working-group minutes of Crema (tests/data/minutes_example.json) are the test data."""
from __future__ import annotations

import io
import json
from datetime import datetime, time
from pathlib import Path

import pytest

from app.extensions import db
from exports.minutes import MinutesExport, MinutesSection, minutes_to_markdown
from meetings import attendance, minutes as service
from meetings.models import AgendaItem, Meeting, Minutes, MinutesStatus, WorkingGroup
from tests.browser_forms import check_version_is_required

EXAMPLE = json.loads((Path(__file__).parent / "data" / "minutes_example.json").read_text(encoding="utf-8"))


def example_meeting(district, *, public=True) -> Meeting:
    day = datetime.fromisoformat(EXAMPLE["date"])
    start, end = (time.fromisoformat(EXAMPLE[k]) for k in ("start", "end"))
    meeting = Meeting(district=district, title="Gruppi di progettazione", place=EXAMPLE["place"],
                      starts_at=datetime.combine(day, start), ends_at=datetime.combine(day, end), is_public=public)
    db.session.add(meeting)
    db.session.add(WorkingGroup(meeting=meeting, name=EXAMPLE["group"]))
    for position, title in enumerate(["Apertura e presentazioni", "Aree di sperimentazione"]):
        db.session.add(AgendaItem(meeting=meeting, position=position, title=title,
                                  starts_at=time(14, 30 + 15 * position)))
    db.session.commit()
    return meeting


def example_minutes(meeting) -> Minutes:
    minutes = service.start_minutes(meeting, meeting.working_groups[0])
    service.save_minutes(
        minutes, version=minutes.version, place=EXAMPLE["place"], starts_at=meeting.starts_at,
        ends_at=meeting.ends_at, present="\n".join(EXAMPLE["present"]), absent="\n".join(EXAMPLE["absent"]),
        summary=EXAMPLE["summary"], decisions="\n".join(f"- {t}" for t in EXAMPLE["work_tracks"]),
        next_meeting=f"{EXAMPLE['next_meeting']['place']}, ore {EXAMPLE['next_meeting']['time']}",
        items=[service.ItemText(i.id, i.title, "Discussione.") for i in minutes.items])
    db.session.commit()
    return minutes


def edit_url(minutes):
    return f"/gestione/{minutes.meeting.district.slug}/verbali/{minutes.id}/"


def form_of(minutes, **changes) -> dict:
    data = {"version": minutes.version, "place": minutes.place or "", "date": minutes.starts_at.date().isoformat(),
            "start": minutes.starts_at.strftime("%H:%M"), "end": minutes.ends_at.strftime("%H:%M"),
            "present": minutes.present or "", "absent": minutes.absent or "", "summary": minutes.summary or "",
            "decisions": minutes.decisions or "", "next_meeting": minutes.next_meeting or ""}
    for number, item in enumerate(minutes.items):
        data.update({f"items-{number}-id": item.id, f"items-{number}-title": item.title,
                     f"items-{number}-summary": item.summary or ""})
    data.update(changes)
    return data


# --- the pure Markdown ------------------------------------------------------------------------------

def test_the_markdown_lists_present_and_absent_and_escapes_names():
    text = minutes_to_markdown(MinutesExport(title="Verbale", present=["Anna *Rossi*", "Bruno"], absent=["<b>C</b>"],
                                             sections=[MinutesSection("Apertura", "# Titolo\nTesto", "14:30")]))
    assert "### Present (2)" in text and "- Anna \\*Rossi\\*" in text and "&lt;b&gt;C&lt;/b&gt;" in text
    assert "### 1. Apertura (14:30)" in text and "#### Titolo" in text     # the office's headings go below


# --- pre-filled, saved, approved ------------------------------------------------------------------------

def test_new_minutes_start_from_the_meeting_and_the_check_in(as_office, district):
    meeting = example_meeting(district)
    from meetings import registrations
    for name in ("Anna", "Bruno"):      # the meeting is past: the office registers them
        registrations.register(meeting, name=name, email=f"{name}@example.org", working_group=meeting.working_groups[0],
                               source=registrations.RegistrationSource.OFFICE, notify=False)
    db.session.commit()
    attendance.check_in(meeting.registrations[0], True)
    db.session.commit()
    response = as_office.post(f"/gestione/{district.slug}/incontri/{meeting.id}/verbali/nuovo",
                              data={"working_group": meeting.working_groups[0].id})
    assert response.status_code == 302
    minutes = db.session.scalar(db.select(Minutes))
    assert (minutes.present, minutes.absent) == ("Anna", "Bruno")
    assert minutes.place == EXAMPLE["place"] and minutes.starts_at == meeting.starts_at
    assert [i.title for i in minutes.items] == ["Apertura e presentazioni", "Aree di sperimentazione"]
    page = as_office.get(edit_url(minutes)).get_data(as_text=True)
    assert 'data-autosave-url="' in page and "autosave.js" in page


def test_saving_with_an_old_version_is_refused_and_keeps_both(as_office, district):
    minutes = example_minutes(example_meeting(district))
    old = form_of(minutes)
    assert as_office.post(edit_url(minutes), data={**old, "summary": "Prima versione"}).status_code == 302
    conflict = as_office.post(edit_url(minutes), data={**old, "summary": "Versione concorrente"})
    page = conflict.get_data(as_text=True)
    assert conflict.status_code == 409 and "Versione concorrente" in page and "Prima versione" in page
    db.session.refresh(minutes)
    assert minutes.summary == "Prima versione"


def test_autosave_answers_the_new_version_or_409(as_office, district):
    minutes = example_minutes(example_meeting(district))
    url = edit_url(minutes) + "salva"
    data = form_of(minutes, summary="Scritto e salvato da solo")
    before = minutes.version
    first = as_office.post(url, data=data)
    assert first.status_code == 200 and first.get_json()["version"] == before + 1
    stale = as_office.post(url, data={**data, "summary": "altro"})
    assert stale.status_code == 409 and stale.get_json()["error"] == "conflict"
    assert any(d["theirs"] == "Scritto e salvato da solo" for d in stale.get_json()["differences"])


def test_items_are_added_with_the_blank_row_and_removed_when_emptied(as_office, district):
    minutes = example_minutes(example_meeting(district))
    data = form_of(minutes, **{"items-0-title": "", "items-0-summary": "", "items-2-title": "Varie",
                               "items-2-summary": "Nulla"})
    assert as_office.post(edit_url(minutes), data=data).status_code == 302
    db.session.refresh(minutes)
    assert [(i.title, i.position) for i in minutes.items] == [("Aree di sperimentazione", 0), ("Varie", 1)]


def test_draft_approved_public_and_reopened(as_office, client, district):
    minutes = example_minutes(example_meeting(district))
    public = f"/incontri/verbali/{minutes.id}"
    assert client.get(public).status_code == 404                        # a draft is not public
    assert as_office.post(edit_url(minutes) + "approva").status_code == 302
    db.session.refresh(minutes)
    assert minutes.status == MinutesStatus.APPROVED and minutes.is_published and minutes.approved_by is not None
    page = client.get(public).get_data(as_text=True)
    assert "Partecipante 15" in page and "Partecipante 19" in page and "Oratorio di San Bartolomeo" in page
    assert as_office.post(edit_url(minutes), data=form_of(minutes)).status_code == 409   # approved: read-only
    as_office.post(edit_url(minutes) + "riapri")
    assert client.get(public).status_code == 404


def test_minutes_of_an_invite_only_meeting_are_never_public(as_office, client, district):
    minutes = example_minutes(example_meeting(district, public=False))
    as_office.post(edit_url(minutes) + "approva")
    assert client.get(f"/incontri/verbali/{minutes.id}").status_code == 404


def test_summaries_are_sanitised_on_the_page(as_office, client, district):
    minutes = example_minutes(example_meeting(district))
    data = form_of(minutes, summary="<script>alert(1)</script>[x](javascript:alert(2)) **ok**",
                   **{"items-0-summary": "<img src=x onerror=alert(3)>"})
    as_office.post(edit_url(minutes), data=data)
    as_office.post(edit_url(minutes) + "approva")
    page = client.get(f"/incontri/verbali/{minutes.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "javascript:" not in page and "onerror" not in page
    assert "<strong>ok</strong>" in page


def test_only_the_planning_office_writes_minutes(client, district, make_user):
    from app.models import Role
    from tests.conftest import login
    minutes = example_minutes(example_meeting(district))
    login(client, make_user("f@example.org", Role.FACILITATOR, district))
    assert client.get(edit_url(minutes)).status_code == 403
    assert client.post(edit_url(minutes) + "approva").status_code == 403


# --- documents -----------------------------------------------------------------------------------------

def test_the_docx_opens_and_lists_present_and_absent(as_office, district):
    import docx
    minutes = example_minutes(example_meeting(district))
    response = as_office.get(f"/gestione/{district.slug}/verbali/{minutes.id}.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert all(name in text for name in EXAMPLE["present"] + EXAMPLE["absent"])
    assert "Presenti (15)" in text and "Assenti (4)" in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any("Decisioni" in h for h in headings) and any("Prossimo incontro" in h for h in headings)


@pytest.mark.parametrize("fmt, magic", [("odt", b"PK"), ("pdf", b"%PDF")])
def test_odt_and_pdf_downloads(as_office, district, fmt, magic):
    minutes = example_minutes(example_meeting(district))
    response = as_office.get(f"/gestione/{district.slug}/verbali/{minutes.id}.{fmt}")
    assert response.status_code == 200 and response.data.startswith(magic)


def test_the_public_downloads_only_approved_minutes(as_office, client, district):
    minutes = example_minutes(example_meeting(district))
    assert client.get(f"/incontri/verbali/{minutes.id}.docx").status_code == 404
    as_office.post(edit_url(minutes) + "approva")
    assert client.get(f"/incontri/verbali/{minutes.id}.docx").status_code == 200


@pytest.mark.parametrize("autosave", [True, False], ids=["autosave", "full-submit"])
def test_minutes_saved_without_a_valid_version_are_refused(app, as_office, district, autosave):
    """Issue 14, defect 6: no version, a blank one or "abc" overwrote a newer save; now 400, nothing saved."""
    minutes = example_minutes(example_meeting(district))
    check_version_is_required(app, as_office, page=edit_url(minutes), field="summary", autosave=autosave,
                              form="#minutes-form", read=lambda: db.session.get(Minutes, minutes.id).summary)
