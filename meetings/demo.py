"""The demo's meetings: the open meeting of 9 April 2015 (agenda from the sample file, three working
groups, the two time slots with one full, a dozen registrations with a waiting list), an upcoming second
focus group with the same slots where anyone can try the waiting list, and the 2014 working-group meeting
whose approved minutes are published. Loaded once: running it again changes nothing."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from importlib import resources

from app.extensions import db
from app.models import OrganizationType, Plan, utcnow
from app.plans import sample_data
from focus_groups.models import FocusGroup

from . import services
from .models import (Meeting, MeetingKind, Minutes, MinutesItem, MinutesStatus, Registration,
                     RegistrationSource, RegistrationStatus)
from .registrations import register

OPEN_MEETING_TITLE = "Verso il V Piano di Zona 2015-2017: incontro aperto dei sottoscrittori"
SECOND_ROUND_TITLE = "Secondo focus group – Modello organizzativo"
PLACE = "Sala Alessandrini, Comune di Crema"
ADDRESS = ("Piazza Duomo 25, 26013 Crema (CR). Sala al piano terra, accesso senza gradini dall'ingresso "
           "principale; parcheggio in piazza Garibaldi; 10 minuti a piedi dalla stazione.")
MINUTES_EXAMPLE = "minutes-2014-04-09.json"   # shipped in the package, so the demo works from a wheel

# Who signed up to the open meeting: (name, organization, kind, working group index, slot index, e-mail).
PEOPLE = [
    ("Giulia Ferrari", "Comune di Crema", OrganizationType.COMUNE, 0, 0),
    ("Marco Bianchi", "Comune di Pandino", OrganizationType.COMUNE, 1, 0),
    ("Laura Colombo", "ASST di Crema", OrganizationType.ATS_ASST, 2, 0),
    ("Paolo Ricci", "Cooperativa sociale Il Seme", OrganizationType.COOPERATIVA, 2, 0),
    ("Anna Galli", "Associazione Auser Crema", OrganizationType.ASSOCIAZIONE, 0, 0),    # slot full: waits
    ("Stefano Conti", "Fondazione Comunitaria di Cremona", OrganizationType.FONDAZIONE, 1, 0),   # waits too
    ("Chiara Moretti", "Istituto comprensivo Crema Uno", OrganizationType.SCUOLA, 0, 1),
    ("Luca Marino", "Cooperativa sociale Koala", OrganizationType.COOPERATIVA, 1, 1),
    ("Francesca Greco", "Comune di Offanengo", OrganizationType.COMUNE, 2, 1),
    ("Davide Bruno", "Caritas Crema", OrganizationType.ASSOCIAZIONE, 0, 1),
    ("Elena Fontana", "Comune di Crema", OrganizationType.COMUNE, 2, 1),
    ("Roberto Costa", None, None, 1, 1),
]
SLOT_CAPACITIES = (4, 8)   # the first slot fills up with four people: the next two wait
SECOND_ROUND_PEOPLE = [("Sara Lombardi", "Comune di Vaiano Cremasco", OrganizationType.COMUNE, 0),
                       ("Matteo Villa", "Cooperativa sociale Igea", OrganizationType.COOPERATIVA, 0),
                       ("Valentina Serra", "ASST di Crema", OrganizationType.ATS_ASST, 0),
                       ("Giorgio Mancini", "Associazione Anffas Crema", OrganizationType.ASSOCIAZIONE, 0),
                       ("Irene Gatti", "Comune di Crema", OrganizationType.COMUNE, 1)]
SECOND_ROUND_CAPACITIES = (3, 6)


def _email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@esempio.it"


def _clock(text: str) -> time:
    return time.fromisoformat(text)


def _find(district_id: int, title: str) -> Meeting | None:
    return db.session.scalar(db.select(Meeting).filter_by(district_id=district_id, title=title))


def _sign_up(meeting: Meeting, people, groups, slots) -> None:
    for name, organization, kind, group, slot in people:
        register(meeting, name=name, email=_email(name), organization_name=organization,
                 organization_type=kind, working_group=groups[group] if groups else None,
                 time_slot=slots[slot], join_waitlist=True, source=RegistrationSource.OFFICE, notify=False)


def _slots(meeting: Meeting, day: date, capacities) -> list:
    return [services.add_time_slot(meeting, starts_at=datetime.combine(day, _clock(start)),
                                   ends_at=datetime.combine(day, _clock(end)), capacity=capacity)
            for (start, end), capacity in zip(sample_data()["next_plan"]["focus_group_slots"], capacities)]


def _focus_group_of(area):
    return db.session.scalar(db.select(FocusGroup).filter_by(area_id=area.id)
                             .order_by(FocusGroup.id).limit(1))


def load_open_meeting(plan: Plan) -> Meeting:
    meeting = _find(plan.district_id, OPEN_MEETING_TITLE)
    if meeting is not None:
        return meeting
    day = date(2015, 4, 9)
    agenda = sample_data()["next_plan"]["open_meeting_agenda"]
    meeting = services.create_meeting(
        plan.district, title=OPEN_MEETING_TITLE, kind=MeetingKind.OPEN_MEETING, plan=plan, place=PLACE,
        address=ADDRESS, starts_at=datetime.combine(day, _clock(agenda[0][0])),
        ends_at=datetime.combine(day, _clock(agenda[-1][0])),
        description=("Presentiamo gli esiti della valutazione del Piano 2012-2014 e discutiamo gli obiettivi "
                     "del nuovo Piano lungo tre assi: **ricomposizione delle conoscenze, dei servizi e delle "
                     "risorse**, più la governance. È una *scrittura partecipata*: ci si iscrive a uno dei "
                     "tre gruppi di lavoro, uno per area, e a una delle due fasce del secondo focus group."))
    areas = {area.name: area for area in plan.areas}
    for at, title in agenda:
        area = next((a for name, a in areas.items() if name.lower() in title.lower()), None)
        services.add_agenda_item(meeting, starts_at=_clock(at), title=title, area=area,
                                 speaker="Ufficio di Piano" if at in ("09:30", "16:30") else None)
    # One group per area; the one whose area has a focus group (Modello organizzativo) is tied to it.
    groups = [services.add_working_group(meeting, name=area.name, area=area, capacity=15,
                                         focus_group=_focus_group_of(area)) for area in plan.areas]
    _sign_up(meeting, PEOPLE, groups, _slots(meeting, day, SLOT_CAPACITIES))
    return meeting


def load_second_round(plan: Plan, today: date) -> Meeting:
    """An upcoming meeting, so that registering, waiting and moving up can be tried in the demo."""
    meeting = _find(plan.district_id, SECOND_ROUND_TITLE)
    if meeting is not None:
        return meeting
    day = today + timedelta(days=21)
    slots = sample_data()["next_plan"]["focus_group_slots"]
    area = next((a for a in plan.areas if a.name == "Modello organizzativo"), None)
    meeting = services.create_meeting(
        plan.district, title=SECOND_ROUND_TITLE, kind=MeetingKind.FOCUS_GROUP, plan=plan, place=PLACE,
        address=ADDRESS, starts_at=datetime.combine(day, _clock(slots[0][0])),
        ends_at=datetime.combine(day, _clock(slots[-1][1])),
        description=("Il gruppo non ha finito il lavoro: lo riprendiamo in due fasce orarie, a scelta, "
                     "attorno alle domande stimolo emerse nel primo incontro. I posti sono pochi."))
    services.add_agenda_item(meeting, starts_at=_clock(slots[0][0]), speaker="Facilitatrice", area=area,
                             title="Domande stimolo e lavoro in gruppo")
    _sign_up(meeting, [(n, o, k, None, s) for n, o, k, s in SECOND_ROUND_PEOPLE], None,
             _slots(meeting, day, SECOND_ROUND_CAPACITIES))
    return meeting


def load_minutes_meeting(plan: Plan) -> Meeting:
    """The real 2014 working-group meeting of the sample file, with its approved, published minutes."""
    example = json.loads(resources.files("meetings").joinpath("sample", MINUTES_EXAMPLE)
                         .read_text(encoding="utf-8"))
    meeting = _find(plan.district_id, example["group"])
    if meeting is not None:
        return meeting
    day = date.fromisoformat(example["date"])
    meeting = services.create_meeting(
        plan.district, title=example["group"], kind=MeetingKind.WORKING_GROUP, plan=plan,
        place=example["place"], starts_at=datetime.combine(day, _clock(example["start"])),
        ends_at=datetime.combine(day, _clock(example["end"])), registration_open=False)
    for number, (names, present) in enumerate([(example["present"], True), (example["absent"], False)]):
        for name in names:
            db.session.add(Registration(
                meeting=meeting, name=name, email=None, token=f"demo-{meeting.id}-{name}",
                status=RegistrationStatus.CONFIRMED, source=RegistrationSource.OFFICE, confirmed_at=utcnow(),
                present=present, checked_in_at=utcnow()))
    nxt = example["next_meeting"]
    minutes = Minutes(meeting=meeting, place=example["place"], starts_at=meeting.starts_at,
                      ends_at=meeting.ends_at, summary=example["summary"],
                      present="\n".join(example["present"]), absent="\n".join(example["absent"]),
                      next_meeting=f"{nxt['place']}, ore {nxt['time']}",
                      status=MinutesStatus.APPROVED, approved_at=utcnow(), is_published=True)
    minutes.items = [MinutesItem(position=n, title=f"Pista di lavoro {n}", summary=track)
                     for n, track in enumerate(example["work_tracks"], start=1)]
    db.session.add(minutes)
    db.session.flush()
    return meeting


def load_demo_meetings(plan: Plan, today: date | None = None) -> list[Meeting]:
    meetings = [load_open_meeting(plan), load_second_round(plan, today or services.local_now().date()),
                load_minutes_meeting(plan)]
    db.session.flush()
    return meetings
