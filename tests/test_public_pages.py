"""The public can read the district, its current plan, areas, actions and organizations, in Italian."""
from app.extensions import db
from app.models import PlanStatus


def test_home_shows_the_district_and_the_three_areas_in_italian(client, plan):
    page = client.get("/").get_data(as_text=True)
    assert "Ambito Distrettuale Cremasco" in page
    for area in ("Lavoro di comunità", "Presa in carico integrata", "Modello organizzativo"):
        assert area in page
    assert '<html lang="it">' in page


def test_empty_installation_explains_how_to_start(client):
    assert "pdz import plan" in client.get("/").get_data(as_text=True)


def test_plan_area_and_action_pages(client, plan):
    area = plan.areas[2]
    action = area.actions[0]
    assert plan.theses[3].text in client.get(f"/piani/{plan.id}").get_data(as_text=True)
    assert action.title in client.get(f"/aree/{area.id}").get_data(as_text=True)
    page = client.get(f"/azioni/{action.id}").get_data(as_text=True)
    assert action.title in page and area.name in page


def test_draft_plans_are_hidden_from_the_public(client, plan):
    plan.status = PlanStatus.DRAFT
    db.session.commit()
    assert client.get(f"/piani/{plan.id}").status_code == 404
    assert client.get(f"/azioni/{plan.actions[0].id}").status_code == 404
    assert client.get(f"/api/v1/plans/{plan.id}").status_code == 404


def test_draft_plans_are_visible_to_the_planning_office(as_office, plan):
    plan.status = PlanStatus.DRAFT
    db.session.commit()
    assert as_office.get(f"/piani/{plan.id}").status_code == 200


def test_search_finds_actions_by_words_of_their_title(client, plan):
    page = client.get("/search?q=volontariato").get_data(as_text=True)
    assert "Progetti di attivazione delle comunità" in page


def test_search_with_no_match_says_so(client, plan):
    assert "Nessuna azione" in client.get("/search?q=zzzz").get_data(as_text=True)


def test_unknown_pages_answer_404(client):
    assert client.get("/azioni/999").status_code == 404
    assert client.get("/ambiti/nowhere/").status_code == 404
