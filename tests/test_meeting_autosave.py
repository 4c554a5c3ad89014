"""A meeting's edit form autosaves like the minutes (app/autosave.py): the new version, 409 with both versions
on an old one (nothing overwritten), 400 with a message on bad input, the planning office only."""
from __future__ import annotations

import pytest

from app.extensions import db
from meetings import services
from meetings.models import AgendaItem, Meeting
from tests.browser_forms import check_version_is_required
from tests.test_meeting_registration import make_meeting

BASE = "/gestione/ambito-distrettuale-cremasco"


def edit_url(meeting: Meeting) -> str:
    return f"{BASE}/incontri/{meeting.id}/modifica"


def autosave_url(meeting: Meeting) -> str:
    return f"{BASE}/incontri/{meeting.id}/salva"


def form_of(meeting: Meeting, **changes) -> dict:
    data = {"version": str(meeting.version), "title": meeting.title, "kind": meeting.kind.value, "plan_id": "0",
            "date": meeting.starts_at.strftime("%Y-%m-%d"), "start_time": meeting.starts_at.strftime("%H:%M"),
            "end_time": meeting.ends_at.strftime("%H:%M"), "place": meeting.place, "address": "",
            "description": meeting.description or "", "is_public": "y", "registration_open": "y"}
    data.update(changes)
    return data


def test_the_edit_page_autosaves(as_office, district):
    meeting = make_meeting(district)
    page = as_office.get(edit_url(meeting)).get_data(as_text=True)
    assert f'data-autosave-url="{autosave_url(meeting)}"' in page and "autosave.js" in page
    assert 'id="autosave-status"' in page and 'id="autosave-messages"' in page
    new_page = as_office.get(f"{BASE}/incontri/nuovo").get_data(as_text=True)
    assert "data-autosave-url" not in new_page     # nothing to save into before the meeting exists


def test_autosave_saves_the_description_and_answers_the_new_version(as_office, district):
    meeting = make_meeting(district)
    before = meeting.version
    response = as_office.post(autosave_url(meeting), data=form_of(meeting, description="Ordine del **giorno**"))
    assert response.status_code == 200
    assert response.get_json() == {"ok": True, "version": before + 1, "errors": {}}
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).description == "Ordine del **giorno**"


def test_an_old_version_is_refused_with_both_versions(as_office, district):
    meeting = make_meeting(district)
    old = form_of(meeting)
    assert as_office.post(autosave_url(meeting), data=form_of(meeting, description="Prima stesura")).status_code == 200
    stale = as_office.post(autosave_url(meeting), data={**old, "description": "Seconda mano"})
    assert stale.status_code == 409
    answer = stale.get_json()
    assert answer["error"] == "conflict" and answer["conflict_url"] == edit_url(meeting)
    assert answer["version"] == meeting.version
    [description] = answer["differences"]        # only what differs, labelled in the user's language
    assert description["label"] == "Descrizione (Markdown)"
    assert (description["mine"], description["theirs"]) == ("Seconda mano", "Prima stesura")
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).description == "Prima stesura"    # nothing overwritten
    # "keep my version": the same text on top of the version now saved
    kept = as_office.post(autosave_url(meeting), data={**old, "version": str(answer["version"]),
                                                        "description": "Seconda mano"})
    assert kept.status_code == 200


def test_bad_input_is_answered_400_with_a_message_and_the_fields(as_office, district):
    meeting = make_meeting(district)
    response = as_office.post(autosave_url(meeting), data=form_of(meeting, title="", date="ieri"))
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"] == "invalid" and answer["message"]
    assert set(answer["errors"]) == {"title", "date"}
    ends_first = as_office.post(autosave_url(meeting), data=form_of(meeting, end_time="08:00"))
    assert ends_first.status_code == 400 and ends_first.get_json()["message"]
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).title == "Incontro aperto"


def test_only_the_planning_office_autosaves(app, as_facilitator, district):
    meeting = make_meeting(district)
    assert as_facilitator.post(autosave_url(meeting), data=form_of(meeting)).status_code == 403
    anonymous = app.test_client().post(autosave_url(meeting), data=form_of(meeting))
    assert anonymous.status_code in (302, 401) and "json" not in (anonymous.content_type or "")
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).version == meeting.version


def test_a_meeting_of_another_district_is_not_found(as_office, district):
    from app.models import District
    other = District(name="Altro ambito", slug="altro-ambito")
    db.session.add(other)
    db.session.commit()
    meeting = make_meeting(other)
    assert as_office.post(autosave_url(meeting), data=form_of(meeting)).status_code == 404


@pytest.mark.parametrize("autosave", [True, False], ids=["autosave", "full-submit"])
def test_a_meeting_saved_without_a_valid_version_is_refused(app, as_office, district, autosave):
    """Issue 14, defect 6: no version, a blank one or "abc" overwrote a newer save; now 400, nothing saved."""
    meeting = make_meeting(district)
    check_version_is_required(app, as_office, page=edit_url(meeting), field="description", autosave=autosave,
                              form="form[data-autosave-url]", stale_status=409 if autosave else 422,
                              read=lambda: db.session.get(Meeting, meeting.id).description)


def test_an_agenda_item_saved_without_a_valid_version_is_refused(app, as_office, district):
    meeting = make_meeting(district)
    item = services.add_agenda_item(meeting, starts_at=None, title="Apertura", speaker=None, area=None)
    db.session.commit()
    check_version_is_required(app, as_office, page=f"{BASE}/ordine-del-giorno/{item.id}/modifica", field="title",
                              form="form.pdz-form", autosave=False, stale_status=422,
                              read=lambda: db.session.get(AgendaItem, item.id).title)
