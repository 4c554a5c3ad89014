"""What the facilitator's pages do: focus groups, keyword sessions, moderation, blocked words.

Services only flush; views commit. Grouping of variants and the board are in focus_groups/board_services.py.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from app.errors import DomainError
from app.extensions import db
from app.account_models import Membership, User
from app.models import District, Plan, Role
from app.versioned import check_version

from . import board_services, sessions as live
from .models import KEYWORD_MAX_LENGTH, BlockedWord, FocusGroup, Keyword, KeywordSession


# --- focus groups ----------------------------------------------------------------------------------

def district_staff(district: District) -> list[User]:
    """Who may facilitate: the district's facilitators and planning office."""
    return list(db.session.scalars(
        db.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.district_id == district.id,
               Membership.role.in_([Role.FACILITATOR, Role.PLANNING_OFFICE]))
        .distinct().order_by(User.name)))


def focus_group_query(plan: Plan, search: str | None = None):
    query = db.select(FocusGroup).where(FocusGroup.plan_id == plan.id)
    if search:
        query = query.where(FocusGroup.title.ilike(f"%{search.strip()}%"))
    return query.order_by(FocusGroup.date.desc().nulls_last(), FocusGroup.id.desc())


def _apply(group: FocusGroup, *, title, area, date_, facilitators, stimulus_questions, notes) -> None:
    if area is not None and area.plan_id != group.plan_id:
        raise DomainError(_("The area belongs to another plan."))
    group.title = title.strip()
    group.area = area
    group.date = date_
    group.facilitators = list(facilitators)
    group.stimulus_questions = list(stimulus_questions)
    group.notes = notes or None


def create_focus_group(plan: Plan, *, title: str, area=None, date_: date | None = None, facilitators=(),
                       stimulus_questions=(), notes: str | None = None) -> FocusGroup:
    group = FocusGroup(district_id=plan.district_id, plan=plan, plan_id=plan.id, title=title)
    _apply(group, title=title, area=area, date_=date_, facilitators=facilitators,
           stimulus_questions=stimulus_questions, notes=notes)
    db.session.add(group)
    db.session.flush()
    return group


def update_focus_group(group: FocusGroup, *, version, **values) -> FocusGroup:
    check_version(group, version)
    _apply(group, **values)
    db.session.flush()
    return group


def delete_focus_group(group: FocusGroup) -> None:
    db.session.delete(group)
    db.session.flush()


# --- keyword sessions: the live services are in focus_groups/sessions.py ------------------------------

def open_session(group: FocusGroup, *, prompt: str, keywords_per_person: int = 1, premoderation: bool = False,
                 code: str | None = None) -> KeywordSession:
    return live.open_session(group, prompt, keywords_per_person=keywords_per_person, premoderation=premoderation,
                             code=code)


def close_session(session: KeywordSession) -> KeywordSession:
    """Close the collection; every keyword gets its group, ready for grouping and the board."""
    live.close_session(session)
    board_services.ensure_groups(session)
    return session


reopen_session = live.reopen_session
set_hidden = live.set_hidden


def approve(keyword: Keyword) -> None:
    live.approve(keyword)
    keyword.hidden = False
    db.session.flush()


def paste_keywords(session: KeywordSession, text: str) -> list[Keyword]:
    """Keywords copied from paper, one per line; the facilitator typed them, so they are approved."""
    added = live.add_paper_keywords(session, text)
    if not added:
        raise DomainError(_("Write at least one keyword."))
    board_services.ensure_groups(session)
    return added


# --- blocked words --------------------------------------------------------------------------------

def blocked_words(district: District) -> list[str]:
    return list(db.session.scalars(db.select(BlockedWord.word).filter_by(district_id=district.id)
                                   .order_by(BlockedWord.word)))


def save_blocked_words(district: District, text: str) -> None:
    """Replace the district's list with the lines of `text` (case-insensitive duplicates kept once)."""
    wanted: dict[str, str] = {}
    for line in (text or "").splitlines():
        word = " ".join(line.split())[:KEYWORD_MAX_LENGTH]
        if word:
            wanted.setdefault(word.casefold(), word)
    existing = {b.word.casefold(): b for b in db.session.scalars(
        db.select(BlockedWord).filter_by(district_id=district.id))}
    for key, row in existing.items():
        if key not in wanted:
            db.session.delete(row)
    for key, word in wanted.items():
        if key not in existing:
            db.session.add(BlockedWord(district_id=district.id, word=word))
    db.session.flush()
