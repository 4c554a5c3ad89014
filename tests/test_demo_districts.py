"""The other sample districts: `pdz demo` loads the co-design work three other districts published (Dalmine,
Bergamo, the Valle di Susa consortium), each with its own office; each district's public page tells its own
story from its data; every figure is one the sources published; the office keeps its published figures."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from app import territory
from app.cli import DEMO_ACCOUNTS, DEMO_PASSWORD
from app.demo import load_demo, other_offices
from app.extensions import db
from app.funding_models import BidOutcome, FundingBid, FundingProgramme
from app.models import District, Role
from app.people import find_user
from app.territory_models import ManagementForm, PublishedFigure
from tests.conftest import login

SEEDS = Path(__file__).parent / "fixtures" / "sources"     # ../shared/seeds, people's names omitted


@pytest.fixture
def demo(app):
    load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)
    db.session.commit()
    return {d.slug: d for d in db.session.scalars(db.select(District))}


def test_the_demo_loads_three_more_districts_each_with_its_own_office(demo):
    assert set(demo) == {"ambito-distrettuale-cremasco", "dalmine", "bergamo", "valle-di-susa"}
    for email, name in other_offices():
        user = find_user(email)
        [membership] = user.memberships
        assert membership.district.name == name and membership.role == Role.PLANNING_OFFICE
    dalmine = demo["dalmine"]
    [bid] = db.session.scalars(db.select(FundingBid).filter_by(district_id=dalmine.id)).all()
    assert (bid.title, bid.outcome, bid.amount_granted, bid.lead.name) == (
        "Autori del cambiamento", BidOutcome.GRANTED, Decimal("14000.00"), "Cooperativa sociale L'Impronta")
    susa = territory.territory(demo["valle-di-susa"])
    assert susa.management.form == ManagementForm.CONSORTIUM
    [programme] = db.session.scalars(db.select(FundingProgramme).filter_by(district_id=demo["valle-di-susa"].id))
    assert (programme.name, programme.amount) == ("WE.CA.RE. (Welfare Cantiere Regionale)", Decimal("234000.00"))
    figures = {(f.label, f.value) for f in territory.figures(demo["bergamo"])}
    assert {("famiglie con minori con cui lavora", 2500), ("volontari delle comunità locali", 300)} <= figures
    load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)               # loading again adds nothing
    assert db.session.scalar(db.select(db.func.count(PublishedFigure.id))) == 14


def test_every_figure_is_one_the_sources_published(demo):
    text = " ".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("00[012]_*.txt"))
    published = {int(n.replace(".", "")) for n in re.findall(r"\b\d+(?:\.\d{3})*\b", text)}
    published |= {int(n) * 1000 for n in re.findall(r"\b(\d+) mila\b", text)}
    words = {"tre": 3, "sette": 7}
    published |= {n for word, n in words.items() if re.search(rf"\b{word}\b", text)}
    for figure in db.session.scalars(db.select(PublishedFigure)):
        assert figure.value in published, figure
    for programme in db.session.scalars(db.select(FundingProgramme).where(FundingProgramme.amount.is_not(None))):
        assert int(programme.amount) in published
    for bid in db.session.scalars(db.select(FundingBid).where(FundingBid.amount_granted.is_not(None))):
        assert int(bid.amount_granted) in published


def test_each_public_page_tells_its_own_district(demo, client):
    home = client.get("/").get_data(as_text=True)
    assert all(f"/ambiti/{slug}/" in home for slug in demo)
    dalmine = client.get("/ambiti/dalmine/").get_data(as_text=True)
    assert "137.000" in dalmine and "Autori del cambiamento" in dalmine and "14.000,00" in dalmine
    assert "Fondazione della Comunità Bergamasca, bando 2/2013" in dalmine and "470" in dalmine
    assert "WE.CA.RE" not in dalmine and "Crema" not in dalmine
    susa = client.get("/ambiti/valle-di-susa/").get_data(as_text=True)
    assert "234.000,00" in susa and "consorzio di comuni" in susa.lower() and "43" in susa
    assert "Autori del cambiamento" not in susa
    crema = client.get("/ambiti/ambito-distrettuale-cremasco/").get_data(as_text=True)
    assert "48 comuni" in crema and "Wel(l)FARE legami" in crema and "Dalmine" not in crema


def test_the_office_keeps_its_published_figures(client, office, district):
    login(client, office)
    base = f"/gestione/{district.slug}/territorio/"
    refused = client.post(base + "cifre/nuova", data={"label": "famiglie raggiunte", "value": "molte",
                                                      "source": "Relazione 2014"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'value="famiglie raggiunte"' in page and 'value="Relazione 2014"' in page
    added = client.post(base + "cifre/nuova", data={"subject": "Sportello", "label": "famiglie raggiunte",
                                                    "value": "120", "year": "2014", "source": "Relazione 2014"})
    assert added.status_code == 302
    [figure] = territory.figures(district)
    assert (figure.subject, figure.value, figure.year) == ("Sportello", 120, 2014)
    assert "famiglie raggiunte" in client.get(base).get_data(as_text=True)
    assert "Sportello" in client.get(f"/ambiti/{district.slug}/").get_data(as_text=True)
    confirm = client.get(f"/gestione/{district.slug}/cifre/{figure.id}/elimina")
    assert confirm.status_code == 200 and "famiglie raggiunte: 120" in confirm.get_data(as_text=True)
    assert client.post(f"/gestione/{district.slug}/cifre/{figure.id}/elimina").status_code == 302
    assert territory.figures(district) == []


def test_a_figure_is_checked_and_imported_with_the_territory(district):
    from app.territory_files import TerritoryFileError, import_territory
    with pytest.raises(TerritoryFileError) as refused:
        import_territory(district, {"figures": [{"label": "operatori", "value": 35},
                                                {"label": "", "value": 3}, {"label": "volontari", "value": -1}]})
    assert [p.split(":")[0] for p in refused.value.problems] == ["figures[1]", "figures[2]"]
    db.session.rollback()
    assert territory.figures(district) == []
    counts = import_territory(district, {"figures": [{"label": "operatori", "value": "35", "year": 2013}]})
    assert counts["figures"] == 1 and territory.figures(district)[0].value == 35


def test_a_bid_still_being_prepared_is_not_on_the_public_page(client, district):
    from app import funding
    funding.add_bid(district, title="Progetto in preparazione", call="Bando 2026", outcome=BidOutcome.PREPARING)
    funding.add_bid(district, title="Progetto inviato", call="Bando 2025", outcome=BidOutcome.SUBMITTED)
    db.session.commit()
    page = client.get(f"/ambiti/{district.slug}/").get_data(as_text=True)
    assert "Progetto inviato" in page and "Progetto in preparazione" not in page
