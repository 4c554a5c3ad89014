"""The planning office creates, edits, reorders and deletes plans, theses and priority areas."""
import pytest
from sqlalchemy.orm.exc import StaleDataError

from app import structure
from app.extensions import db
from app.versioned import version_token
from app.models import AuditLog, Plan, PlanningArea, PlanStatus, Thesis


@pytest.fixture
def base(district):
    return f"/gestione/{district.slug}"


def plan_data(**overrides):
    data = {"title": "Piano di Zona 2015-2017", "start_year": "2015", "end_year": "2017", "status": "draft",
            "description": "Il **nuovo** piano", "previous_plan": ""}
    data.update(overrides)
    return data


def edit_data(plan, **overrides):
    data = {"version": str(plan.version), "title": plan.title, "start_year": str(plan.start_year),
            "end_year": str(plan.end_year), "status": plan.status.value, "description": plan.description or "",
            "previous_plan": str(plan.previous_plan_id or "")}
    return data | overrides


# --- plans -------------------------------------------------------------------------------------------

def test_the_office_creates_a_plan_following_the_old_one(as_office, base, plan, district):
    response = as_office.post(f"{base}/piani/nuovo", data=plan_data(previous_plan=str(plan.id)))
    assert response.status_code == 302
    new = db.session.scalar(db.select(Plan).filter_by(title="Piano di Zona 2015-2017"))
    assert (new.district, new.start_year, new.end_year, new.status) == (district, 2015, 2017, PlanStatus.DRAFT)
    assert new.previous_plan == plan and new.description == "Il **nuovo** piano"
    assert response.headers["Location"].endswith(f"{base}/piani/{new.id}")
    page = as_office.get(f"{base}/piani/{new.id}").get_data(as_text=True)
    assert "<strong>nuovo</strong>" in page and plan.title in page


def test_years_out_of_order_are_refused_keeping_what_was_typed(as_office, base, plan):
    response = as_office.post(f"{base}/piani/nuovo", data=plan_data(start_year="2018", end_year="2016"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Piano di Zona 2015-2017"' in page and 'value="2018"' in page and "is-invalid" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Plan)) == 1


@pytest.mark.parametrize("overrides", [{"title": ""}, {"start_year": "duemila"}, {"status": "approved"},
                                       {"end_year": "3000"}])
def test_bad_plan_fields_are_refused(as_office, base, plan, overrides):
    assert as_office.post(f"{base}/piani/nuovo", data=plan_data(**overrides)).status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Plan)) == 1


def test_a_title_used_in_the_district_is_refused(as_office, base, plan):
    as_office.set_cookie("lang", "en", domain="pdz.test")
    response = as_office.post(f"{base}/piani/nuovo", data=plan_data(title=plan.title.upper()))
    assert response.status_code == 422
    assert "Another plan of this district already has this title." in response.get_data(as_text=True)


def test_the_office_edits_a_plan_and_the_change_is_audited(as_office, base, plan, office):
    response = as_office.post(f"{base}/piani/{plan.id}/modifica",
                              data=edit_data(plan, title="IV Piano di Zona", status="under_evaluation"))
    assert response.status_code == 302
    db.session.refresh(plan)
    assert (plan.title, plan.status) == ("IV Piano di Zona", PlanStatus.UNDER_EVALUATION)
    log = db.session.scalars(db.select(AuditLog).filter_by(entity="Plan", entity_id=plan.id,
                                                           operation="update")).all()
    assert log and log[-1].user_id == office.id
    assert log[-1].after["title"] == "IV Piano di Zona" and log[-1].before["title"] == "IV Piano di Zona 2012-2014"


def test_a_stale_plan_form_is_refused_and_nothing_is_overwritten(as_office, base, plan):
    form = edit_data(plan, title="Il mio titolo")
    structure.update_plan(plan, version=plan.version, title="Titolo del collega", start_year=2012, end_year=2014,
                          status=plan.status, description=None, previous_plan=None)
    db.session.commit()
    as_office.set_cookie("lang", "en", domain="pdz.test")
    response = as_office.post(f"{base}/piani/{plan.id}/modifica", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Someone else changed this record" in page
    assert 'value="Il mio titolo"' in page and f'href="{base}/piani/{plan.id}/modifica"' in page
    db.session.refresh(plan)
    assert plan.title == "Titolo del collega"


def test_a_stale_data_error_at_commit_is_shown_as_a_conflict(as_office, base, plan, monkeypatch):
    def racing(*args, **kwargs):
        raise StaleDataError("the row changed under us")
    monkeypatch.setattr(structure, "update_plan", racing)
    response = as_office.post(f"{base}/piani/{plan.id}/modifica", data=edit_data(plan, title="Nuovo"))
    assert response.status_code == 422 and 'value="Nuovo"' in response.get_data(as_text=True)


def test_a_plan_cannot_follow_itself(as_office, base, plan):
    response = as_office.post(f"{base}/piani/{plan.id}/modifica", data=edit_data(plan, previous_plan=str(plan.id)))
    assert response.status_code == 422


def test_deleting_a_plan_asks_first_then_deletes_on_post(as_office, base, plan, district):
    follower = structure.create_plan(district, title="V Piano", start_year=2015, end_year=2017,
                                     previous_plan=plan)
    db.session.commit()
    plan_id = plan.id
    page = as_office.get(f"{base}/piani/{plan_id}/elimina")
    assert page.status_code == 200 and plan.title in page.get_data(as_text=True)
    crumbs = page.get_data(as_text=True).split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert f'<a href="{base}/piani/{plan_id}">{plan.title}</a>' in crumbs   # the way back, also in the trail
    assert db.session.get(Plan, plan_id) is not None
    assert as_office.post(f"{base}/piani/{plan_id}/elimina").status_code == 302
    db.session.expire_all()
    assert db.session.get(Plan, plan_id) is None
    assert db.session.get(Plan, follower.id).previous_plan_id is None
    assert db.session.scalar(db.select(db.func.count()).select_from(PlanningArea)) == 0


# --- theses --------------------------------------------------------------------------------------------

def positions(items):
    return [item.position for item in items]


def test_theses_are_added_edited_moved_and_deleted(as_office, base, plan):
    texts = [t.text for t in plan.theses]
    assert as_office.post(f"{base}/piani/{plan.id}/tesi/nuova", data={"text": "Dal progetto al processo"}
                          ).status_code == 302
    db.session.expire_all()
    assert plan.theses[-1].text == "Dal progetto al processo" and positions(plan.theses) == [1, 2, 3, 4, 5, 6]

    first = plan.theses[0]
    form = as_office.get(f"{base}/tesi/{first.id}/modifica").get_data(as_text=True)
    token = version_token(first)
    assert f'value="{token}"' in form
    assert as_office.post(f"{base}/tesi/{first.id}/modifica", data={"text": "Dalla beneficenza alla conoscenza",
                                                                    "version": token}).status_code == 302
    assert as_office.post(f"{base}/tesi/{first.id}/sposta", data={"direction": "down"}).status_code == 302
    db.session.expire_all()
    assert [t.text for t in plan.theses][:2] == [texts[1], "Dalla beneficenza alla conoscenza"]

    assert as_office.post(f"{base}/tesi/{plan.theses[2].id}/elimina").status_code == 302
    db.session.expire_all()
    assert positions(plan.theses) == [1, 2, 3, 4, 5] and texts[2] not in [t.text for t in plan.theses]


def test_an_empty_thesis_is_refused(as_office, base, plan):
    assert as_office.post(f"{base}/piani/{plan.id}/tesi/nuova", data={"text": "  "}).status_code == 422


def test_a_stale_thesis_form_is_refused(as_office, base, plan):
    thesis = plan.theses[0]
    token = version_token(thesis)
    structure.update_thesis(thesis, version=token, text="Cambiata da un collega")
    db.session.commit()
    response = as_office.post(f"{base}/tesi/{thesis.id}/modifica", data={"text": "La mia", "version": token})
    assert response.status_code == 422
    assert db.session.get(Thesis, thesis.id).text == "Cambiata da un collega"


# --- areas ---------------------------------------------------------------------------------------------

def test_areas_are_added_edited_and_deleted_keeping_positions_contiguous(as_office, base, plan):
    assert as_office.post(f"{base}/piani/{plan.id}/aree/nuova",
                          data={"name": "Governance", "description": "Chi decide"}).status_code == 302
    db.session.expire_all()
    assert [a.name for a in plan.areas][-1] == "Governance" and positions(plan.areas) == [1, 2, 3, 4]
    area = plan.areas[0]
    assert as_office.post(f"{base}/aree/{area.id}/modifica",
                          data={"name": "Comunità", "description": "", "version": str(area.version)}
                          ).status_code == 302
    assert db.session.get(PlanningArea, area.id).name == "Comunità"
    middle_id = plan.areas[1].id
    assert as_office.get(f"{base}/aree/{middle_id}/elimina").status_code == 200
    assert as_office.post(f"{base}/aree/{middle_id}/elimina").status_code == 302
    db.session.expire_all()
    assert positions(plan.areas) == [1, 2, 3] and middle_id not in [a.id for a in plan.areas]


def test_moving_areas_up_and_down_keeps_positions_one_to_n(as_office, base, plan):
    names = [a.name for a in plan.areas]
    last = plan.areas[-1]
    for _ in range(3):   # the last move, at the top, changes nothing
        assert as_office.post(f"{base}/aree/{last.id}/sposta", data={"direction": "up"}).status_code == 302
    db.session.expire_all()
    assert [a.name for a in plan.areas] == [names[2], names[0], names[1]]
    assert positions(plan.areas) == [1, 2, 3]
    as_office.post(f"{base}/aree/{last.id}/sposta", data={"direction": "down"})
    db.session.expire_all()
    assert [a.name for a in plan.areas] == [names[0], names[2], names[1]]


def test_a_move_without_a_direction_is_a_bad_request(as_office, base, plan):
    assert as_office.post(f"{base}/aree/{plan.areas[0].id}/sposta", data={"direction": "sideways"}).status_code == 400


def test_an_area_name_used_in_the_plan_is_refused(as_office, base, plan):
    response = as_office.post(f"{base}/piani/{plan.id}/aree/nuova", data={"name": plan.areas[0].name.upper()})
    assert response.status_code == 422


def test_a_stale_area_form_is_refused_and_the_area_kept(as_office, base, plan):
    area = plan.areas[0]
    version = area.version
    structure.update_area(area, version=version, name="Rinominata", description=None)
    db.session.commit()
    response = as_office.post(f"{base}/aree/{area.id}/modifica", data={"name": "Mia", "version": str(version)})
    assert response.status_code == 422
    assert db.session.get(PlanningArea, area.id).name == "Rinominata"


def test_the_management_page_lists_theses_areas_and_actions_with_their_links(as_office, base, plan):
    page = as_office.get(f"{base}/piani/{plan.id}").get_data(as_text=True)
    for thesis in plan.theses:
        assert thesis.text.replace("'", "&#39;") in page
    for area in plan.areas:
        assert f"{base}/aree/{area.id}/modifica" in page and f"{base}/aree/{area.id}/azioni/nuova" in page
    for action in plan.actions:
        assert f"{base}/azioni/{action.id}/modifica" in page and f"{base}/azioni/{action.id}/sposta" in page


def test_every_management_form_carries_its_csrf_token(make_app):
    import re

    from app import people
    from app.models import Role
    from app.plans import import_plan, sample_data
    from conftest import PASSWORD

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        plan = import_plan(sample_data())
        user = people.create_user("ufficio@example.org", "Ufficio", PASSWORD)
        people.grant(user, plan.district, Role.PLANNING_OFFICE)
        db.session.commit()
        client = app.test_client()

        def tokens(path):
            page = client.get(path).get_data(as_text=True)
            return re.findall(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page)

        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": tokens("/login")[0]})
        base = f"/gestione/{plan.district.slug}"
        area = plan.areas[2]
        page_tokens = tokens(f"{base}/piani/{plan.id}")
        assert len(page_tokens) > 20   # every move button is its own small form
        assert client.post(f"{base}/aree/{area.id}/sposta", data={"direction": "up"}).status_code == 400
        assert client.post(f"{base}/aree/{area.id}/sposta",
                           data={"direction": "up", "csrf_token": page_tokens[0]}).status_code == 302
        assert client.post(f"{base}/aree/{area.id}/elimina").status_code == 400
        for path in (f"{base}/piani/{plan.id}/modifica", f"{base}/azioni/{plan.actions[0].id}/modifica",
                     f"{base}/aree/{area.id}/elimina", f"{base}/enti/nuovo"):
            assert tokens(path), path
        db.session.expire_all()
        assert plan.areas[1] == area


def test_other_features_can_warn_what_a_deletion_takes_with_it(as_office, base, plan, monkeypatch):
    from app import office_registries
    monkeypatch.setattr(office_registries, "DELETE_WARNINGS", [])
    office_registries.register_delete_warning(
        lambda obj: f"7 schede di {obj.title}" if isinstance(obj, Plan) else None, order=1)
    assert f"7 schede di {plan.title}" in as_office.get(f"{base}/piani/{plan.id}/elimina").get_data(as_text=True)
    assert "7 schede" not in as_office.get(f"{base}/aree/{plan.areas[0].id}/elimina").get_data(as_text=True)


def test_deleting_a_thesis_unlinks_it_from_its_actions(as_office, base, plan):
    action = plan.actions[0]
    thesis = plan.theses[1]
    action.theses = [plan.theses[0], thesis]
    db.session.commit()
    thesis_id = thesis.id
    page = as_office.get(f"{base}/tesi/{thesis_id}/elimina").get_data(as_text=True)
    assert thesis.text in page
    assert as_office.post(f"{base}/tesi/{thesis_id}/elimina").status_code == 302
    db.session.expire_all()
    assert action.theses == [plan.theses[0]]
    linked = db.session.execute(db.text("SELECT count(*) FROM action_thesis WHERE thesis_id = :id"),
                                {"id": thesis_id}).scalar()
    assert linked == 0


def test_a_new_plan_is_proposed_as_the_continuation_of_the_latest(as_office, base, plan):
    page = as_office.get(f"{base}/piani/nuovo").get_data(as_text=True)
    assert 'value="2015"' in page and 'value="2017"' in page
    assert f'<option selected value="{plan.id}">' in page or f'value="{plan.id}" selected' in page
