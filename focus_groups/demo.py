"""The demo's focus groups: the three working groups of the 5 March 2015 open meeting in Soncino, one per area
of the IV Piano di Zona, as the syntheses of March 2015 tell them (focus_groups/sample/crema-2015-focus-groups.json):
the prompt, the keywords written on paper and the four lists the room wrote, as written - an item's sub-points
on lines of their own -, and the lists it wrote beyond the four as added columns. The sources do not say which keyword went into which list: the keywords stay unsorted.
And an open session `CREMA1` on "Modello organizzativo", to try the phones and the wall live."""
from __future__ import annotations

import json
from datetime import date
from importlib import resources

from app.extensions import db
from app.account_models import Membership, User
from app.models import Plan, Role

from . import board_services, sessions
from .models import BoardColumn, FocusGroup, KeywordSession, SessionState

DEMO_CODE = "CREMA1"
LIVE_FOCUS = "Modello organizzativo"
LIVE_PROMPT = "Scrivete UNA PAROLA CHIAVE che dica qualcosa della vostra valutazione dell'area {area}."
SAMPLE = "crema-2015-focus-groups.json"


def sample() -> dict:
    return json.loads(resources.files("focus_groups").joinpath("sample", SAMPLE).read_text(encoding="utf-8"))


def statement_text(item) -> str:
    """An item of the room's lists as a statement: its text, then each sub-point on a line of its own."""
    if isinstance(item, str):
        return item
    return "\n".join([item["text"], *(f"- {point}" for point in item["points"])])


def _facilitators(plan: Plan) -> list[User]:
    # The district's facilitators ran them: the demo's facilitator finds them as their own.
    return list(db.session.scalars(
        db.select(User).join(Membership).where(Membership.district_id == plan.district_id,
                                               Membership.role == Role.FACILITATOR).order_by(User.name)))


def _load_group(plan: Plan, data: dict) -> FocusGroup:
    focus = db.session.scalar(db.select(FocusGroup).filter_by(plan_id=plan.id, title=data["area"]))
    if focus is not None:
        return focus
    focus = FocusGroup(district_id=plan.district_id, plan=plan, title=data["area"],
                       area=next((a for a in plan.areas if a.name == data["area"]), None),
                       date=date.fromisoformat(data["date"]), stimulus_questions=[data["prompt"]],
                       notes=data["notes"], facilitators=_facilitators(plan))
    db.session.add(focus)
    db.session.flush()
    if data["keywords"]:
        paper = sessions.open_session(focus, data["prompt"], code=sessions.new_code())
        sessions.add_paper_keywords(paper, "\n".join(data["keywords"]))
        sessions.close_session(paper)
        db.session.refresh(paper)
        board_services.ensure_groups(paper)
    for column in BoardColumn:
        for item in data[column.value]:
            board_services.add_statement(focus, column=column.value, text=statement_text(item))
    for extra in data["extra_columns"]:          # what the room wrote beyond the four lists, under its name
        added = board_services.add_extra_column(focus, extra["name"])
        added.body = "\n".join(statement_text(item) for item in extra["items"])
    return focus


def load_demo_focus_groups(plan: Plan) -> list[FocusGroup]:
    """The three focus groups on `plan`, once; running it again changes nothing (and keeps CREMA1 open)."""
    groups = [_load_group(plan, data) for data in sample()["focus_groups"]]
    live_focus = next(f for f in groups if f.title == LIVE_FOCUS)
    live = db.session.scalar(db.select(KeywordSession).filter_by(code=DEMO_CODE))
    if live is None:
        sessions.open_session(live_focus, LIVE_PROMPT.format(area=LIVE_FOCUS), code=DEMO_CODE)
    elif live.state != SessionState.OPEN:
        sessions.reopen_session(live)
    db.session.flush()
    return groups


def load_demo_focus(plan: Plan) -> FocusGroup:
    """The "Modello organizzativo" group (with the two others), as the tests and the other demos use it."""
    return next(f for f in load_demo_focus_groups(plan) if f.title == LIVE_FOCUS)
