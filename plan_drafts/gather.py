"""Reads what the platform knows about the previous plan and hands it to prefill.py as plain facts."""
from __future__ import annotations


from flask import url_for
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from werkzeug.routing import BuildError

from app import funding, territory
from app.territory_models import BodyKind
from app.extensions import db
from app.models import (ActionOrganization, InvolvementRole, Organization, OrganizationType, Plan, PlanningArea,
                        SystemAction, utcnow)
from evaluations.models import CardState, EvaluationCampaign
from exports import draft
from focus_groups.models import BoardColumn, FocusGroup, Keyword, KeywordSession
from meetings.models import Meeting, RegistrationStatus
from posts.models import Post, PostKind, PostStatus

from . import participation, prefill, territory_chapters
from .models import ChapterKey


def _(text: str, **values) -> str:
    return gettext(text, **values)


def role_facts(plan: Plan) -> prefill.RoleFacts:
    found = participation.of_cycle(plan)
    return prefill.RoleFacts([(row.role, row.people, row.reported) for row in found.by_role()],
                             found.absent_roles())


def meeting_facts(plan: Plan) -> list[prefill.MeetingFacts]:
    # Only what has happened: a meeting still to come is not part of the process the chapter tells.
    meetings = db.session.scalars(db.select(Meeting)
                                  .where(Meeting.plan_id == plan.id, Meeting.starts_at <= utcnow())
                                  .order_by(Meeting.starts_at)).all()
    facts = []
    for meeting in meetings:
        confirmed = [r for r in meeting.registrations if r.status == RegistrationStatus.CONFIRMED]
        checked = [r for r in confirmed if r.present is not None]
        facts.append(prefill.MeetingFacts(
            title=meeting.title, kind=str(meeting.kind.label), day=meeting.starts_at.date(),
            place=meeting.place, registered=len(confirmed),
            present=sum(1 for r in checked if r.present) if checked else None))
    return facts


def focus_facts(plan: Plan) -> list[prefill.FocusFacts]:
    groups = db.session.scalars(db.select(FocusGroup).where(FocusGroup.plan_id == plan.id)
                                .order_by(FocusGroup.date, FocusGroup.id)).all()
    counts = dict(db.session.execute(
        db.select(KeywordSession.focus_group_id, func.count(Keyword.id)).join(Keyword)
        .where(KeywordSession.focus_group_id.in_([f.id for f in groups]), Keyword.hidden.is_(False),
               Keyword.approved.is_(True)).group_by(KeywordSession.focus_group_id)).all())
    facts = []
    for focus in groups:
        statements: dict[str, int] = {}
        for statement in focus.statements:
            label = str(statement.column.label)
            statements[label] = statements.get(label, 0) + 1
        facts.append(prefill.FocusFacts(
            title=focus.title, area=focus.area.name if focus.area else None, day=focus.date,
            sessions=len(focus.sessions), keywords=counts.get(focus.id, 0), statements=statements,
            development_lines=[s.text for s in focus.statements
                               if s.column == BoardColumn.DEVELOPMENT_LINES]))
    return facts


def _synthesis_posts(plan: Plan) -> dict[int, list[tuple[str, str | None]]]:
    """Published synthesis posts by area id, with their public address."""
    posts = db.session.scalars(db.select(Post).where(Post.plan_id == plan.id, Post.kind == PostKind.SYNTHESIS,
                                                     Post.status == PostStatus.PUBLISHED)).all()
    by_area: dict[int, list[tuple[str, str | None]]] = {}
    for post in posts:
        try:
            address = url_for("blog.post", district=plan.district.slug, slug=post.slug)
        except (BuildError, RuntimeError):   # no request and no SERVER_NAME (the CLI): title only
            address = None
        by_area.setdefault(post.area_id, []).append((post.title, address))
    return by_area


def latest_campaign(plan: Plan) -> EvaluationCampaign | None:
    return db.session.scalar(
        db.select(EvaluationCampaign).where(EvaluationCampaign.plan_id == plan.id)
        .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCampaign.id.desc()).limit(1))


def evaluation_facts(plan: Plan) -> tuple[str | None, list[prefill.AreaEvaluation],
                                          list[tuple[str, prefill.Money]]]:
    """The latest campaign's title, its cards in numbers per area, and the money they report per source."""
    campaign = latest_campaign(plan)
    if campaign is None:
        return None, [], []
    by_source: dict[str, prefill.Money] = {}
    syntheses = _synthesis_posts(plan)
    cards_by_action = {card.action_id: card for card in campaign.cards}
    areas = []
    for area in plan.areas:
        facts = prefill.AreaEvaluation(name=area.name, actions=len(area.actions),
                                       syntheses=syntheses.get(area.id, []))
        for state in CardState:
            facts.cards_by_state[str(state.label)] = 0
        for action in area.actions:
            card = cards_by_action.get(action.id)
            if card is None:
                continue
            facts.cards_by_state[str(card.state.label)] += 1
            facts.beneficiaries += card.beneficiaries or 0
            for line in card.resources:
                facts.money.add(line.planned, line.spent, line.attracted)
                by_source.setdefault(line.source_name, prefill.Money()).add(line.planned, line.spent,
                                                                             line.attracted)
            if card.state == CardState.APPROVED and card.objective is not None:
                label = str(card.objective.label)
                facts.objectives[label] = facts.objectives.get(label, 0) + 1
            if card.nobody_can_report:
                facts.nobody_can_report.append(str(action))
        areas.append(facts)
    return campaign.title, areas, sorted(by_source.items())


def resources_body(plan: Plan) -> str:
    """The resources chapter: the plan's budget lines summed by programme (by kind of source where no programme
    is named) and by area - every total a sum of the lines -, its bids on calls and its hours in kind."""
    figures = funding.funding_of(plan)
    by_source = [prefill.BudgetFacts(source=name, amount=amount, year=year, kind=kind)
                 for name, year, kind, amount in figures.by_programme]
    by_area = [(area.name, area.budget_total) for area in plan.areas if area.actions]
    bids = [prefill.BidFacts(b.title, b.call, str(b.outcome.label), b.amount_requested, b.amount_granted)
            for b in figures.bids]
    return prefill.resources_chapter(plan.title, by_source, by_area, _, bids=bids, in_kind=figures.in_kind)


def subscribers(plan: Plan) -> tuple[list[draft.Subscriber], list[draft.Subscriber]]:
    """The organizations that signed the agreement of `plan` and those that adhered (once each)."""
    rows = db.session.execute(
        db.select(Organization, ActionOrganization.role).join(ActionOrganization)
        .join(SystemAction).join(PlanningArea)
        .where(PlanningArea.plan_id == plan.id,
               ActionOrganization.role.in_([InvolvementRole.SIGNATORY, InvolvementRole.ADHERENT]))).all()
    signatories = {org.id: org for org, role in rows if role == InvolvementRole.SIGNATORY}
    adherents = {org.id: org for org, role in rows
                 if role == InvolvementRole.ADHERENT and org.id not in signatories}

    def listed(orgs):
        return [draft.Subscriber(name=o.name, kind=str(o.type.label)) for o in orgs.values()]
    return listed(signatories), listed(adherents)


def territory_facts(district) -> territory_chapters.TerritoryFacts:
    held = territory.territory(district)
    assembly = next((b for b in held.bodies if b.kind == BodyKind.MAYORS_ASSEMBLY), None)
    seats = {m.municipality_id: m.name for m in assembly.members if m.municipality_id} if assembly else {}
    return territory_chapters.TerritoryFacts(
        district=district.name,
        comuni=[territory_chapters.ComuneFacts(
            name=m.name, istat_code=m.istat_code, province=m.province, population=m.population,
            year=m.population_year, sub_area=m.sub_area.name if m.sub_area else None, lead=m.is_lead,
            signatory=seats.get(m.id)) for m in held.municipalities],
        management_form=str(held.management.form.label) if held.management else None,
        management_body=held.management.body if held.management else None,
        bodies=[territory_chapters.BodyFacts(
            name=b.name, kind=str(b.kind.label), description=b.description,
            members=[(m.name, m.role, m.municipality.name if m.municipality else None) for m in b.members])
            for b in held.bodies])


def premessa_facts(plan: Plan) -> prefill.PremessaFacts:
    campaign = latest_campaign(plan)
    reported = [c for c in campaign.cards if c.state in (CardState.SUBMITTED, CardState.APPROVED)] if campaign \
        else []
    return prefill.PremessaFacts(district=plan.district.name, previous_plan=plan.title,
                                 comuni=len(territory.territory(plan.district).municipalities),
                                 meetings=len(meeting_facts(plan)), focus_groups=len(focus_facts(plan)),
                                 cards=len(reported))


def health_partners(plan: Plan) -> list[prefill.HealthPartner]:
    """The health agencies (ATS, ASST) among the organizations of the plan's actions, with those actions."""
    rows = db.session.execute(
        db.select(Organization, SystemAction, ActionOrganization.role).select_from(ActionOrganization)
        .join(ActionOrganization.organization).join(ActionOrganization.action).join(SystemAction.area)
        .where(PlanningArea.plan_id == plan.id, Organization.type == OrganizationType.ATS_ASST)
        .order_by(Organization.name, SystemAction.code)).all()
    partners: dict[int, prefill.HealthPartner] = {}
    for organization, action, role in rows:
        partner = partners.setdefault(organization.id, prefill.HealthPartner(organization.name))
        partner.actions.append((str(action), str(role.label)))
    return list(partners.values())


HINTS = {
    ChapterKey.PREMESSA: _l("Why this plan, for whom, and what changes from the previous one."),
    ChapterKey.CONTEXT: _l("The district, its population and needs, the services in place."),
    ChapterKey.GOVERNANCE: _l("Who decides what: the mayors' assembly, the planning office, the technical "
                              "tables."),
    ChapterKey.OBJECTIVES: _l("The objectives of the plan by axis follow, in the table the regional "
                              "guidelines ask for."),
    ChapterKey.INTEGRATION: _l("How social and health services work together (ASST, ATS, municipalities)."),
    ChapterKey.MONITORING: _l("How the plan will be monitored and evaluated: indicators, evaluation cards, "
                           "focus groups."),
}


def chapter_body(key: ChapterKey, plan: Plan | None) -> str:
    """The first text of a chapter: written from the previous plan's data when there is data to write from."""
    if plan is not None:
        if key == ChapterKey.PROCESS:
            return prefill.process_chapter(plan.title, meeting_facts(plan), focus_facts(plan), _,
                                           roles=role_facts(plan))
        if key == ChapterKey.EVALUATION:
            campaign, areas, by_source = evaluation_facts(plan)
            return prefill.evaluation_chapter(plan.title, campaign, areas, _, by_source=by_source)
        if key == ChapterKey.RESOURCES:
            return resources_body(plan)
        if key == ChapterKey.PREMESSA:
            return prefill.premessa_chapter(premessa_facts(plan), _)
        if key == ChapterKey.INTEGRATION and (partners := health_partners(plan)):
            return prefill.integration_chapter(plan.title, partners, _)
        facts = territory_facts(plan.district)
        if key == ChapterKey.CONTEXT and facts.comuni:
            return territory_chapters.context_chapter(facts, _)
        if key == ChapterKey.GOVERNANCE and (facts.bodies or facts.management_body):
            return territory_chapters.governance_chapter(facts, _)
        if key == ChapterKey.ANNEXES:
            signatories, adherents = subscribers(plan)
            annexes = draft.annexes_chapter(signatories, adherents, _)
            return annexes + ("\n" + territory_chapters.signature_table(facts, _) if facts.comuni else "")
    hint = HINTS.get(key)
    return prefill.hint_chapter(str(hint)) if hint else ""


def is_hint(key: str, body: str) -> bool:
    """Whether a chapter's text is still only the hint it was created with (in any of the UI's languages)."""
    hint = HINTS.get(ChapterKey(key)) if key in {k.value for k in ChapterKey} else None
    if hint is None or not body:
        return False
    hints = set()
    for language in ("it", "en"):
        with force_locale(language):
            hints.add(prefill.hint_chapter(str(hint)).strip())
    return body.strip() in hints


PREFILLED = (ChapterKey.PREMESSA, ChapterKey.PROCESS, ChapterKey.CONTEXT, ChapterKey.EVALUATION,
             ChapterKey.GOVERNANCE, ChapterKey.INTEGRATION, ChapterKey.RESOURCES, ChapterKey.ANNEXES)
