"""The edit forms of the plan structure (plan, thesis, priority area, organization, system action) autosave
through app/autosave.py: the new version, 409 with both versions on an old one (nothing overwritten), 400 with
a message on bad input, the planning office only. An action's autosave saves its own fields and leaves the
rows of organizations and budget lines to the full submit, which still goes through afterwards."""
from decimal import Decimal

import pytest

from app import structure_actions as actions
from app.extensions import db
from app.versioned import version_token
from app.models import (ActionOrganization, BudgetLine, District, FundingSource, InvolvementRole, Organization,
                        Plan, PlanningArea, SystemAction, Thesis)
from tests import test_office_actions, test_office_plans
from tests.browser_forms import check_version_is_required


@pytest.fixture
def base(district):
    return f"/gestione/{district.slug}"


@pytest.fixture
def org(district):
    org = actions.create_organization(district, name="Cooperativa Il Seme", description="Servizi per minori")
    db.session.commit()
    return org


def org_form(org, **changes):
    data = {"version": str(org.version), "name": org.name, "type": org.type.value,
            "municipality": org.municipality or "", "website": org.website or "", "description": org.description or ""}
    return data | changes


def thesis_form(thesis, **changes):
    return {"version": version_token(thesis), "text": thesis.text} | changes


def area_form(area, **changes):
    return {"version": str(area.version), "name": area.name, "description": area.description or ""} | changes


# kind: (model, URL word, how the edit page would post the record back, the long text field, its Italian label)
KINDS = {
    "plan": (Plan, "piani", test_office_plans.edit_data, "description", "Descrizione"),
    "thesis": (Thesis, "tesi", thesis_form, "text", "Tesi"),
    "area": (PlanningArea, "aree", area_form, "description", "Descrizione"),
    "organization": (Organization, "enti", org_form, "description", "Descrizione"),
    "action": (SystemAction, "azioni", test_office_actions.edit_data, "description", "Descrizione"),
}


def record_of(kind, plan, org):
    return {"plan": plan, "thesis": plan.theses[0], "area": plan.areas[0], "organization": org,
            "action": plan.actions[0]}[kind]


def url(base, kind, record, page="salva"):
    return f"{base}/{KINDS[kind][1]}/{record.id}/{page}"


def reloaded(kind, record):
    db.session.expire_all()
    return db.session.get(KINDS[kind][0], record.id)


def token(record) -> str:
    return str(record.version) if hasattr(record, "version") else version_token(record)


@pytest.mark.parametrize("kind", KINDS)
def test_the_edit_page_autosaves_and_the_new_page_does_not(as_office, base, plan, org, kind):
    record = record_of(kind, plan, org)
    page = as_office.get(url(base, kind, record, "modifica")).get_data(as_text=True)
    assert f'data-autosave-url="{url(base, kind, record)}"' in page and "js/autosave.js" in page
    assert 'id="autosave-status"' in page and 'id="autosave-messages"' in page
    assert f'data-storage-key="pdz-{kind}-{record.id}-' in page
    new_page = {"plan": f"{base}/piani/nuovo", "thesis": f"{base}/piani/{plan.id}/tesi/nuova",
                "area": f"{base}/piani/{plan.id}/aree/nuova", "organization": f"{base}/enti/nuovo",
                "action": f"{base}/aree/{plan.areas[0].id}/azioni/nuova"}[kind]
    created = as_office.get(new_page).get_data(as_text=True)
    assert "data-autosave-url" not in created and "autosave.js" not in created   # nothing to save into yet


@pytest.mark.parametrize("kind", KINDS)
def test_autosave_saves_the_text_and_answers_the_new_version(as_office, base, plan, org, kind):
    record = record_of(kind, plan, org)
    _model, _word, form_of, text, _label = KINDS[kind]
    before = token(record)
    response = as_office.post(url(base, kind, record), data=form_of(record, **{text: "Testo **nuovo**"}))
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    saved = reloaded(kind, record)
    assert getattr(saved, text) == "Testo **nuovo**"
    assert answer == {"ok": True, "version": saved.version if hasattr(saved, "version") else token(saved),
                      "errors": {}}
    assert token(saved) != before


@pytest.mark.parametrize("kind", KINDS)
def test_an_old_version_is_refused_with_both_versions(as_office, base, plan, org, kind):
    record = record_of(kind, plan, org)
    _model, _word, form_of, text, label = KINDS[kind]
    old = form_of(record)
    assert as_office.post(url(base, kind, record), data=form_of(record, **{text: "Prima stesura"})).status_code == 200
    stale = as_office.post(url(base, kind, record), data={**old, text: "Seconda mano"})
    assert stale.status_code == 409
    answer = stale.get_json()
    assert answer["error"] == "conflict" and answer["message"]
    assert answer["conflict_url"] == url(base, kind, record, "modifica")
    saved = reloaded(kind, record)
    assert str(answer["version"]) == token(saved)
    [difference] = answer["differences"]           # only what differs, labelled in the user's language
    assert difference["label"].startswith(label)
    assert (difference["mine"], difference["theirs"]) == ("Seconda mano", "Prima stesura")
    assert getattr(saved, text) == "Prima stesura"   # nothing overwritten
    # "keep my version": the same text on top of the version now saved
    kept = as_office.post(url(base, kind, record),
                          data={**old, "version": str(answer["version"]), text: "Seconda mano"})
    assert kept.status_code == 200
    assert getattr(reloaded(kind, record), text) == "Seconda mano"


@pytest.mark.parametrize("kind, changes, fields", [
    ("plan", {"start_year": "2016", "end_year": "2014"}, {"end_year"}),
    ("plan", {"title": "", "start_year": "duemila"}, {"title", "start_year"}),
    ("thesis", {"text": ""}, {"text"}),
    ("area", {"name": ""}, {"name"}),
    ("organization", {"website": "javascript:alert(1)"}, {"website"}),
    ("action", {"title": "", "planned_start": "2014-06-30", "planned_end": "2013-01-01"}, {"title", "planned_end"}),
])
def test_bad_input_is_answered_400_with_a_message_and_the_fields(as_office, base, plan, org, kind, changes, fields):
    record = record_of(kind, plan, org)
    before = token(record)
    response = as_office.post(url(base, kind, record), data=KINDS[kind][2](record, **changes))
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["error"] == "invalid" and answer["message"]
    assert set(answer["errors"]) == fields
    assert token(reloaded(kind, record)) == before


def test_a_rule_of_the_service_is_answered_400_on_its_field(as_office, base, plan):
    action, other = plan.actions[0], plan.actions[1]
    before = action.version
    response = as_office.post(url(base, "action", action),
                              data=test_office_actions.edit_data(action, code=other.code.upper()))
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["message"] and set(answer["errors"]) == {"code"} and answer["version"] == before
    area = plan.areas[0]
    taken = as_office.post(url(base, "area", area), data=area_form(area, name=plan.areas[1].name))
    assert taken.status_code == 400 and set(taken.get_json()["errors"]) == {"name"}


@pytest.mark.parametrize("kind", KINDS)
def test_only_the_planning_office_autosaves(app, as_facilitator, base, plan, org, kind):
    record = record_of(kind, plan, org)
    before = token(record)
    form = KINDS[kind][2](record, **{KINDS[kind][3]: "Non mio"})
    assert as_facilitator.post(url(base, kind, record), data=form).status_code == 403
    anonymous = app.test_client().post(url(base, kind, record), data=form)
    assert anonymous.status_code in (302, 401) and "json" not in (anonymous.content_type or "")
    assert token(reloaded(kind, record)) == before


def test_a_referent_cannot_autosave_even_their_own_action(app, base, plan, referent):
    from tests.conftest import login
    action = plan.actions[0]
    assert referent in action.referents
    client = login(app.test_client(), referent)
    response = client.post(url(base, "action", action), data=test_office_actions.edit_data(action, title="Mio"))
    assert response.status_code == 403
    assert reloaded("action", action).title != "Mio"


def test_the_edit_pages_are_not_kept_in_the_browser_cache(as_office, base, plan, org):
    # "Back" must not show a form with an old version, whose autosave would then only meet conflicts.
    for kind in KINDS:
        response = as_office.get(url(base, kind, record_of(kind, plan, org), "modifica"))
        assert response.headers["Cache-Control"] == "no-store", kind


def test_a_record_of_another_district_is_not_found(as_office, base, district):
    other = District(name="Altro ambito", slug="altro-ambito")
    db.session.add(other)
    db.session.commit()
    foreign = actions.create_organization(other, name="Comune lontano")
    db.session.commit()
    assert as_office.post(url(base, "organization", foreign), data=org_form(foreign, name="Mio")).status_code == 404


# --- the action: its rows wait for the full submit -----------------------------------------------------

@pytest.fixture
def action_with_rows(plan, org):
    action = plan.actions[0]
    action.budget_lines.append(BudgetLine(source=FundingSource("national_regional"), planned_amount=Decimal("1000.00"),
                                          description="Fondo sociale"))
    action.involvements.append(ActionOrganization(organization=org, role=InvolvementRole.LEAD))
    db.session.commit()
    return action


def rows(action):
    db.session.expire_all()
    action = db.session.get(SystemAction, action.id)
    return ([(line.id, line.source.value, line.description, line.planned_amount) for line in action.budget_lines],
            [(i.organization_id, i.role) for i in action.involvements], sorted(u.id for u in action.referents),
            action.area_id)


def test_the_action_autosave_saves_its_own_fields_and_leaves_the_rows(as_office, base, plan, action_with_rows):
    action = action_with_rows
    before = rows(action)
    thesis = plan.theses[2]
    form = test_office_actions.edit_data(action, title="Titolo riscritto", expected_results="Più famiglie raggiunte",
                                         projects="Uno\nDue", planned_start="2013-02-01", theses=[str(thesis.id)],
                                         referents=[], area=str(plan.areas[1].id))
    # Rows changed, removed, added and half typed: none of it is the autosave's business.
    form |= {"budget-0-amount": "5,00", "budget-0-description": "Cambiata", "budget-0-remove": "y",
             "budget-1-line_id": "", "budget-1-source": "foundation_calls", "budget-1-description": "",
             "budget-1-amount": "", "involvements-0-remove": "y",
             "involvements-1-organization": "", "involvements-1-new_name": "Nuova coop",
             "involvements-1-role": "partner"}
    response = as_office.post(url(base, "action", action), data=form)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["errors"] == {}
    assert rows(action) == before
    saved = reloaded("action", action)
    assert (saved.title, saved.expected_results, saved.projects) == ("Titolo riscritto", "Più famiglie raggiunte",
                                                                     ["Uno", "Due"])
    assert saved.planned_start.isoformat() == "2013-02-01" and saved.theses == [thesis]
    assert db.session.scalar(db.select(Organization).filter_by(name="Nuova coop")) is None


def test_the_full_submit_after_an_autosave_saves_the_rows(as_office, base, plan, action_with_rows):
    action = action_with_rows
    [line_id] = [line.id for line in action.budget_lines]
    form = test_office_actions.edit_data(action)
    autosaved = as_office.post(url(base, "action", action), data={**form, "description": "Scritta mentre digito"})
    assert autosaved.status_code == 200
    # autosave.js puts the answered version in the form's version field; the rows still carry their line ids.
    form |= {"version": str(autosaved.get_json()["version"]), "description": "Scritta mentre digito",
             "budget-0-amount": "2.500,00", "budget-1-source": "foundation_calls",
             "budget-1-description": "Bando", "budget-1-amount": "300"}
    response = as_office.post(url(base, "action", action, "modifica"), data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = reloaded("action", action)
    assert saved.description == "Scritta mentre digito"
    assert [(line.id, line.planned_amount) for line in saved.budget_lines][0] == (line_id, Decimal("2500.00"))
    assert [line.planned_amount for line in saved.budget_lines] == [Decimal("2500.00"), Decimal("300.00")]
    assert len(saved.involvements) == 1


def test_the_full_submit_with_the_version_before_the_autosave_is_a_conflict(as_office, base, action_with_rows):
    # What a form without JavaScript's help, or another tab, would post: the autosave's change is not lost.
    action = action_with_rows
    form = test_office_actions.edit_data(action)
    assert as_office.post(url(base, "action", action), data={**form, "description": "Autosalvata"}).status_code == 200
    response = as_office.post(url(base, "action", action, "modifica"), data={**form, "budget-0-amount": "1"})
    assert response.status_code == 422
    saved = reloaded("action", action)
    assert saved.description == "Autosalvata" and saved.budget_lines[0].planned_amount == Decimal("1000.00")


def test_an_action_conflict_compares_only_the_autosaved_fields(as_office, base, action_with_rows):
    action = action_with_rows
    old = test_office_actions.edit_data(action)
    # Someone else changes the budget only: still a newer version, with no text of theirs to lose.
    newer = {**old, "budget-0-amount": "7"}
    assert as_office.post(url(base, "action", action, "modifica"), data=newer).status_code == 302
    stale = as_office.post(url(base, "action", action), data={**old, "title": "Mio titolo"})
    assert stale.status_code == 409
    answer = stale.get_json()
    assert [d["mine"] for d in answer["differences"]] == ["Mio titolo"]
    assert reloaded("action", action).title == action.title


@pytest.mark.parametrize("autosave", [True, False], ids=["autosave", "full-submit"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_save_without_a_valid_version_is_refused(app, as_office, base, plan, org, kind, autosave):
    """Issue 14, defect 6: no version, a blank one or "abc" overwrote a newer save; now 400 and nothing saved,
    the version the page gave saves, an old one is refused as before."""
    record = record_of(kind, plan, org)
    model, _word, _form_of, text, _label = KINDS[kind]
    check_version_is_required(
        app, as_office, page=url(base, kind, record, "modifica"), field=text, form="form[data-autosave-url]",
        autosave=autosave, read=lambda: getattr(db.session.get(model, record.id), text),
        stale_status=409 if autosave else 422)
