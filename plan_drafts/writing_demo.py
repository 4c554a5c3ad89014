"""The demo's participatory writing on draft 1: the office opens it to the public, freezes it for the 9 April
2015 open meeting, participants comment on paragraphs, a citizen's comment waits for moderation, and two
amendments show both ends of the story — one accepted (a new version to compare), one waiting for the
visitor to decide. Loaded once, after the draft itself."""
from __future__ import annotations

from app.account_models import Membership, User
from app.extensions import db
from app.models import Plan, Role
from app.plans import sample_data
from meetings.demo import open_meeting_title
from meetings.models import Meeting

from . import versions, writing
from .models import ChapterKey, DraftVisibility, PlanDraft
from .writing_models import DraftComment

COMMENTS = [
    (ChapterKey.PREMESSA, 0, "Nella premessa citerei i numeri della valutazione: quante azioni concluse."),
    (ChapterKey.PROCESS, 0, "Bene: il percorso è stato aperto davvero. Ricordiamo il secondo turno."),
]
PUBLIC_COMMENT = "Come cittadina chiedo che gli incontri aperti si tengano anche il sabato mattina, per chi lavora."


def _person(plan: Plan, role: Role) -> User | None:
    return db.session.scalar(db.select(User).join(Membership).where(
        Membership.district_id == plan.district_id, Membership.role == role).order_by(User.id).limit(1))


def _meeting(plan: Plan):
    """The demo's 9 April 2015 open meeting, where the objectives were discussed (meetings/demo.py)."""
    return db.session.scalar(db.select(Meeting).filter_by(district_id=plan.district_id,
                                                          title=open_meeting_title()))


def load_demo_writing(plan: Plan) -> PlanDraft | None:
    draft = db.session.scalar(db.select(PlanDraft).filter_by(district_id=plan.district_id,
                                                             title=sample_data()["next_plan"]["title"]))
    if draft is None or db.session.scalar(db.select(DraftComment.id).where(DraftComment.draft_id == draft.id)
                                          .limit(1)) is not None:
        return draft
    office, referent = _person(plan, Role.PLANNING_OFFICE), _person(plan, Role.REFERENT)
    facilitator = _person(plan, Role.FACILITATOR)
    if office is None or referent is None:
        return draft
    draft.visibility = DraftVisibility.PUBLIC
    versions.freeze(draft, label="Incontro aperto del 9 aprile 2015", by=office, meeting=_meeting(plan))
    for key, paragraph, text in COMMENTS:
        chapter = draft.chapter(key)
        if chapter is not None and chapter.body.strip():
            comment = writing.add_comment(chapter, body=text, user=referent, paragraph=paragraph)
            if facilitator is not None:
                writing.add_comment(chapter, body="D'accordo, lo riportiamo nella prossima stesura.",
                                    user=facilitator, parent=comment)
    writing.add_comment(draft.chapters[0], body=PUBLIC_COMMENT, user=None, name="Maria Bianchi",
                        email="maria.bianchi@example.org")
    objectives = draft.objectives
    if len(objectives) >= 3:
        accepted = writing.propose_amendment(
            objectives[0], field="title", user=referent,
            text=objectives[0].title + ", con il terzo settore e le famiglie",
            reason="Chi conosce i bisogni non sono solo i servizi: il terzo settore e le famiglie li vedono "
                   "prima.")
        writing.accept_amendment(accepted, by=office,
                                 note="Accolto: lo diciamo anche nel capitolo sul processo.")
        writing.propose_amendment(objectives[2], field="timing", user=referent, text="2015-2017",
                                  reason="I fondi si ricompongono un bilancio dopo l'altro: serve tutto il "
                                         "triennio.")
    db.session.flush()
    return draft
