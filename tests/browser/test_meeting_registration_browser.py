"""Meeting registration in a real browser: a person signs up to a full time slot and lands on the waiting
list, moves up when someone cancels; the planning office checks people in with one keystroke. axe-core on the
form, the person's page and the check-in screen."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

pytestmark = pytest.mark.browser

FULL_SLOT = "17:15–19:15"


@pytest.fixture(scope="module")
def meeting(live_server):
    """A public meeting in the live server's database: one working group, two slots, the second one full."""
    from app.extensions import db
    from app.models import District
    from meetings import registrations
    from meetings.models import Meeting, TimeSlot, WorkingGroup
    with live_server.app_context() as app, app.test_request_context(base_url=live_server.url):
        district = db.session.scalar(db.select(District).filter_by(slug=live_server.district_slug))
        day = (datetime.now() + timedelta(days=10)).replace(hour=15, minute=0, second=0, microsecond=0)
        meeting = Meeting(district=district, title="Secondo focus group", place="Sala Bottesini",
                          address="via Manzoni 21, Crema (ascensore)", starts_at=day,
                          ends_at=day + timedelta(hours=4, minutes=15))
        db.session.add(meeting)
        group = WorkingGroup(meeting=meeting, name="Modello organizzativo", capacity=30)
        first = TimeSlot(meeting=meeting, position=0, capacity=20, starts_at=day, ends_at=day + timedelta(hours=2))
        second = TimeSlot(meeting=meeting, position=1, capacity=1, starts_at=day + timedelta(hours=2, minutes=15),
                          ends_at=day + timedelta(hours=4, minutes=15))
        db.session.add_all([group, first, second])
        db.session.commit()
        holder = registrations.register(meeting, name="Chi ha il posto", email="posto@example.org",
                                        working_group=group, time_slot=second, notify=False).registration
        registrations.confirm(holder, notify=False)
        coming = registrations.register(meeting, name="Marta Neri", email="marta@example.org", working_group=group,
                                        time_slot=first, notify=False).registration
        registrations.confirm(coming, notify=False)
        db.session.commit()
        ids = {"meeting": meeting.id, "holder_token": holder.token}
    return ids


def token_of(live_server, email: str) -> str:
    from app.extensions import db
    from meetings.models import Registration
    with live_server.app_context():
        return db.session.scalar(db.select(Registration.token).filter_by(email=email))


def test_a_full_slot_offers_the_waiting_list_and_a_cancellation_moves_the_person_up(page, visit, live_server,
                                                                                   meeting, assert_accessible):
    visit(f"/incontri/{meeting['meeting']}/iscrizione")
    page.fill("#name", "Giulia Verdi")
    page.fill("#email", "giulia@example.org")
    page.fill("#organization", "Associazione Il Ponte")
    page.select_option("#organization_type", "associazione")
    # Bootstrap Italia draws radios and checkboxes under their labels: a person clicks the label.
    page.locator("label[for=working_group-0]").click()
    page.locator("#time_slot label", has_text=FULL_SLOT).click()
    page.locator("label[for=consent]").click()
    assert page.locator("#time_slot-1").is_checked() and page.locator("#consent").is_checked()
    page.wait_for_timeout(2200)          # the form refuses what no person could type in under 2 s
    page.click("#registration-send")
    assert page.locator("#place-full").is_visible() and "piena" in page.locator("#place-full").inner_text()
    assert_accessible(page, "full slot")
    page.click("#join-waitlist")
    page.locator("#registration-sent").wait_for()
    assert_accessible(page, "sent")

    token = token_of(live_server, "giulia@example.org")
    visit(f"/iscrizioni/{token}")
    page.click("#registration-confirm")
    status = page.locator("#registration-status").inner_text()
    assert "Lista d'attesa" in status and "numero 1" in status
    assert_accessible(page, "waiting")

    other = page.context.new_page()
    other.goto(f"/iscrizioni/{meeting['holder_token']}")
    other.click("#registration-cancel")
    other.close()
    page.reload()
    assert "Confermata" in page.locator("#registration-status").inner_text()


def test_the_check_in_screen_marks_a_person_present_with_one_keystroke(page, login, visit, live_server, meeting):
    login()
    visit(f"/gestione/{live_server.district_slug}/incontri/{meeting['meeting']}/presenze")
    search = page.locator("#checkin-filter")
    search.fill("marta")
    search.press("Enter")
    row = page.locator("#checkin-table tbody tr", has_text="Marta Neri")
    row.locator("button[aria-pressed=true]").wait_for(timeout=3000)
    assert search.input_value() == ""
    page.reload()
    assert row.locator("button[aria-pressed=true]").count() == 1          # saved, not only shown
    visit(f"/gestione/{live_server.district_slug}/incontri/{meeting['meeting']}/presenze/foglio-firme")
    assert "Marta Neri" in page.locator("main").inner_text()
