"""Approval closes the loop: the draft becomes the new plan (axes → areas, objectives → system actions with
referents, bodies and budget), the old plan is closed and stays readable, the draft becomes read-only, and an
evaluation campaign can be opened on the new plan."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from werkzeug.datastructures import FileStorage

from app import funding
from app.errors import DomainError
from app.extensions import db
from app.models import FundingSource, InvolvementRole, Plan, PlanStatus, Role
from app.structure_actions import create_organization
from evaluations import services as evaluations
from plan_drafts import approval, services
from plan_drafts.models import DraftStatus
from tests.cards_helpers import open_campaign
from tests.draft_helpers import BASE, development_lines, focus_of, make_draft


def _filled_draft(plan, district, make_user):
    focus = focus_of(plan)
    draft = make_draft(plan)
    services.add_axis(draft, name="Governance", is_governance=True)
    lead = create_organization(district, name="Comune di Crema")
    partner = create_organization(district, name="Cooperativa Il Seme")
    referent = make_user("nuova.referente@example.org", Role.REFERENT, district)
    fnps = funding.add_programme(district, name="FNPS 2015", kind=FundingSource.NATIONAL_REGIONAL, year=2015)
    services.create_objective(draft.axes[0], services.ObjectiveData(
        title="Costruire un osservatorio sociale condiviso", intervention_type="Sistema di conoscenza",
        resources="Personale", tools="Cartella sociale", outcome_indicators="Un report all'anno",
        target_range="48 comuni", timing="2015–2016", responsible=lead, partners=[partner],
        referents=[referent],
        budget_amount=Decimal("12000.00"), funding_source=FundingSource.NATIONAL_REGIONAL, programme=fnps),
        statements=[development_lines(focus)[0]])
    services.create_objective(draft.axes[1], services.ObjectiveData(title="Sportello unico " * 30))
    db.session.commit()
    return draft, lead, partner, referent


def test_approving_creates_the_plan_and_a_campaign_can_be_opened_on_it(as_office, plan, district, make_user):
    draft, lead, partner, referent = _filled_draft(plan, district, make_user)
    assert as_office.get(f"{BASE}/bozze/{draft.id}/approva").status_code == 200
    missing = as_office.post(f"{BASE}/bozze/{draft.id}/approva", data={"resolution_number": "3/2015"})
    assert missing.status_code == 422 and 'value="3/2015"' in missing.get_data(as_text=True)
    assert draft.status == DraftStatus.DRAFT
    signed = (io.BytesIO(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
              "delibera firmata.pdf")
    response = as_office.post(f"{BASE}/bozze/{draft.id}/approva", data={
        "assembly_date": "2015-06-25", "resolution_number": "3/2015", "signed": signed},
        content_type="multipart/form-data")
    assert response.status_code == 302
    new = db.session.scalar(db.select(Plan).filter_by(title="V Piano di Zona 2015-2017"))
    assert new.status == PlanStatus.ACTIVE and new.previous_plan == plan
    assert (new.start_year, new.end_year) == (2015, 2017)
    assert [a.name for a in new.areas] == [a.name for a in draft.axes]
    first = new.areas[0].actions[0]
    assert first.code == "1.1" and first.title == "Costruire un osservatorio sociale condiviso"
    assert first.referents == [referent]
    assert {(i.organization, i.role) for i in first.involvements} == {
        (lead, InvolvementRole.LEAD), (partner, InvolvementRole.PARTNER)}
    assert [(b.source, b.planned_amount, b.programme.name) for b in first.budget_lines] == [
        (FundingSource.NATIONAL_REGIONAL, Decimal("12000.00"), "FNPS 2015")]
    assert first.expected_results == "Un report all'anno" and "Cartella sociale" in first.description
    long = new.areas[1].actions[0]
    assert len(long.title) <= 300 and long.description.startswith("Sportello unico")

    db.session.refresh(plan)
    db.session.refresh(draft)
    assert plan.status == PlanStatus.CLOSED and draft.status == DraftStatus.APPROVED
    assert draft.approved_plan == new and draft.axes[0].planning_area == new.areas[0]
    assert draft.objectives[0].system_action == first
    assert district.current_plan == new
    # the old plan stays readable, publicly too
    old_page = as_office.get(f"/piani/{plan.id}")
    assert old_page.status_code == 200 and plan.areas[0].name in old_page.get_data(as_text=True)

    campaign = evaluations.open_campaign(new, title="Valutazione 2015-2017", deadline=date(2017, 9, 30))
    db.session.commit()
    assert {card.action for card in campaign.cards} == set(new.actions)
    # each card starts with the money the plan planned for its action
    card = next(c for c in campaign.cards if c.action == first)
    assert [(r.source, r.planned) for r in card.resources] == [(FundingSource.NATIONAL_REGIONAL, Decimal("12000.00"))]
    assert new.status == PlanStatus.UNDER_EVALUATION
    # the referent of the objective is asked for the card of its action
    assert first in referent.actions


def test_the_approved_draft_is_read_only(as_office, plan, district, make_user):
    draft, *_rest = _filled_draft(plan, district, make_user)
    approval.approve_draft(draft, by=None)
    db.session.commit()
    chapter = draft.chapters[0]
    response = as_office.post(f"{BASE}/bozze/{draft.id}/capitoli/{chapter.id}",
                              data={"title": "x", "body": "cambiato", "version": str(chapter.version)})
    assert response.status_code == 302
    db.session.refresh(chapter)
    assert chapter.body != "cambiato"
    assert as_office.post(f"{BASE}/bozze/{draft.id}/assi/nuovo", data={"name": "Nuovo"}).status_code == 302
    assert len(draft.axes) == 4
    with pytest.raises(DomainError):
        services.save_chapter(chapter, "no", chapter.version, None)
    with pytest.raises(DomainError):
        approval.approve_draft(draft, by=None)
    page = as_office.get(f"{BASE}/bozze/{draft.id}/").get_data(as_text=True)
    assert f"/bozze/{draft.id}/approva" not in page


def test_the_approval_is_recorded_and_printed_on_the_documents_approval_page(as_office, plan, district,
                                                                              make_user):
    from plan_drafts.document import export
    draft, *_rest = _filled_draft(plan, district, make_user)
    before = export(draft, "md")[0].decode().split("## Approvazione", 1)[1]
    assert "\\_\\_" in before                           # blanks to fill in by hand before the assembly
    with pytest.raises(DomainError):           # a signed "PDF" that is not one is refused, nothing approved
        approval.approve_draft(draft, by=None, assembly_date=date(2015, 6, 25), resolution_number="3/2015",
                               signed=FileStorage(io.BytesIO(b"not a pdf"), filename="finto.pdf"))
    db.session.rollback()
    assert draft.status == DraftStatus.DRAFT
    signed = io.BytesIO(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    approval.approve_draft(draft, by=None, assembly_date=date(2015, 6, 25), resolution_number="3/2015",
                           signed=FileStorage(signed, filename="firmato.pdf"))
    db.session.commit()
    after = export(draft, "md")[0].decode().split("## Approvazione", 1)[1]
    assert "25 giugno 2015" in after and "n. 3/2015" in after
    page = as_office.get(f"{BASE}/bozze/{draft.id}/").get_data(as_text=True)
    assert "delibera n. 3/2015" in page
    download = as_office.get(f"{BASE}/bozze/{draft.id}/firmato")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def test_approval_closes_the_open_campaign_of_the_old_plan(app, plan, district, make_user):
    campaign = open_campaign(plan)
    draft, *_rest = _filled_draft(plan, district, make_user)
    approval.approve_draft(draft, by=None)
    db.session.commit()
    assert not campaign.is_open and plan.status == PlanStatus.CLOSED


def test_a_draft_without_objectives_cannot_be_approved(as_office, plan):
    draft = make_draft(plan)
    response = as_office.post(f"{BASE}/bozze/{draft.id}/approva")
    assert response.status_code == 422
    assert db.session.scalar(db.select(Plan).filter_by(title=draft.title)) is None
    db.session.refresh(plan)
    assert plan.status != PlanStatus.CLOSED and draft.status == DraftStatus.DRAFT


def test_approval_is_all_or_nothing(app, plan, district, make_user, monkeypatch):
    draft, *_rest = _filled_draft(plan, district, make_user)
    real = approval.create_action
    calls = []

    def failing(area, data):
        calls.append(data)
        if len(calls) == 2:
            raise DomainError("boom")
        return real(area, data)
    monkeypatch.setattr(approval, "create_action", failing)
    with pytest.raises(DomainError):
        approval.approve_draft(draft, by=None)
    db.session.rollback()
    assert db.session.scalar(db.select(Plan).filter_by(title=draft.title)) is None
    db.session.refresh(plan)
    db.session.refresh(draft)
    assert plan.status != PlanStatus.CLOSED and draft.status == DraftStatus.DRAFT


def test_only_the_office_approves(as_referent, plan):
    draft = make_draft(plan)
    assert as_referent.post(f"{BASE}/bozze/{draft.id}/approva").status_code == 403
