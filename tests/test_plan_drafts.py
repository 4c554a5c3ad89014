"""The planning office writes the draft of the next plan: starts it from the previous plan (chapters
pre-filled), writes chapters (autosave, conflicts that keep both texts), defines axes and objectives, and only
the office may change it."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import FundingSource, Role
from app.structure_actions import create_organization
from app.versioned import EditConflict
from plan_drafts import services
from plan_drafts.models import ChapterConflict, ChapterKey, DraftObjective, DraftVisibility, PlanDraft
from focus_groups.models import BoardColumn
from tests.conftest import login
from tests.draft_helpers import BASE, focus_of, make_draft


def test_the_office_starts_a_draft_from_the_previous_plan(as_office, plan):
    focus_of(plan)
    response = as_office.post(f"{BASE}/bozze/nuova", data={
        "title": "V Piano di Zona 2015-2017", "start_year": "2015", "end_year": "2017",
        "previous_plan": str(plan.id),
        "axes": "Ricomposizione delle conoscenze\nRicomposizione dei servizi\n"})
    assert response.status_code == 302
    draft = db.session.scalar(db.select(PlanDraft))
    assert draft.previous_plan == plan and [a.name for a in draft.axes] == [
        "Ricomposizione delle conoscenze", "Ricomposizione dei servizi"]
    assert [c.key for c in draft.chapters] == [k.value for k in ChapterKey]
    process = draft.chapter(ChapterKey.PROCESS).body
    assert "Modello organizzativo" in process and "21" in process          # the focus group and its keywords
    page = as_office.get(response.headers["Location"]).get_data(as_text=True)
    assert "V Piano di Zona 2015-2017" in page and "Ricomposizione dei servizi" in page


def test_the_new_draft_form_keeps_what_was_typed_and_refuses_a_taken_title(as_office, plan):
    response = as_office.post(f"{BASE}/bozze/nuova", data={
        "title": plan.title, "start_year": "2017", "end_year": "2015", "previous_plan": str(plan.id),
        "axes": "Asse tenuto"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Asse tenuto" in page and db.session.scalar(db.select(PlanDraft)) is None
    response = as_office.post(f"{BASE}/bozze/nuova", data={
        "title": plan.title, "start_year": "2015", "end_year": "2017", "previous_plan": str(plan.id)})
    assert response.status_code == 422 and db.session.scalar(db.select(PlanDraft)) is None


def test_only_the_planning_office_may_change_a_draft(client, plan, make_user, district):
    draft = make_draft(plan)
    chapter = draft.chapters[0]
    for email, role in (("f@example.org", Role.FACILITATOR), ("r@example.org", Role.REFERENT)):
        make_user(email, role, district)
        login(client, email)
        assert client.get(f"{BASE}/bozze/{draft.id}/").status_code == 404   # not shared yet
        response = client.post(f"{BASE}/bozze/{draft.id}/capitoli/{chapter.id}",
                               data={"title": "x", "body": "y", "version": chapter.version})
        assert response.status_code in (403, 404)
        assert client.post(f"{BASE}/bozze/{draft.id}/assi/nuovo", data={"name": "x"}).status_code == 403
        client.post("/logout")
    assert db.session.get(PlanDraft, draft.id).chapters[0].body != "y"


def test_a_shared_draft_is_readable_by_the_districts_people_but_not_editable(client, plan, make_user,
                                                                            district):
    focus_of(plan)
    draft = make_draft(plan)
    draft.visibility = DraftVisibility.PARTICIPANTS
    db.session.commit()
    make_user("r@example.org", Role.REFERENT, district)
    login(client, "r@example.org")
    page = client.get(f"{BASE}/bozze/{draft.id}/").get_data(as_text=True)
    assert draft.title in page and "Approve the draft" not in page and "Approva" not in page
    chapter = draft.chapter(ChapterKey.PROCESS)
    page = client.get(f"{BASE}/bozze/{draft.id}/capitoli/{chapter.id}").get_data(as_text=True)
    assert 'name="body"' not in page and "Modello organizzativo" in page


def test_another_districts_office_cannot_see_the_draft(client, plan, make_user):
    from app.structure import create_district
    other = create_district("Ambito di Lodi")
    db.session.commit()
    make_user("lodi@example.org", Role.PLANNING_OFFICE, other)
    draft = make_draft(plan)
    login(client, "lodi@example.org")
    assert client.get(f"/gestione/{other.slug}/bozze/{draft.id}/").status_code == 404
    assert client.get(f"{BASE}/bozze/{draft.id}/").status_code == 403


def _chapter_form(chapter, body, version=None):
    return {"title": chapter.title, "body": body,
            "version": str(chapter.version if version is None else version)}


def test_a_chapter_is_saved_and_a_stale_save_keeps_both_texts(as_office, plan, office):
    draft = make_draft(plan)
    chapter = draft.chapter(ChapterKey.PREMESSA)
    url = f"{BASE}/bozze/{draft.id}/capitoli/{chapter.id}"
    old_version = chapter.version
    assert as_office.post(url, data=_chapter_form(chapter, "Il primo testo.")).status_code == 302
    db.session.refresh(chapter)
    assert chapter.body == "Il primo testo." and chapter.updated_by == office
    response = as_office.post(url, data=_chapter_form(chapter, "Un testo scritto altrove.", old_version))
    assert response.status_code == 409
    assert "Un testo scritto altrove." in response.get_data(as_text=True)      # what was typed is still there
    db.session.refresh(chapter)
    assert chapter.body == "Il primo testo."
    conflict = db.session.scalar(db.select(ChapterConflict))
    assert conflict.data["body"] == "Un testo scritto altrove." and conflict.saved_version == chapter.version
    page = as_office.get(f"{url}/conflitti/{conflict.id}").get_data(as_text=True)
    assert "Il primo testo." in page and "Un testo scritto altrove." in page
    as_office.post(f"{url}/conflitti/{conflict.id}", data={"action": "restore"})
    db.session.refresh(chapter)
    assert chapter.body == "Un testo scritto altrove." and conflict.resolved_at is not None


def test_chapter_autosave_answers_json_and_409_with_both_versions(as_office, plan):
    draft = make_draft(plan)
    chapter = draft.chapter(ChapterKey.CONTEXT)
    url = f"{BASE}/bozze/{draft.id}/capitoli/{chapter.id}/salva"
    loaded = chapter.version
    first = as_office.post(url, data=_chapter_form(chapter, "Bozza automatica"))
    assert first.status_code == 200 and first.json["ok"] and first.json["version"] > loaded
    stale = as_office.post(url, data=_chapter_form(chapter, "Altro testo", loaded))
    assert stale.status_code == 409 and stale.json["error"] == "conflict"
    assert stale.json["differences"][0]["mine"] == "Altro testo"
    assert stale.json["differences"][0]["theirs"] == "Bozza automatica"
    again = as_office.post(url, data=_chapter_form(chapter, "Bozza automatica 2", first.json["version"]))
    assert again.status_code == 200


def test_save_chapter_service_is_the_hook_for_amendments(app, plan, office):
    draft = make_draft(plan)
    chapter = draft.chapter(ChapterKey.GOVERNANCE)
    services.save_chapter(chapter, "Testo dell'emendamento", chapter.version, office)
    db.session.commit()
    assert chapter.body == "Testo dell'emendamento"
    with pytest.raises(EditConflict):
        services.save_chapter(chapter, "Vecchio", chapter.version - 1, office)


def test_axes_are_added_renamed_reordered_and_deleted_with_confirmation(as_office, plan):
    draft = make_draft(plan, axes=[])
    base = f"{BASE}/bozze"
    for name in ("Conoscenze", "Servizi", "Governance"):
        assert as_office.post(f"{base}/{draft.id}/assi/nuovo", data={"name": name}).status_code == 302
    response = as_office.post(f"{base}/{draft.id}/assi/nuovo",
                              data={"name": "servizi", "description": "tenuto"})
    assert response.status_code == 422 and "tenuto" in response.get_data(as_text=True)
    db.session.refresh(draft)
    governance = draft.axes[2]
    as_office.post(f"{base}/assi/{governance.id}/modifica", data={
        "name": "Governance del piano", "is_governance": "y", "version": governance.version})
    as_office.post(f"{base}/assi/{governance.id}/sposta", data={"direction": "up"})
    db.session.refresh(draft)
    assert [a.name for a in draft.axes] == ["Conoscenze", "Governance del piano", "Servizi"]
    assert draft.axes[1].is_governance
    confirm = as_office.get(f"{base}/assi/{governance.id}/elimina")
    assert confirm.status_code == 200 and "Governance del piano" in confirm.get_data(as_text=True)
    assert len(db.session.get(PlanDraft, draft.id).axes) == 3
    as_office.post(f"{base}/assi/{governance.id}/elimina")
    db.session.refresh(draft)
    assert [a.name for a in draft.axes] == ["Conoscenze", "Servizi"]


def _objective_form(**values):
    data = {"title": "Costruire un osservatorio sociale", "intervention_type": "Sistema di conoscenza",
            "resources": "Personale dell'Ufficio di Piano", "tools": "Cartella sociale informatizzata",
            "outcome_indicators": "Report annuale", "target_range": "48 comuni", "timing": "2015–2016",
            "budget_amount": "12.000,00", "funding_source": FundingSource.NATIONAL_REGIONAL.value}
    data.update(values)
    return data


def test_objectives_make_the_numbered_table(as_office, plan, district):
    draft = make_draft(plan)
    orgs = [create_organization(district, name=name)
            for name in ("Comune di Crema", "ASST Crema", "Coop Il Seme")]
    db.session.commit()
    first, second = draft.axes[0], draft.axes[1]
    base = f"{BASE}/bozze"
    for axis, title in ((first, "Osservatorio"), (first, "Cartella sociale"), (second, "Sportello unico")):
        data = _objective_form(title=title, axis=str(axis.id), responsible=str(orgs[0].id),
                               partners=[str(orgs[1].id), str(orgs[2].id)])
        response = as_office.post(f"{base}/assi/{axis.id}/obiettivi/nuovo", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(draft)
    assert [(o.number, o.title) for o in draft.objectives] == [
        ("1.1", "Osservatorio"), ("1.2", "Cartella sociale"), ("2.1", "Sportello unico")]
    objective = draft.objectives[0]
    assert objective.responsible == orgs[0] and set(objective.partners) == {orgs[1], orgs[2]}
    assert str(objective.budget_amount) == "12000.00"
    page = as_office.get(f"{base}/{draft.id}/").get_data(as_text=True)
    assert re.search(r"1\.2</th>\s*<td><a [^>]*>Cartella sociale", page)
    as_office.post(f"{base}/obiettivi/{draft.objectives[1].id}/sposta", data={"direction": "up"})
    db.session.refresh(draft)
    assert [o.title for o in draft.axes[0].objectives] == ["Cartella sociale", "Osservatorio"]


def test_an_invalid_objective_keeps_what_was_typed(as_office, plan):
    draft = make_draft(plan)
    axis = draft.axes[0]
    response = as_office.post(f"{BASE}/bozze/assi/{axis.id}/obiettivi/nuovo", data=_objective_form(
        title="Obiettivo tenuto", axis=str(axis.id), budget_amount="dodici", funding_source=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Obiettivo tenuto" in page and "dodici" in page
    assert db.session.scalar(db.select(DraftObjective)) is None


def test_an_objective_is_edited_moved_to_another_axis_and_deleted(as_office, plan):
    draft = make_draft(plan)
    objective = services.create_objective(draft.axes[0], services.ObjectiveData(title="Da spostare"))
    db.session.commit()
    base = f"{BASE}/bozze/obiettivi"
    response = as_office.post(f"{base}/{objective.id}/modifica", data=_objective_form(
        title="Spostato", axis=str(draft.axes[2].id), version=str(objective.version)))
    assert response.status_code == 302
    db.session.refresh(objective)
    assert objective.axis == draft.axes[2] and objective.number == "3.1"
    stale = as_office.post(f"{base}/{objective.id}/modifica", data=_objective_form(
        title="Vecchio", axis=str(draft.axes[2].id), version="1"))
    assert stale.status_code == 422 and "Vecchio" in stale.get_data(as_text=True)
    assert as_office.get(f"{base}/{objective.id}/elimina").status_code == 200
    objective_id = objective.id
    as_office.post(f"{base}/{objective_id}/elimina")
    db.session.expunge_all()
    assert db.session.get(DraftObjective, objective_id) is None


def test_the_drafts_list_has_an_empty_state_and_the_section_link(as_office, plan):
    page = as_office.get(f"{BASE}/bozze/").get_data(as_text=True)
    assert f"{BASE}/bozze/nuova" in page
    assert f"{BASE}/bozze/" in as_office.get(f"{BASE}/").get_data(as_text=True)


def test_the_demo_has_draft_1_on_the_sample_axes_with_lines_taken_up_and_left(app):
    from app.demo import load_demo
    from plan_drafts import evidence
    accounts = [("ufficio@example.org", "Ufficio di Piano", "planning_office"),
                ("facilitatore@example.org", "Facilitatore", "facilitator"),
                ("referente@example.org", "Referente", "referent")]
    load_demo(accounts, "demo-password-123")
    load_demo(accounts, "demo-password-123")          # idempotent: still one draft
    drafts = db.session.scalars(db.select(PlanDraft)).all()
    assert [d.id for d in drafts] == [1]
    draft = drafts[0]
    assert draft.title == "V Piano di Zona 2015-2017" and (draft.start_year, draft.end_year) == (2015, 2017)
    assert [a.name for a in draft.axes] == ["Ricomposizione delle conoscenze", "Ricomposizione dei servizi",
                                            "Ricomposizione delle risorse", "Governance"]
    assert draft.axes[-1].is_governance
    coverage = evidence.coverage(draft)
    assert sorted(fc.focus_group.title for fc in coverage) == ["Lavoro di comunità", "Modello organizzativo",
                                                              "Presa in carico integrata"]
    left = {fc.focus_group.title: len(fc.uncovered) for fc in coverage}
    assert left == {"Modello organizzativo": 3, "Presa in carico integrata": 3, "Lavoro di comunità": 4}
    # Each objective takes up a development line in the room's own words; what the sources do not say is empty
    for objective in draft.objectives:
        [line] = objective.statements
        assert objective.title.startswith(line.text) and line.column == BoardColumn.DEVELOPMENT_LINES
        assert objective.responsible is None and not objective.partners and objective.budget_amount is None
        assert objective.timing is None


def test_a_plans_page_offers_to_start_the_draft_of_the_next_plan(as_office, plan):
    page = as_office.get(f"{BASE}/piani/{plan.id}").get_data(as_text=True)
    assert f"/bozze/nuova?plan_id={plan.id}" in page
    form = as_office.get(f"{BASE}/bozze/nuova?plan_id={plan.id}").get_data(as_text=True)
    assert 'value="2015"' in form and 'value="2017"' in form


def test_the_chapters_are_written_from_the_previous_plans_meetings_cards_and_budget(app, plan, district):
    from datetime import datetime, timedelta
    from decimal import Decimal
    from app.models import BudgetLine, utcnow
    from meetings.models import Meeting, MeetingKind, Registration, RegistrationStatus
    from tests.cards_helpers import open_campaign
    focus_of(plan)
    open_campaign(plan)
    past = Meeting(district=district, plan=plan, kind=MeetingKind.OPEN_MEETING,
                   title="Incontro dei sottoscrittori", place="Sala Alessandrini",
                   starts_at=datetime(2015, 4, 9, 9, 30), ends_at=datetime(2015, 4, 9, 13))
    people = [(RegistrationStatus.CONFIRMED, True), (RegistrationStatus.CONFIRMED, False),
              (RegistrationStatus.CANCELLED, None)]
    for n, (status, present) in enumerate(people):
        past.registrations.append(Registration(name=f"P{n}", email=f"p{n}@example.org", token=f"t{n}",
                                               status=status, present=present))
    soon = utcnow() + timedelta(days=9)
    future = Meeting(district=district, plan=plan, kind=MeetingKind.WORKING_GROUP, title="Ancora da tenere",
                     place="Crema", starts_at=soon, ends_at=soon)
    plan.actions[0].budget_lines.append(BudgetLine(source=FundingSource.FOUNDATION_CALLS,
                                                   planned_amount=Decimal("24000")))
    db.session.add_all([past, future])
    db.session.commit()
    draft = make_draft(plan)
    process = draft.chapter(ChapterKey.PROCESS).body
    assert "| 9 aprile 2015 | Incontro dei sottoscrittori |" in process and "| 2 | 1 |" in process
    assert "Ancora da tenere" not in process
    evaluation = draft.chapter(ChapterKey.EVALUATION).body
    assert "Valutazione 2012-2014" in evaluation and "| Modello organizzativo | 6 |" in evaluation
    assert "€ 24.000,00" in draft.chapter(ChapterKey.RESOURCES).body


def test_a_persons_draft_authorship_is_exported_and_erased_keeping_the_text(app, plan, office, make_user,
                                                                            district):
    from app import privacy
    draft = make_draft(plan, by=office)
    chapter = draft.chapter(ChapterKey.PREMESSA)
    services.save_chapter(chapter, "Il testo dell'ufficio", chapter.version, office)
    referent = make_user("ref@example.org", Role.REFERENT, district)
    services.create_objective(draft.axes[0], services.ObjectiveData(title="Obiettivo", referents=[referent]))
    db.session.commit()
    exported = privacy.export_person(office.email)["plan_draft_authorship"]
    assert {"draft": draft.title, "as": ["created"]} in exported
    assert any(r.get("chapter_last_saved") == chapter.title for r in exported)
    referent_records = privacy.export_person(referent.email)["plan_draft_authorship"]
    assert referent_records[0]["referent_of_objective"].startswith("1.1")
    assert privacy.REGISTRY["plan_draft_authorship"].erase(office.email) > 0
    assert privacy.REGISTRY["plan_draft_authorship"].erase(referent.email) == 1
    db.session.commit()
    assert draft.created_by is None and chapter.updated_by is None and chapter.body == "Il testo dell'ufficio"
    assert draft.objectives[0].referents == []


def test_a_chapter_written_from_the_data_links_the_records_it_was_written_from(as_office, plan):
    import re
    from tests.cards_helpers import open_campaign
    open_campaign(plan)
    draft = make_draft(plan)

    def sources(key):
        chapter = draft.chapter(ChapterKey(key))
        page = as_office.get(f"{BASE}/bozze/{draft.id}/capitoli/{chapter.id}").get_data(as_text=True)
        listed = page.split('id="chapter-sources"')[1].split("</div>")[0] if 'id="chapter-sources"' in page else ""
        return re.findall(r'href="([^"]+)"', listed)

    evaluation = sources("evaluation")
    assert any(re.search(r"/campagne/\d+/$", link) for link in evaluation)
    assert any("/incontri" in link for link in sources("process")) and any("/focus/" in link for link in sources("process"))
    assert any("/territorio" in link for link in sources("context"))
    assert sources("objectives") == []                     # a chapter people write lists nothing
    for link in {*evaluation, *sources("process"), *sources("resources"), *sources("annexes")}:
        assert as_office.get(link).status_code == 200, link
