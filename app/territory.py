"""What the planning office does to its district's territory and governance (app/territory_models.py).

Services take plain values, only flush, and raise InvalidField with a message the form shows beside the field.
ISTAT codes are checked against the ISTAT list (app/istat.py). Files: app/territory_files.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from . import istat
from .clock import utcnow
from .extensions import db
from .models import District
from .structure import InvalidField, unique_name
from .territory_models import (BodyKind, BodyMember, GovernanceBody, Management, ManagementForm, Municipality,
                               PublishedFigure, SubArea)
from .versioned import check_version

FIRST_CENSUS = 1861


# --- what the pages and the plan document read -------------------------------------------------------------

@dataclass
class Territory:
    management: Management | None
    municipalities: list[Municipality]
    sub_areas: list[SubArea]
    bodies: list[GovernanceBody]
    population: int = 0                       # of the comuni whose population is known
    years: list[int] = field(default_factory=list)   # the reference years of those populations
    missing_population: int = 0               # comuni without one
    figures: list[PublishedFigure] = field(default_factory=list)

    @property
    def lead(self) -> Municipality | None:
        return next((m for m in self.municipalities if m.is_lead), None)

    @property
    def figures_by_subject(self) -> list[tuple[str | None, list[PublishedFigure]]]:
        groups: dict[str | None, list[PublishedFigure]] = {}
        for figure in self.figures:
            groups.setdefault(figure.subject, []).append(figure)
        return list(groups.items())


def territory(district: District) -> Territory:
    municipalities = list(db.session.scalars(db.select(Municipality).filter_by(district_id=district.id)
                                             .order_by(Municipality.name)))
    known = [m for m in municipalities if m.population is not None]
    return Territory(
        management=db.session.scalar(db.select(Management).filter_by(district_id=district.id)),
        municipalities=municipalities,
        sub_areas=list(db.session.scalars(db.select(SubArea).filter_by(district_id=district.id)
                                          .order_by(SubArea.name))),
        bodies=list(db.session.scalars(db.select(GovernanceBody).filter_by(district_id=district.id)
                                       .order_by(GovernanceBody.position, GovernanceBody.id))),
        population=sum(m.population for m in known),
        years=sorted({m.population_year for m in known if m.population_year}),
        missing_population=len(municipalities) - len(known),
        figures=figures(district))


def figures(district: District) -> list[PublishedFigure]:
    """The published figures, grouped by what they are about (the district's own first), in the order given."""
    rows = db.session.scalars(db.select(PublishedFigure).filter_by(district_id=district.id)
                              .order_by(PublishedFigure.position, PublishedFigure.id)).all()
    subjects = list(dict.fromkeys(row.subject for row in rows))
    return sorted(rows, key=lambda row: (row.subject is not None, subjects.index(row.subject)))


# --- management --------------------------------------------------------------------------------------------

def set_management(district: District, *, form: ManagementForm, body: str, notes: str | None = None,
                   version=None) -> Management:
    body = (body or "").strip()
    if not body:
        raise InvalidField("body", _("Name the body that manages the services."))
    management = db.session.scalar(db.select(Management).filter_by(district_id=district.id))
    if management is None:
        management = Management(district=district, form=form, body=body)
        db.session.add(management)
    else:
        check_version(management, version)
    management.form, management.body = form, body[:200]
    management.notes = (notes or "").strip() or None
    db.session.flush()
    return management


# --- comuni ------------------------------------------------------------------------------------------------

def _checked_comune(district: District, code: str, name: str | None, current: Municipality | None) -> istat.Comune:
    comune = istat.by_code(code)
    if comune is None:
        raise InvalidField("istat_code", _(
            "%(code)s is not the ISTAT code of a comune (ISTAT list of %(date)s): six digits, e.g. 019035 for "
            "Crema.", code=(code or "").strip() or "–", date=istat.LIST_DATE))
    if name and istat.name_key(name) != istat.name_key(comune.name):
        raise InvalidField("name", _("ISTAT code %(code)s is %(comune)s (%(province)s), not %(name)s.",
                                     code=comune.istat_code, comune=comune.name, province=comune.province,
                                     name=name.strip()))
    taken = db.session.scalar(db.select(Municipality).filter_by(district_id=district.id,
                                                                istat_code=comune.istat_code))
    if taken is not None and taken is not current:
        raise InvalidField("istat_code", _("%(name)s is already one of the district's comuni.", name=comune.name))
    return comune


def _checked_population(population: int | None, year: int | None) -> tuple[int | None, int | None]:
    if population is None:
        return None, None
    if population < 0:
        raise InvalidField("population", _("The population cannot be negative."))
    if year is None:
        raise InvalidField("population_year", _("Say which year the population refers to."))
    _check_year(year, "population_year")
    return population, year


def _check_year(year: int | None, field_name: str) -> None:
    if year is not None and not FIRST_CENSUS <= year <= utcnow().year:
        raise InvalidField(field_name, _("The year must be between %(first)d and %(last)d.", first=FIRST_CENSUS,
                                         last=utcnow().year))


def _lead_alone(municipality: Municipality) -> None:
    """A district has one comune capofila: choosing one unmarks the others."""
    if municipality.is_lead:
        for other in db.session.scalars(db.select(Municipality).filter_by(district_id=municipality.district_id,
                                                                          is_lead=True)):
            if other is not municipality:
                other.is_lead = False


def add_municipality(district: District, *, istat_code: str, name: str | None = None,
                     population: int | None = None, population_year: int | None = None, is_lead: bool = False,
                     sub_area: SubArea | None = None) -> Municipality:
    comune = _checked_comune(district, istat_code, name, None)
    population, population_year = _checked_population(population, population_year)
    municipality = Municipality(district_id=district.id, istat_code=comune.istat_code, name=comune.name,
                                province=comune.province, population=population, population_year=population_year,
                                is_lead=is_lead, sub_area=sub_area)
    db.session.add(municipality)
    _lead_alone(municipality)
    db.session.flush()
    return municipality


def update_municipality(municipality: Municipality, *, version, istat_code: str, name: str | None = None,
                        population: int | None = None, population_year: int | None = None, is_lead: bool = False,
                        sub_area: SubArea | None = None) -> Municipality:
    check_version(municipality, version)
    district = db.session.get(District, municipality.district_id)
    comune = _checked_comune(district, istat_code, name, municipality)
    population, population_year = _checked_population(population, population_year)
    municipality.istat_code, municipality.name, municipality.province = (comune.istat_code, comune.name,
                                                                         comune.province)
    municipality.population, municipality.population_year = population, population_year
    municipality.is_lead, municipality.sub_area = is_lead, sub_area
    _lead_alone(municipality)
    db.session.flush()
    return municipality


def delete_municipality(municipality: Municipality) -> None:
    db.session.delete(municipality)
    db.session.flush()


# --- sub-areas ---------------------------------------------------------------------------------------------

def _sub_area_name(district_id: int, name: str, current: SubArea | None) -> str:
    return unique_name(SubArea, district_id, name, current,
                       lambda name: _("There is already a sub-area called %(name)s.", name=name))


def add_sub_area(district: District, name: str, municipalities: list[Municipality] = ()) -> SubArea:
    sub_area = SubArea(district_id=district.id, name=_sub_area_name(district.id, name, None))
    db.session.add(sub_area)
    _group(sub_area, municipalities)
    db.session.flush()
    return sub_area


def update_sub_area(sub_area: SubArea, *, version, name: str, municipalities: list[Municipality]) -> SubArea:
    check_version(sub_area, version)
    sub_area.name = _sub_area_name(sub_area.district_id, name, sub_area)
    _group(sub_area, municipalities)
    db.session.flush()
    return sub_area


def _group(sub_area: SubArea, municipalities) -> None:
    """The sub-area holds exactly these comuni (a comune is in one sub-area at most)."""
    chosen = {m.id for m in municipalities}
    for municipality in list(sub_area.municipalities):
        if municipality.id not in chosen:
            municipality.sub_area = None
    for municipality in municipalities:
        if municipality.district_id != sub_area.district_id:
            raise InvalidField("municipalities", _("Only comuni of this district can be grouped."))
        municipality.sub_area = sub_area


def delete_sub_area(sub_area: SubArea) -> None:
    for municipality in list(sub_area.municipalities):
        municipality.sub_area = None
    db.session.delete(sub_area)
    db.session.flush()


# --- governance bodies and their members ---------------------------------------------------------------------

def _body_name(district_id: int, name: str, current: GovernanceBody | None) -> str:
    return unique_name(GovernanceBody, district_id, name, current,
                       lambda name: _("There is already a body called %(name)s.", name=name))


def add_body(district: District, *, kind: BodyKind, name: str, description: str | None = None) -> GovernanceBody:
    last = db.session.scalar(db.select(db.func.max(GovernanceBody.position)).filter_by(district_id=district.id))
    body = GovernanceBody(district_id=district.id, kind=kind, name=_body_name(district.id, name, None),
                          description=(description or "").strip() or None, position=(last or 0) + 1)
    db.session.add(body)
    db.session.flush()
    return body


def update_body(body: GovernanceBody, *, version, kind: BodyKind, name: str,
                description: str | None = None) -> GovernanceBody:
    check_version(body, version)
    body.kind, body.name = kind, _body_name(body.district_id, name, body)
    body.description = (description or "").strip() or None
    db.session.flush()
    return body


def delete_body(body: GovernanceBody) -> None:
    db.session.delete(body)
    db.session.flush()


def add_member(body: GovernanceBody, *, name: str, role: str | None = None,
               municipality: Municipality | None = None) -> BodyMember:
    name = (name or "").strip()
    if not name:
        raise InvalidField("name", _("Write who holds the seat: a name, or a role such as “Sindaco di Crema”."))
    if municipality is not None and municipality.district_id != body.district_id:
        raise InvalidField("municipality_id", _("Only comuni of this district can be chosen."))
    member = BodyMember(body=body, name=name[:200], role=(role or "").strip()[:200] or None,
                        municipality=municipality, position=len(body.members))
    db.session.add(member)
    db.session.flush()
    return member


def delete_member(member: BodyMember) -> None:
    db.session.delete(member)
    db.session.flush()


# --- figures as published --------------------------------------------------------------------------------------

def add_figure(district: District, *, label: str, value: int | None, subject: str | None = None,
               year: int | None = None, source: str | None = None) -> PublishedFigure:
    label = (label or "").strip()
    if not label:
        raise InvalidField("label", _("Say what the figure counts."))
    if value is None or value < 0:
        raise InvalidField("value", _("The figure is a whole number, zero or more."))
    _check_year(year, "year")
    position = db.session.scalar(db.select(db.func.count(PublishedFigure.id)).filter_by(district_id=district.id))
    figure = PublishedFigure(district_id=district.id, label=label, value=value, year=year, position=position,
                             subject=(subject or "").strip() or None, source=(source or "").strip() or None)
    db.session.add(figure)
    db.session.flush()
    return figure


def delete_figure(figure: PublishedFigure) -> None:
    db.session.delete(figure)
    db.session.flush()
