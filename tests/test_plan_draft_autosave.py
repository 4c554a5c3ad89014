"""An objective of a plan draft autosaves from its edit form (app/autosave.py): the new version, one folded
version of its text for a run of autosaves, 409 with both versions on an old one, 400 on bad input, refused once
the draft is approved, the planning office only."""
from __future__ import annotations

import pytest

from app.extensions import db
from plan_drafts import services, versions
from plan_drafts.models import DraftObjective, DraftStatus, PlanDraft
from tests.browser_forms import check_version_is_required
from tests.draft_helpers import BASE, make_draft


def _objective(plan) -> DraftObjective:
    draft = make_draft(plan)
    objective = services.create_objective(draft.axes[0], services.ObjectiveData(title="Osservatorio sociale"))
    db.session.commit()
    return objective


def autosave_url(objective: DraftObjective) -> str:
    return f"{BASE}/bozze/obiettivi/{objective.id}/salva"


def form_of(objective: DraftObjective, **changes) -> dict:
    data = {"version": str(objective.version), "axis": str(objective.axis_id), "title": objective.title,
            "intervention_type": "", "resources": "", "tools": "", "outcome_indicators": "", "target_range": "",
            "timing": "", "responsible": "", "budget_amount": "", "funding_source": ""}
    data.update(changes)
    return data


def test_the_edit_page_autosaves(as_office, plan):
    objective = _objective(plan)
    page = as_office.get(f"{BASE}/bozze/obiettivi/{objective.id}/modifica").get_data(as_text=True)
    assert f'data-autosave-url="{autosave_url(objective)}"' in page and "autosave.js" in page


def test_autosaves_save_and_fold_into_one_version(as_office, plan):
    objective = _objective(plan)
    first = as_office.post(autosave_url(objective), data=form_of(objective, resources="Personale"))
    assert first.status_code == 200 and first.get_json()["ok"] is True
    second = as_office.post(autosave_url(objective), data=form_of(
        objective, version=str(first.get_json()["version"]), resources="Personale e sede"))
    assert second.status_code == 200
    db.session.expire_all()
    saved = db.session.get(DraftObjective, objective.id)
    assert saved.resources == "Personale e sede" and saved.version == second.get_json()["version"]
    history = db.session.scalars(versions.history_query(saved)).all()
    assert len([v for v in history if v.autosaved]) == 1      # two autosaves, one version of the text


def test_an_old_version_is_refused_with_both_versions(as_office, plan):
    objective = _objective(plan)
    old = form_of(objective)
    assert as_office.post(autosave_url(objective), data=form_of(objective, tools="Cartella sociale")).status_code == 200
    stale = as_office.post(autosave_url(objective), data={**old, "tools": "Schede"})
    assert stale.status_code == 409
    answer = stale.get_json()
    assert answer["error"] == "conflict" and answer["conflict_url"].endswith(f"/obiettivi/{objective.id}/modifica")
    assert [(d["mine"], d["theirs"]) for d in answer["differences"]] == [("Schede", "Cartella sociale")]
    db.session.expire_all()
    assert db.session.get(DraftObjective, objective.id).tools == "Cartella sociale"


def test_bad_input_is_answered_400_with_a_message(as_office, plan):
    objective = _objective(plan)
    response = as_office.post(autosave_url(objective), data=form_of(objective, title="", budget_amount="dodici"))
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["message"] and set(answer["errors"]) == {"title", "budget_amount"}
    db.session.expire_all()
    assert db.session.get(DraftObjective, objective.id).title == "Osservatorio sociale"


def test_an_approved_draft_refuses_autosaves(as_office, plan):
    objective = _objective(plan)
    objective.axis.draft.status = DraftStatus.APPROVED
    db.session.commit()
    response = as_office.post(autosave_url(objective), data=form_of(objective, tools="Tardi"))
    assert response.status_code == 409 and response.get_json()["error"] == "not_editable"


def test_only_the_planning_office_autosaves(app, as_facilitator, plan):
    objective = _objective(plan)
    assert as_facilitator.post(autosave_url(objective), data=form_of(objective, tools="X")).status_code in (403, 404)
    assert app.test_client().post(autosave_url(objective), data=form_of(objective)).status_code in (302, 401)
    db.session.expire_all()
    assert db.session.get(DraftObjective, objective.id).tools is None


# --- an axis's description ----------------------------------------------------------------------------

def test_an_axis_autosaves_and_keeps_both_versions_on_a_conflict(as_office, plan):
    draft = make_draft(plan)
    axis = draft.axes[0]
    url = f"{BASE}/bozze/assi/{axis.id}/salva"
    page = as_office.get(f"{BASE}/bozze/assi/{axis.id}/modifica").get_data(as_text=True)
    assert f'data-autosave-url="{url}"' in page
    old = {"version": str(axis.version), "name": axis.name, "description": ""}
    saved = as_office.post(url, data={**old, "description": "Conoscere i bisogni"})
    assert saved.status_code == 200 and saved.get_json()["ok"] is True
    stale = as_office.post(url, data={**old, "description": "Un'altra idea"})
    assert stale.status_code == 409
    assert [(d["mine"], d["theirs"]) for d in stale.get_json()["differences"]] == [
        ("Un'altra idea", "Conoscere i bisogni")]
    assert as_office.post(url, data={**old, "version": str(stale.get_json()["version"]), "name": ""}).status_code == 400
    db.session.expire_all()
    assert db.session.get(type(axis), axis.id).description == "Conoscere i bisogni"


def test_only_the_office_autosaves_an_axis(app, as_referent, plan):
    axis = make_draft(plan).axes[0]
    data = {"version": str(axis.version), "name": "Altro nome", "description": ""}
    assert as_referent.post(f"{BASE}/bozze/assi/{axis.id}/salva", data=data).status_code in (403, 404)
    assert app.test_client().post(f"{BASE}/bozze/assi/{axis.id}/salva", data=data).status_code in (302, 401)


# --- issue 14, defect 6: no version, a blank one or "abc" overwrote a newer save ------------------------------

@pytest.mark.parametrize("autosave", [True, False], ids=["autosave", "full-submit"])
@pytest.mark.parametrize("kind", ["chapter", "axis", "objective"])
def test_a_save_without_a_valid_version_is_refused(app, as_office, plan, kind, autosave):
    objective = _objective(plan)
    draft = objective.axis.draft
    record, field, page, form, stale = {
        "chapter": (draft.chapters[0], "body", f"{BASE}/bozze/{draft.id}/capitoli/{draft.chapters[0].id}",
                    "#chapter-form", 409),
        "axis": (objective.axis, "description", f"{BASE}/bozze/assi/{objective.axis.id}/modifica", "#axis-form", 422),
        "objective": (objective, "title", f"{BASE}/bozze/obiettivi/{objective.id}/modifica", "#objective-form", 422),
    }[kind]
    model = type(record)
    check_version_is_required(app, as_office, page=page, field=field, form=form, autosave=autosave,
                              stale_status=409 if autosave else stale,
                              read=lambda: getattr(db.session.get(model, record.id), field))


def test_draft_settings_saved_without_a_valid_version_are_refused(app, as_office, plan):
    draft = make_draft(plan)
    check_version_is_required(app, as_office, page=f"{BASE}/bozze/{draft.id}/impostazioni", field="title",
                              form="form.pdz-form", autosave=False, stale_status=422,
                              read=lambda: db.session.get(PlanDraft, draft.id).title)
