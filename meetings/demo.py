"""The demo's meetings: the 2015 cycle's meetings as the Ufficio di Piano announced them
(meetings/sample/crema-2015-meetings.json) - the 5 March open meeting in Soncino, whose hours were not
published; the 2 April focus group "Lavoro di comunità" with its two time slots; the 9 April open meeting at
the Centro San Luigi with its programme and its three project groups -, the 2014 working-group meeting whose
minutes were published, and one upcoming trial meeting - the only date that moves with today - where
registering, a full slot and the waiting list can be tried. People are placeholders. Loaded once: running it
again changes nothing."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from importlib import resources

from sqlalchemy import select

from app.extensions import db
from app.models import OrganizationType, Plan
from app.roles import district_roles

from . import attendance, services, standing
from .models import Meeting, MeetingKind, Minutes, MinutesItem, MinutesStatus, RegistrationSource
from .registrations import register
from .role_reports import report_role
from .standing_models import StandingGroup

CYCLE = "crema-2015-meetings.json"
MINUTES_EXAMPLE = "minutes-2014-04-09.json"   # shipped in the package, so the demo works from a wheel
TRIAL_TITLE = "Incontro di prova: iscrizioni, fasce orarie e lista d'attesa"
TRIAL_PEOPLE = [("Partecipante 1", "Comune di Crema", OrganizationType.COMUNE, 0),
                ("Partecipante 2", "ASST di Crema", OrganizationType.ATS_ASST, 0),
                ("Partecipante 3", "Comunità Sociale Cremasca", OrganizationType.ALTRO, 0),
                ("Partecipante 4", "Comune di Crema", OrganizationType.COMUNE, 0),   # the first slot is full: waits
                ("Partecipante 5", None, None, 1)]
TRIAL_CAPACITIES = (3, 6)


def sample(name: str) -> dict:
    return json.loads(resources.files("meetings").joinpath("sample", name).read_text(encoding="utf-8"))


def open_meeting_title() -> str:
    """The title of the 9 April 2015 open meeting, as the sample file has it."""
    return sample(CYCLE)["open_meeting"]["title"]


def _clock(text: str) -> time:
    return time.fromisoformat(text)


def _at(day: str | date, clock: str) -> datetime:
    return datetime.combine(date.fromisoformat(day) if isinstance(day, str) else day, _clock(clock))


def _find(district_id: int, title: str) -> Meeting | None:
    return db.session.scalar(db.select(Meeting).filter_by(district_id=district_id, title=title))


def _area(plan: Plan, name: str | None):
    return next((area for area in plan.areas if area.name == name), None)


def load_first_open_meeting(plan: Plan) -> Meeting:
    """5 March 2015 in Soncino: the day the cycle opened; its hours were not published."""
    data = sample(CYCLE)["first_open_meeting"]
    meeting = _find(plan.district_id, data["title"])
    if meeting is not None:
        return meeting
    day = _at(data["date"], "00:00")
    meeting = services.create_meeting(
        plan.district, title=data["title"], kind=MeetingKind.OPEN_MEETING, plan=plan, place=data["place"],
        address=data["address"], starts_at=day, ends_at=day, description=data["description"],
        registration_open=False, time_known=False)
    # Nobody registered one by one: the blog's report of the morning names who was there, without numbers.
    roles = {role.name: role for role in district_roles(plan.district_id)}
    for reported in data["roles_reported"]:
        report_role(meeting, roles[reported["role"]], source=reported["words"])
    return meeting


def load_open_meeting(plan: Plan) -> Meeting:
    """9 April 2015: the programme as announced, the afternoon's three project groups of Wel(l)FARE legami."""
    data = sample(CYCLE)["open_meeting"]
    meeting = _find(plan.district_id, data["title"])
    if meeting is not None:
        return meeting
    meeting = services.create_meeting(
        plan.district, title=data["title"], kind=MeetingKind.OPEN_MEETING, plan=plan, place=data["place"],
        address=data["address"], starts_at=_at(data["date"], data["start"]), ends_at=_at(data["date"], data["end"]),
        description=data["description"], registration_open=False)
    for at, title in data["agenda"]:
        services.add_agenda_item(meeting, starts_at=_clock(at), title=title, speaker=None, area=None)
    for name in data["working_groups"]:
        services.add_working_group(meeting, name=name, area=None, focus_group=None, capacity=None)
    return meeting


def load_focus_group_meeting(plan: Plan) -> Meeting:
    """2 April 2015: the focus group on community work, in two slots to choose from."""
    data = sample(CYCLE)["focus_group"]
    meeting = _find(plan.district_id, data["title"])
    if meeting is not None:
        return meeting
    slots = data["slots"]
    meeting = services.create_meeting(
        plan.district, title=data["title"], kind=MeetingKind.FOCUS_GROUP, plan=plan, place=data["place"],
        starts_at=_at(data["date"], slots[0][0]), ends_at=_at(data["date"], slots[-1][1]),
        description=data["description"], registration_open=False)
    services.add_agenda_item(meeting, starts_at=_clock(slots[0][0]), title=data["title"], speaker=None,
                             area=_area(plan, data["area"]))
    for start, end in slots:
        services.add_time_slot(meeting, starts_at=_at(data["date"], start), ends_at=_at(data["date"], end),
                               capacity=None)    # how many could come was not announced
    return meeting


def _weekday(day: date) -> date:
    """The day, or the Monday after it when it falls on a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def load_trial_meeting(plan: Plan, today: date) -> Meeting:
    """An upcoming meeting that is not part of the 2015 story: it is there to try registering, a full slot and
    the waiting list."""
    meeting = _find(plan.district_id, TRIAL_TITLE)
    if meeting is not None:
        return meeting
    day = _weekday(today + timedelta(days=21))
    slots = sample(CYCLE)["focus_group"]["slots"]
    meeting = services.create_meeting(     # no plan: it is not part of the plan's cycle
        plan.district, title=TRIAL_TITLE, kind=MeetingKind.FOCUS_GROUP, plan=None,
        place=sample(CYCLE)["focus_group"]["place"], starts_at=_at(day, slots[0][0]),
        ends_at=_at(day, slots[-1][1]),
        description=("Un incontro di prova, che non fa parte del percorso del 2015: serve a provare l'iscrizione a "
                     "una delle due fasce orarie. La prima è già piena, e chi si iscrive entra in lista d'attesa."))
    times = [services.add_time_slot(meeting, starts_at=_at(day, start), ends_at=_at(day, end), capacity=capacity)
             for (start, end), capacity in zip(slots, TRIAL_CAPACITIES)]
    for name, organization, kind, slot in TRIAL_PEOPLE:
        register(meeting, name=name, email=f"{name.lower().replace(' ', '.')}@esempio.it", time_slot=times[slot],
                 organization_name=organization, organization_type=kind, join_waitlist=True,
                 source=RegistrationSource.OFFICE, notify=False)
    return meeting


def load_minutes_meeting(plan: Plan) -> Meeting:
    """The 2014 working-group meeting of the sample file, with its minutes approved and published as they were
    on the blog: the fifteen present checked in, the four absent registered but not there."""
    example = sample(MINUTES_EXAMPLE)
    meeting = _find(plan.district_id, example["group"])
    if meeting is not None:
        return meeting
    meeting = services.create_meeting(
        plan.district, title=example["group"], kind=MeetingKind.WORKING_GROUP, plan=plan, place=example["place"],
        starts_at=_at(example["date"], example["start"]), ends_at=_at(example["date"], example["end"]),
        registration_open=False)
    # The group stands beyond the meeting: its roster is the nineteen names of the minutes (the coordinator, who
    # sums up the group's work, is the first present); the meeting expects the roster, fifteen checked in.
    group = standing.add_group(plan.district, name=example["group"], plan=plan)
    for name in example["present"] + example["absent"]:
        standing.add_member(group, name=name)
    group.coordinator = group.roster[0]
    standing.attach_meeting(group, meeting)
    present = set(example["present"])
    for registration in attendance.expected(meeting):
        attendance.check_in(registration, registration.name in present)
    published = _at(example["published"], "00:00")
    nxt = example["next_meeting"]
    minutes = Minutes(meeting=meeting, place=example["place"], starts_at=meeting.starts_at,
                      ends_at=meeting.ends_at, summary=example["summary"],
                      present="\n".join(example["present"]), absent="\n".join(example["absent"]),
                      next_meeting=f"{nxt['place']}, ore {nxt['time']}",
                      status=MinutesStatus.APPROVED, approved_at=published, created_at=published, is_published=True)
    # Each work track's "Input:" is the group's own to take up; the first two say what comes next (the actions
    # follow from the Cariplo accompaniment phase): those stay open for the group's next meeting.
    minutes.items = [MinutesItem(position=n, title=f"Pista di lavoro {letter})", summary=track["text"],
                                 input=track["input"], owner=example["group"], next_step=track.get("next_step"))
                     for n, (letter, track) in enumerate(zip("abc", example["work_tracks"]), start=1)]
    db.session.add(minutes)
    db.session.flush()
    return meeting


def load_standing_groups(plan: Plan, meeting: Meeting) -> list[StandingGroup]:
    """The project groups of the 9 April 2015 afternoon (Wel(l)FARE legami) as groups that go on meeting: their
    people are not in the sources, so their rosters start empty."""
    groups = []
    for working_group in meeting.working_groups:
        group = db.session.scalar(select(StandingGroup).filter_by(district_id=plan.district_id,
                                                                  name=working_group.name))
        groups.append(group or standing.add_group(
            plan.district, name=working_group.name, plan=plan,
            description=f"Gruppo di progetto del pomeriggio del {meeting.starts_at:%d/%m/%Y} ({meeting.title})."))
    return groups


def load_demo_meetings(plan: Plan, today: date | None = None) -> list[Meeting]:
    meetings = [load_first_open_meeting(plan), load_open_meeting(plan), load_focus_group_meeting(plan),
                load_trial_meeting(plan, today or services.local_now().date()), load_minutes_meeting(plan)]
    load_standing_groups(plan, meetings[1])
    db.session.flush()
    return meetings
