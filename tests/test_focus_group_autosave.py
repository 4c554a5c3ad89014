"""A focus group's edit form (notes, stimulus questions) autosaves through app/autosave.py: the new version,
409 with both versions on an old one, 400 with a message on bad input, facilitators and the office only."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.versioned import missing_version_message
from focus_groups import board_services, management
from focus_groups.models import FocusGroup, KeywordGroup, Statement
from tests.browser_forms import check_version_is_required


@pytest.fixture
def focus(plan, facilitator):
    group = management.create_focus_group(plan, title="Modello organizzativo", area=plan.areas[0],
                                          facilitators=[facilitator], stimulus_questions=["Cosa ha funzionato?"])
    db.session.commit()
    return group


def url(focus: FocusGroup, what: str = "salva") -> str:
    return f"/gestione/{focus.plan.district.slug}/focus/{focus.id}/{what}"


def form_of(focus: FocusGroup, **changes) -> dict:
    data = {"version": str(focus.version), "title": focus.title, "area_id": str(focus.area_id or 0), "date": "",
            "facilitators": [str(u.id) for u in focus.facilitators],
            "stimulus_questions": "\n".join(focus.stimulus_questions or []), "notes": focus.notes or ""}
    data.update(changes)
    return data


def test_the_edit_page_autosaves_the_notes(as_facilitator, focus):
    page = as_facilitator.get(url(focus, "modifica")).get_data(as_text=True)
    assert f'data-autosave-url="{url(focus)}"' in page and "autosave.js" in page
    before = focus.version
    response = as_facilitator.post(url(focus), data=form_of(focus, notes="Sala consiliare, proiettore"))
    assert response.status_code == 200 and response.get_json()["version"] == before + 1
    db.session.expire_all()
    assert db.session.get(FocusGroup, focus.id).notes == "Sala consiliare, proiettore"


def test_an_old_version_is_refused_with_both_versions(as_office, focus):
    old = form_of(focus)
    assert as_office.post(url(focus), data=form_of(focus, notes="Prima")).status_code == 200
    stale = as_office.post(url(focus), data={**old, "notes": "Seconda"})
    assert stale.status_code == 409
    answer = stale.get_json()
    assert answer["error"] == "conflict" and answer["conflict_url"] == url(focus, "modifica")
    assert [(d["mine"], d["theirs"]) for d in answer["differences"]] == [("Seconda", "Prima")]
    db.session.expire_all()
    assert db.session.get(FocusGroup, focus.id).notes == "Prima"


def test_bad_input_is_answered_400_with_a_message(as_facilitator, focus):
    response = as_facilitator.post(url(focus), data=form_of(focus, title="", date="domani"))
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["message"] and {"title", "date"} <= set(answer["errors"])
    db.session.expire_all()
    assert db.session.get(FocusGroup, focus.id).title == "Modello organizzativo"


def test_referents_and_strangers_cannot_autosave(app, as_referent, focus):
    assert as_referent.post(url(focus), data=form_of(focus, notes="No")).status_code == 403
    assert app.test_client().post(url(focus), data=form_of(focus, notes="No")).status_code in (302, 401)
    db.session.expire_all()
    assert db.session.get(FocusGroup, focus.id).notes is None


@pytest.mark.parametrize("autosave", [True, False], ids=["autosave", "full-submit"])
def test_a_focus_group_saved_without_a_valid_version_is_refused(app, as_facilitator, focus, autosave):
    """Issue 14, defect 6: no version, a blank one or "abc" overwrote a newer save; now 400, nothing saved."""
    check_version_is_required(app, as_facilitator, page=url(focus, "modifica"), field="notes", autosave=autosave,
                              stale_status=409 if autosave else 422,
                              read=lambda: db.session.get(FocusGroup, focus.id).notes)


def test_a_group_renamed_or_a_statement_edited_without_a_valid_version_is_refused(app, as_facilitator, focus):
    keyword_session = management.open_session(focus, prompt="Una parola")
    group = KeywordGroup(session_id=keyword_session.id, label="Lavoro di rete")
    db.session.add(group)
    statement = board_services.add_statement(focus, column="strengths", text="Si lavora in rete", group_ids=[])
    db.session.commit()
    base = f"/gestione/{focus.plan.district.slug}/focus"
    check_version_is_required(app, as_facilitator, page=f"{base}/gruppi/{group.id}/nome", field="label",
                              form="form.pdz-form", autosave=False, stale_status=422,
                              read=lambda: db.session.get(KeywordGroup, group.id).label)
    check_version_is_required(app, as_facilitator, page=f"{base}/affermazioni/{statement.id}/modifica",
                              field="text", form="form.pdz-form", autosave=False, stale_status=422,
                              read=lambda: db.session.get(Statement, statement.id).text)


@pytest.mark.parametrize("version", [None, "", "abc"], ids=["none", "blank", "abc"])
def test_a_group_moved_on_the_board_without_a_valid_version_is_refused(app, as_facilitator, focus, version):
    keyword_session = management.open_session(focus, prompt="Una parola")
    group = KeywordGroup(session_id=keyword_session.id, label="Lavoro di rete")
    db.session.add(group)
    db.session.commit()
    data = {"column": "strengths"} | ({} if version is None else {"version": version})
    response = as_facilitator.post(f"/gestione/{focus.plan.district.slug}/focus/gruppi/{group.id}/colonna",
                                   data=data, headers={"Accept": "application/json"})
    assert response.status_code == 400
    with app.test_request_context("/"):
        assert response.get_json() == {"error": "invalid", "message": str(missing_version_message())}
    db.session.expire_all()
    assert db.session.get(KeywordGroup, group.id).column is None
