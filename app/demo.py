"""The demo: the Crema 2012-2014 sample plan, the district's territory and three accounts, loaded
idempotently, then each feature's demo data (the seeds of app/registry.py); and three other districts whose
co-design work was published (app/sample/other-districts.json), each with its own office account."""
import json
from decimal import Decimal
from importlib import resources

from . import funding, people, registry, roles
from .extensions import db
from .models import District, FundingSource, Organization, OrganizationType, Plan, Role
from .plans import import_plan, sample_data
from .funding_models import BidOutcome, FundingBid
from .structure_actions import create_organization
from .territory_files import import_territory
from .territory_models import Municipality, PublishedFigure

TERRITORY = "cremasco-territory.json"
OTHER_DISTRICTS = "other-districts.json"
# The bodies the Ufficio di Piano's 2015 posts name (../shared/seeds/004; "Cariplo" by its full name)
CREMA_ORGANIZATIONS = [("Comune di Crema", OrganizationType.COMUNE),
                       ("Comunità Sociale Cremasca", OrganizationType.ALTRO),
                       ("Fondazione Cariplo", OrganizationType.FONDAZIONE)]


def _sample(name: str) -> dict:
    return json.loads(resources.files("app").joinpath("sample", name).read_text(encoding="utf-8"))


def other_offices() -> list[tuple[str, str]]:
    """(office login, district name) of the other sample districts, for the demo's welcome."""
    return [(d["office"]["email"], d["name"]) for d in _sample(OTHER_DISTRICTS)["districts"]]


def load_demo(accounts, password: str) -> Plan:
    data = sample_data()
    district = db.session.scalar(db.select(District).filter_by(name=data["district"]["name"]))
    plan = district and db.session.scalar(db.select(Plan).filter_by(district_id=district.id,
                                                                     title=data["plan"]["title"]))
    if plan is None:
        plan = import_plan(data)
        district = plan.district
    if db.session.scalar(db.select(Municipality.id).filter_by(district_id=district.id).limit(1)) is None:
        import_territory(district, _sample(TERRITORY))
    if db.session.scalar(db.select(FundingBid.id).filter_by(district_id=district.id).limit(1)) is None:
        # The bid the 25 March 2015 post published (../shared/seeds/004): sent, its outcome not in the sources.
        funding.add_bid(district, title="Wel(l)FARE legami", call="Fondazione Cariplo", outcome=BidOutcome.SUBMITTED,
                        notes="Scheda progetto inviata alla Fondazione Cariplo e pubblicata il 25 marzo 2015, in "
                              "vista dell'incontro del 9 aprile.")
    known = {o.name for o in db.session.scalars(db.select(Organization).filter_by(district_id=district.id))}
    for name, type_ in CREMA_ORGANIZATIONS:
        if name not in known:
            create_organization(district, name=name, type_=type_)
    for email, name, role in accounts:
        user = people.find_user(email) or people.create_user(email, name, password)
        people.grant(user, district, Role(role))
        if role == Role.REFERENT.value:
            for action in plan.actions[:2]:
                people.assign_referent(action, user)
    users = {role: people.find_user(email) for email, _name, role in accounts}
    for seed in registry.DEMO_SEEDS.values():   # each feature's demo data, in the features' order
        seed(plan, password=password, users=users)
    for data in _sample(OTHER_DISTRICTS)["districts"]:
        _load_other_district(data, password)
    db.session.commit()
    return plan


def _load_other_district(data: dict, password: str) -> District:
    """A district as its published co-design work tells it: its organizations, figures, managing body,
    programmes and bids, and an office account. Loaded once: a district already there is left as it is."""
    district = db.session.scalar(db.select(District).filter_by(slug=data["slug"]))
    if district is None:
        district = District(name=data["name"], slug=data["slug"], province=data.get("province"))
        db.session.add(district)
        db.session.flush()
        roles.add_defaults(district)
    office = data["office"]
    user = people.find_user(office["email"]) or people.create_user(office["email"], office["name"], password)
    people.grant(user, district, Role.PLANNING_OFFICE)
    if db.session.scalar(db.select(PublishedFigure.id).filter_by(district_id=district.id).limit(1)) is not None:
        return district
    organizations = {row["name"]: create_organization(district, name=row["name"], type_=OrganizationType(row["type"]))
                     for row in data.get("organizations", [])}
    import_territory(district, data.get("territory") or {})
    for row in data.get("programmes", []):
        funding.add_programme(district, name=row["name"], kind=FundingSource(row["kind"]), funder=row.get("funder"),
                              year=row.get("year"), amount=row.get("amount") and Decimal(row["amount"]),
                              notes=row.get("notes"))
    for row in data.get("bids", []):
        funding.add_bid(district, title=row["title"], call=row["call"], outcome=BidOutcome(row["outcome"]),
                        amount_granted=row.get("amount_granted") and Decimal(row["amount_granted"]),
                        lead=organizations.get(row.get("lead")), notes=row.get("notes"))
    return district
