"""Two districts, each holding one record of every kind the management pages name in their URLs: the demo
loaded twice (plan, theses, areas, actions, organizations, campaign and cards, focus group with keyword
sessions, keywords and board statements, meetings with groups, slots, registrations and minutes, posts with
comments, the plan draft with chapters, axes, objectives, comments and amendments), plus what the demo
leaves out (budget lines, invitations, attachments, images, conflicts, a snapshot, people of one district).

`seed_two_districts()` returns, per district, the ids of those records by kind (see `Seeded.ids`), so the
permission walk can fill any URL with real, consistent ids of either district.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from werkzeug.datastructures import FileStorage

from app import funding, people, territory
from app.funding_models import FundingBid, FundingProgramme, InKindKind, InKindResource
from app.extensions import db
from app.account_models import Invitation
from app.models import BudgetLine, District, FundingSource, Plan, Role, utcnow
from app.uploads import save_upload
from app.versioned import keep
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
NAMES = {"a": ("Ambito A di prova", "ambito-a"), "b": ("Ambito B di prova", "ambito-b")}


@dataclass
class Seeded:
    key: str                 # "a" or "b"
    slug: str
    district_id: int
    ids: dict = field(default_factory=dict)       # kind → id (see _collect)
    users: dict = field(default_factory=dict)     # role value → the demo account; "staff": every role, with
    #                                               the tests' password, and referent of the first action


def _png() -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _first(query):
    return db.session.scalar(query.limit(1))


def _seed(key: str) -> Seeded:
    from app.demo import load_demo
    name, slug = NAMES[key]
    accounts = [(f"ufficio-{key}@due.example.org", f"Ufficio {key.upper()}", Role.PLANNING_OFFICE.value),
                (f"facilitatore-{key}@due.example.org", f"Facilitatore {key.upper()}", Role.FACILITATOR.value),
                (f"referente-{key}@due.example.org", f"Referente {key.upper()}", Role.REFERENT.value)]
    plan = load_demo(accounts, None)
    district = plan.district
    district.name, district.slug = name, slug   # so that the next load_demo makes a new district
    db.session.commit()
    seeded = Seeded(key, slug, district.id)
    seeded.users = {role: people.find_user(email).id for email, _n, role in accounts}
    staff = people.create_user(f"staff-{key}@due.example.org", f"Staff {key.upper()}", PASSWORD)
    for role in Role:
        people.grant(staff, district, role)
    people.assign_referent(plan.actions[0], staff)
    seeded.users["staff"] = staff.id
    _extras(plan, staff)
    db.session.commit()
    seeded.ids = _collect(plan, key)
    return seeded


def _extras(plan: Plan, staff) -> None:
    """What the demo does not make: one of each, so that every URL has an id to take (and an open campaign with
    a card to edit and one to review)."""
    from tests.cards_helpers import reopen
    from evaluations.models import EvaluationCampaign
    from meetings.models import Meeting
    from meetings.services import add_attachment
    from plan_drafts.models import PlanDraft
    from plan_drafts.writing_models import DraftSnapshot
    from plan_drafts import versions
    from posts.models import Post
    from posts.services import add_image
    district = plan.district
    action = plan.actions[0]
    if not action.budget_lines:
        db.session.add(BudgetLine(action=action, source=FundingSource.MUNICIPALITIES, planned_amount=Decimal(1000)))
    db.session.add(Invitation(email=f"invitato-{district.slug}@due.example.org", district=district,
                              role=Role.REFERENT, expires_at=utcnow() + timedelta(days=7)))
    meeting = _first(db.select(Meeting).filter_by(district_id=district.id).order_by(Meeting.id))
    add_attachment(meeting, FileStorage(io.BytesIO(PDF), filename="programma.pdf"), "Programma")
    post = _first(db.select(Post).filter_by(district_id=district.id).order_by(Post.id))
    add_image(post, FileStorage(io.BytesIO(_png()), filename="foto.png"), alt="Una foto", by=staff)
    keep(post, {"title": post.title, "summary": "", "body": "altro testo"}, base_version=0, by=staff)
    campaign = _first(db.select(EvaluationCampaign).filter_by(district_id=district.id))
    reopen(campaign, drafts=campaign.cards[:1], submitted=campaign.cards[1:2])
    keep(campaign.cards[0], {"activities": "altro testo"}, base_version=0, by=staff)
    draft = _first(db.select(PlanDraft).filter_by(district_id=district.id).order_by(PlanDraft.id))
    from plan_drafts.gather import PREFILLED
    chapter = next(c for c in draft.chapters if c.key in {k.value for k in PREFILLED})   # one it can write again
    keep(chapter, {"body": "altro testo"}, base_version=0, by=staff)
    draft.signed_file = save_upload(FileStorage(io.BytesIO(PDF), filename="firmato.pdf"), ["pdf"], 1_000_000,
                                    district_id=district.id)
    territory.add_sub_area(district, "Sub-ambito di prova", territory.territory(district).municipalities[:2])
    territory.add_figure(district, label="famiglie raggiunte", value=120, source="Relazione di prova")
    funding.add_programme(district, name="FNPS di prova", kind=FundingSource.NATIONAL_REGIONAL, year=2015,
                          lines=list(action.budget_lines))
    funding.add_in_kind(action, kind=InKindKind.STAFF_HOURS, hours=Decimal(10), hourly_rate=Decimal(20),
                        rate_basis="CCNL")
    if _first(db.select(DraftSnapshot.id).filter_by(draft_id=draft.id)) is None:
        versions.freeze(draft, label="Prova", by=staff)
    from plan_drafts import continuity
    undecided = next(r.action for r in continuity.cycle(plan, draft) if r.fate == continuity.Fate.UNDECIDED)
    continuity.drop_action(draft, undecided, reason="Non ripresa (prova)")   # the demo drops none
    from app.accessibility import add_feedback
    add_feedback(district, page="/enti", description="Il grafico non si legge (prova)")
    db.session.flush()


def _collect(plan: Plan, key: str) -> dict:
    """The ids of one record of every kind in the plan's district, chosen so that they belong together
    (the chapter is the draft's, the conflict the chapter's, the section key the post's...)."""
    from evaluations.models import CardConflict, EvaluationCampaign
    from focus_groups.models import ExtraColumn, FocusGroup, Keyword, KeywordGroup, KeywordSession, Statement
    from meetings.models import (AgendaItem, Meeting, MeetingAttachment, Minutes, MinutesItem, Registration,
                                 TimeSlot, WorkingGroup)
    from app.role_models import ParticipantRole
    from meetings.models import RoleReport
    from meetings.standing_models import StandingGroup
    from plan_drafts.models import ChapterConflict, DraftAxis, DraftChapter, DraftObjective, PlanDraft
    from plan_drafts.writing_models import Amendment, DraftComment, DraftSnapshot
    from posts.models import Post, PostComment, PostConflict, PostImage
    from posts.sections import SECTION_RE
    district_id = plan.district_id
    ids = {"plan": plan.id, "thesis": plan.theses[0].id, "area": plan.areas[0].id,
           "action": plan.actions[0].id, "organization": plan.district.organizations[0].id,
           "budget_line": plan.actions[0].budget_lines[0].id}
    ids["invitation"] = _first(db.select(Invitation.id).filter_by(district_id=district_id))
    held = territory.territory(plan.district)
    ids["municipality"], ids["sub_area"] = held.municipalities[0].id, held.sub_areas[0].id
    ids["figure"] = held.figures[0].id
    ids["programme"] = _first(db.select(FundingProgramme.id).filter_by(district_id=district_id))
    ids["bid"] = _first(db.select(FundingBid.id).filter_by(district_id=district_id))
    ids["in_kind"] = _first(db.select(InKindResource.id).where(InKindResource.action_id == plan.actions[0].id))
    assembly = held.bodies[0]
    ids["body"], ids["body_member"] = assembly.id, assembly.members[0].id
    ids["person"] = people.find_user(f"referente-{key}@due.example.org").id   # a referent of this district only
    campaign = _first(db.select(EvaluationCampaign).filter_by(district_id=district_id))
    ids["campaign"] = campaign.id
    conflict = _first(db.select(CardConflict).where(CardConflict.card.has(campaign_id=campaign.id)))
    ids["card"], ids["card_conflict"] = conflict.card_id, conflict.id

    focus = _first(db.select(FocusGroup).filter_by(district_id=district_id).order_by(FocusGroup.id))
    ids["focus"] = focus.id
    session = _first(db.select(KeywordSession).join(KeywordSession.focus_group)
                     .where(FocusGroup.district_id == district_id, KeywordSession.keywords.any())
                     .order_by(KeywordSession.id))
    ids["session"] = session.id
    ids["keyword"] = _first(db.select(Keyword.id).filter_by(session_id=session.id).order_by(Keyword.id))
    ids["keyword_group"] = _first(db.select(KeywordGroup.id).filter_by(session_id=session.id)
                                  .order_by(KeywordGroup.id))
    ids["statement"] = _first(db.select(Statement.id).join(Statement.focus_group)
                              .where(FocusGroup.district_id == district_id).order_by(Statement.id))
    ids["extra_column"] = _first(db.select(ExtraColumn.id).join(ExtraColumn.focus_group)
                                 .where(FocusGroup.district_id == district_id).order_by(ExtraColumn.id))

    meeting = _first(db.select(Meeting).where(Meeting.district_id == district_id, Meeting.attachments.any())
                     .order_by(Meeting.id))
    ids["meeting"] = meeting.id
    ids["attachment"] = meeting.attachments[0].id
    in_district = Meeting.district_id == district_id
    ids["working_group"] = _first(db.select(WorkingGroup.id).join(WorkingGroup.meeting).where(in_district))
    ids["slot"] = _first(db.select(TimeSlot.id).join(TimeSlot.meeting).where(in_district))
    ids["registration"] = _first(db.select(Registration.id).join(Registration.meeting).where(in_district))
    ids["agenda_item"] = _first(db.select(AgendaItem.id).join(AgendaItem.meeting).where(in_district))
    ids["minutes"] = _first(db.select(Minutes.id).join(Minutes.meeting).where(in_district))
    ids["minutes_item"] = _first(db.select(MinutesItem.id).join(MinutesItem.minutes).join(Minutes.meeting)
                                 .where(in_district, MinutesItem.next_step.is_not(None)))
    group = _first(db.select(StandingGroup).where(StandingGroup.district_id == district_id,
                                                  StandingGroup.roster.any()).order_by(StandingGroup.id))
    ids["standing_group"], ids["roster_member"] = group.id, group.roster[0].id
    ids["participant_role"] = _first(db.select(ParticipantRole.id).filter_by(district_id=district_id)
                                     .order_by(ParticipantRole.id))
    ids["role_report"] = _first(db.select(RoleReport.id).join(RoleReport.meeting).where(in_district))

    conflict = _first(db.select(PostConflict).join(PostConflict.post).where(Post.district_id == district_id))
    post = conflict.post
    ids["post"], ids["post_conflict"] = post.id, conflict.id
    ids["image"] = _first(db.select(PostImage.id).filter_by(post_id=post.id))
    ids["post_comment"] = _first(db.select(PostComment.id).join(PostComment.post)
                                 .where(Post.district_id == district_id))
    synthesis = _first(db.select(Post).where(Post.district_id == district_id, Post.body.contains("<!-- section:"))
                       .order_by(Post.id))
    ids["synthesis"] = synthesis.id
    ids["section_key"] = SECTION_RE.search(synthesis.body)["key"]

    draft = _first(db.select(PlanDraft).filter_by(district_id=district_id).order_by(PlanDraft.id))
    ids["draft"] = draft.id
    conflict = _first(db.select(ChapterConflict).join(ChapterConflict.chapter)
                      .where(DraftChapter.draft_id == draft.id))
    ids["chapter"], ids["chapter_conflict"] = conflict.chapter_id, conflict.id
    ids["axis"] = draft.axes[0].id
    objective = _first(db.select(DraftObjective).join(DraftObjective.axis)
                       .where(DraftAxis.draft_id == draft.id, DraftObjective.statements.any())
                       .order_by(DraftObjective.id))
    ids["objective"] = objective.id
    ids["objective_statement"] = objective.statements[0].id   # a link of the objective, to unlink
    ids["continuity"] = objective.continuities[0].id          # an action of the previous plan it takes up
    ids["dropped_action"] = draft.dropped_actions[0].id
    from plan_drafts.codesign_models import CodesignTable
    table = _first(db.select(CodesignTable).join(CodesignTable.objective).join(DraftObjective.axis)
                   .where(DraftAxis.draft_id == draft.id, CodesignTable.partners.any()))   # the demo's table
    ids["codesign_table"], ids["codesign_partner"] = table.id, table.partners[0].id
    ids["codesign_commitment"] = table.partners[0].commitments[0].id
    ids["draft_comment"] = _first(db.select(DraftComment.id).filter_by(draft_id=draft.id))
    ids["amendment"] = _first(db.select(Amendment.id).filter_by(draft_id=draft.id))
    ids["snapshot"] = _first(db.select(DraftSnapshot.id).filter_by(draft_id=draft.id))
    from app.accessibility_models import AccessibilityFeedback
    ids["accessibility_feedback"] = _first(db.select(AccessibilityFeedback.id).filter_by(district_id=district_id))
    missing = sorted(kind for kind, value in ids.items() if value is None)
    assert not missing, f"the seed of {plan.district.slug} has no {', '.join(missing)}"
    return ids


def seed_two_districts() -> dict[str, Seeded]:
    """Districts "a" and "b" with one record of every kind each, committed."""
    return {key: _seed(key) for key in ("a", "b")}


def district_of(seeded: Seeded) -> District:
    return db.session.get(District, seeded.district_id)
