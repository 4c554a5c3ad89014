"""The planning office keeps the district's directory of organizations."""
import pytest

from app import structure_actions as actions
from app.extensions import db
from app.account_models import User
from app.models import ActionOrganization, InvolvementRole, Organization, OrganizationType, Role
from app.plans import find_or_create_district


@pytest.fixture
def base(district):
    return f"/gestione/{district.slug}"


def org_data(**overrides):
    data = {"name": "Cooperativa Il Seme", "type": "cooperativa", "municipality": "Crema",
            "website": "https://ilseme.example.org", "description": "Servizi per minori"}
    data.update(overrides)
    return data


def test_the_office_creates_an_organization(as_office, base, district):
    assert as_office.post(f"{base}/enti/nuovo", data=org_data()).status_code == 302
    org = db.session.scalar(db.select(Organization).filter_by(name="Cooperativa Il Seme"))
    assert (org.district, org.type, org.municipality, org.website) == (
        district, OrganizationType.COOPERATIVA, "Crema", "https://ilseme.example.org")


def test_a_website_without_scheme_gets_https(as_office, base, district):
    as_office.post(f"{base}/enti/nuovo", data=org_data(website="www.comune.crema.cr.it"))
    assert db.session.scalar(db.select(Organization.website)) == "https://www.comune.crema.cr.it"


@pytest.mark.parametrize("overrides", [{"name": ""}, {"website": "javascript:alert(1)"},
                                       {"website": "ftp://example.org"}, {"type": "partito"},
                                       {"website": "https://"}, {"website": "[a](javascript:alert(1))"}])
def test_bad_organizations_are_refused_keeping_the_input(as_office, base, district, overrides):
    response = as_office.post(f"{base}/enti/nuovo", data=org_data(**overrides))
    assert response.status_code == 422 and "Servizi per minori" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 0


def test_names_are_unique_in_a_district_but_not_across_districts(as_office, base, district):
    as_office.set_cookie("lang", "en", domain="pdz.test")
    actions.create_organization(district, name="Comune di Crema")
    other = find_or_create_district("Ambito di Dalmine")
    actions.create_organization(other, name="Cooperativa Il Seme")
    db.session.commit()
    response = as_office.post(f"{base}/enti/nuovo", data=org_data(name="comune di crema"))
    assert response.status_code == 422
    assert "An organization with this name already exists in the district." in response.get_data(as_text=True)
    assert as_office.post(f"{base}/enti/nuovo", data=org_data()).status_code == 302
    seme = db.session.scalars(db.select(Organization).filter_by(name="Cooperativa Il Seme")
                              .order_by(Organization.id)).all()
    assert [org.district_id for org in seme] == [other.id, district.id]   # a second one, in this district


def test_the_list_searches_and_pages(as_office, base, district, app):
    for n in range(25):
        actions.create_organization(district, name=f"Associazione {n:02d}", municipality="Offanengo")
    actions.create_organization(district, name="Comune di Crema", municipality="Crema")
    actions.create_organization(find_or_create_district("Ambito di Dalmine"), name="Comune di Dalmine")
    db.session.commit()
    first = as_office.get(f"{base}/enti").get_data(as_text=True)
    assert "Associazione 00" in first and "Comune di Crema" not in first and "Comune di Dalmine" not in first
    assert "page=2" in first
    second = as_office.get(f"{base}/enti?page=2").get_data(as_text=True)
    assert "Comune di Crema" in second and "Associazione 00" not in second
    found = as_office.get(f"{base}/enti?q=crema").get_data(as_text=True)
    assert "Comune di Crema" in found and "Associazione 01" not in found
    by_town = as_office.get(f"{base}/enti?q=offanengo").get_data(as_text=True)
    assert "Associazione 24" not in by_town and "Associazione 00" in by_town


def test_the_office_edits_an_organization(as_office, base, district):
    org = actions.create_organization(district, name="Coop")
    db.session.commit()
    data = org_data(name="Coop Sociale", version=str(org.version))
    assert as_office.post(f"{base}/enti/{org.id}/modifica", data=data).status_code == 302
    assert db.session.get(Organization, org.id).name == "Coop Sociale"


def test_a_stale_organization_form_is_refused(as_office, base, district):
    org = actions.create_organization(district, name="Coop")
    db.session.commit()
    version = org.version
    actions.update_organization(org, version=version, name="Coop del collega", type_=OrganizationType.ALTRO,
                                municipality=None, website=None, description=None)
    db.session.commit()
    response = as_office.post(f"{base}/enti/{org.id}/modifica", data=org_data(version=str(version)))
    assert response.status_code == 422 and 'value="Cooperativa Il Seme"' in response.get_data(as_text=True)
    assert db.session.get(Organization, org.id).name == "Coop del collega"


def test_deleting_an_organization_asks_first_and_removes_its_involvements(as_office, base, plan, district,
                                                                          make_user):
    org = actions.create_organization(district, name="ASST Crema")
    plan.actions[0].involvements.append(ActionOrganization(organization=org, role=InvolvementRole.LEAD))
    member = make_user("operatore@example.org", Role.FACILITATOR, district)
    member.organization = org
    db.session.commit()
    org_id = org.id
    page = as_office.get(f"{base}/enti/{org_id}/elimina").get_data(as_text=True)
    assert "ASST Crema" in page and plan.actions[0].code in page
    assert as_office.post(f"{base}/enti/{org_id}/elimina").status_code == 302
    db.session.expire_all()
    assert db.session.get(Organization, org_id) is None
    assert db.session.scalar(db.select(db.func.count()).select_from(ActionOrganization)) == 0
    assert db.session.get(User, member.id).organization_id is None


def test_a_new_district_without_organizations_says_where_to_start(client, app, make_user):
    from app.models import District, Role
    from tests.conftest import login
    empty = District(name="Ambito Nuovo", slug="nuovo")
    db.session.add(empty)
    db.session.commit()
    login(client, make_user("nuovo@example.org", Role.PLANNING_OFFICE, empty))
    page = client.get("/gestione/nuovo/enti").get_data(as_text=True)
    assert "Ancora nessun ente" in page
    assert "Ancora nessun ente" not in client.get("/gestione/nuovo/enti?q=zzz").get_data(as_text=True)
