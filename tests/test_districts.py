"""One installation serves several districts: only its administrator adds them."""
from app.extensions import db
from app.models import District, Role
from tests.conftest import login


def test_the_administrator_creates_a_district_and_is_sent_to_invite_its_office(client, make_user):
    admin = make_user("admin@example.org", admin=True)
    login(client, admin)
    response = client.post("/gestione/ambiti/nuovo", data={"name": "Ambito di Dalmine", "province": "Bergamo"})
    assert response.status_code == 302 and "/gestione/ambito-di-dalmine/inviti/nuovo" in response.location
    district = db.session.scalar(db.select(District).filter_by(slug="ambito-di-dalmine"))
    assert district.province == "Bergamo"


def test_a_district_name_is_used_once_and_what_was_typed_is_kept(client, make_user, district):
    login(client, make_user("admin@example.org", admin=True))
    response = client.post("/gestione/ambiti/nuovo", data={"name": district.name.upper(), "province": "Cremona"})
    assert response.status_code == 422
    assert 'value="Cremona"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(District)) == 1


def test_a_planning_office_cannot_create_districts(client, office):
    login(client, office)
    assert client.get("/gestione/ambiti/nuovo").status_code == 403
    assert client.post("/gestione/ambiti/nuovo", data={"name": "Altro"}).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get("/gestione/ambiti/nuovo").status_code == 302
