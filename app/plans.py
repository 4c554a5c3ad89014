"""The plan structure as data: validate and import a plan (JSON shape of the sample file); app/plan_dump.py
dumps it back.

The same dictionary shape is read from JSON files and from the XLSX template, written by the exports and
served by the API, so a plan survives a round trip through any of them.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from importlib import resources

from flask_babel import gettext as _

from .errors import DomainError
from .extensions import db
from .funding_models import FundingProgramme
from .inputs import LONG_TEXT_MAX_LENGTH
from .models import (ActionOrganization, BudgetLine, District, FundingSource, InvolvementRole, Organization,
                     OrganizationType, Plan, PlanningArea, PlanStatus, Role, SystemAction, Thesis)
from . import people, roles

SAMPLE = "crema-2012-2014.json"
THESIS_MAX_LENGTH = 2000   # as the thesis form's


@dataclass(frozen=True)
class Problem:
    where: str       # "plan.areas[1].actions[0]" or, from a spreadsheet, "Azioni, riga 4"
    field: str       # the JSON key or, from a spreadsheet, the column's header
    message: str

    def __str__(self):
        return f"{self.where} – {self.field}: {self.message}" if self.field else f"{self.where}: {self.message}"


class PlanImportError(DomainError):
    def __init__(self, problems: list[Problem]):
        super().__init__(_("The plan was not imported: %(count)d problems found.", count=len(problems)))
        self.problems = problems


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "ambito"


def _enum(enum_cls, value, default):
    if value in (None, ""):
        return default
    text = str(value).strip().lower()
    for member in enum_cls:
        if text in (member.value, str(member.label).lower()):
            return member
    aliases = {"ats/asst": OrganizationType.ATS_ASST, "ats": OrganizationType.ATS_ASST,
               "asst": OrganizationType.ATS_ASST, "asl": OrganizationType.ATS_ASST,
               "foundation call": FundingSource.FOUNDATION_CALLS, "regional": FundingSource.NATIONAL_REGIONAL,
               "national": FundingSource.NATIONAL_REGIONAL}
    if text in aliases and isinstance(aliases[text], enum_cls):
        return aliases[text]
    raise ValueError(_("'%(value)s' is not one of: %(choices)s", value=value,
                       choices=", ".join(m.value for m in enum_cls)))


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    italian = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)   # 05/03/2015, as offices type it
    if italian:
        text = f"{italian[3]}-{int(italian[2]):02d}-{int(italian[1]):02d}"
    if re.match(r"\d{4}-\d{2}-\d{2}T", text):
        text = text[:10]
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("'%(value)s' is not a date (use YYYY-MM-DD).", value=value))


MAX_AMOUNT = Decimal("9999999999.99")   # BudgetLine.planned_amount is Numeric(12, 2)


def _amount(value) -> Decimal:
    text = str(value).replace("€", "").replace(" ", "").strip()
    if "," in text:                      # Italian "6.000,50"
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ValueError(_("'%(value)s' is not an amount in euro.", value=value))
    if amount < 0:
        raise ValueError(_("The amount cannot be negative."))
    if amount > MAX_AMOUNT:
        raise ValueError(_("The amount is too large."))
    return amount.quantize(Decimal("0.01"))


class _Checker:
    """Collects every problem instead of stopping at the first one.

    Rows read from a spreadsheet carry `_source` ({key: [where, column header]}), so a problem found in
    them is reported at the sheet, row and column the user can find, not at a JSON path.
    """

    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, obj, where, key, message):
        source = obj.get("_source") if isinstance(obj, dict) else None
        if isinstance(source, dict) and key in source and source[key] is None:
            return      # the spreadsheet reader has reported this cell already
        if isinstance(source, dict) and (key in source or "*" in source):
            where, key = source[key] if key in source else (source["*"][0], key)
        self.problems.append(Problem(where, key, str(message)))

    def text(self, obj, key, where, *, required=False, max_length=None):
        value = obj.get(key) if isinstance(obj, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(obj, where, key, _("is required"))
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(obj, where, key, _("must be text"))
            return None
        value = str(value)
        limit = max_length or LONG_TEXT_MAX_LENGTH
        if len(value) > limit:   # as written: spaces around the text count, as in the forms
            self.add(obj, where, key, _("is longer than %(max)d characters", max=limit))
        return value.strip()

    def convert(self, fn, obj, key, where, default=None):
        try:
            return fn(obj.get(key)) if obj.get(key) not in (None, "") else default
        except ValueError as error:
            self.add(obj, where, key, error)
            return default

    def items(self, obj, key, where):
        value = obj.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(obj, where, key, _("must be a list"))
            return []
        return value


def validate(data, *, district_required: bool = True) -> list[Problem]:
    """Every problem in `data`, each with where it is; an empty list means it can be imported."""
    return _parse(data, district_required)[1]


def _parse(data, district_required: bool = True):
    check = _Checker()
    if not isinstance(data, dict):
        check.add(None, "file", "", _("the file must contain a JSON object"))
        return None, check.problems
    district = data.get("district") if isinstance(data.get("district"), dict) else {}
    plan = data.get("plan") if isinstance(data.get("plan"), dict) else None
    if plan is None:
        check.add(None, "file", "plan", _("is required"))
        return None, check.problems
    parsed = {
        "district": {"name": check.text(district, "name", "district", required=district_required, max_length=200),
                     "province": check.text(district, "province", "district", max_length=100)},
        "title": check.text(plan, "title", "plan", required=True, max_length=200),
        "description": check.text(plan, "description", "plan"),
        "status": check.convert(lambda v: _enum(PlanStatus, v, PlanStatus.DRAFT), plan, "status", "plan",
                                PlanStatus.ACTIVE),
        "theses": [], "areas": [],
    }
    for key in ("start_year", "end_year"):
        value = plan.get(key)
        try:
            year = int(value)
            if not 1990 <= year <= 2100 or str(value).strip() != str(year):
                raise ValueError
            parsed[key] = year
        except (TypeError, ValueError):
            check.add(plan, "plan", key,
                      _("must be a year such as 2024") if value not in (None, "") else _("is required"))
    if parsed.get("start_year") and parsed.get("end_year") and parsed["end_year"] < parsed["start_year"]:
        check.add(plan, "plan", "end_year", _("comes before the start year"))
    for i, thesis in enumerate(check.items(plan, "theses", "plan")):
        parsed["theses"].append(check.text({"text": thesis}, "text", f"plan.theses[{i}]", required=True,
                                           max_length=THESIS_MAX_LENGTH))
    codes: dict[str, dict] = {}
    area_names = set()
    for a, area in enumerate(check.items(plan, "areas", "plan")):
        where = f"plan.areas[{a}]"
        if not isinstance(area, dict):
            check.add(None, where, "", _("must be an object"))
            continue
        parsed_area = {"name": check.text(area, "name", where, required=True, max_length=200),
                       "description": check.text(area, "description", where), "actions": []}
        if parsed_area["name"] and parsed_area["name"].lower() in area_names:
            check.add(area, where, "name", _("'%(name)s' is the name of another area", name=parsed_area["name"]))
        area_names.add((parsed_area["name"] or "").lower())
        for n, action in enumerate(check.items(area, "actions", where)):
            parsed_area["actions"].append(_parse_action(check, action, f"{where}.actions[{n}]",
                                                        len(parsed["theses"]), codes))
        parsed["areas"].append(parsed_area)
    for n, action in enumerate(check.items(plan, "_unplaced_actions", "plan")):   # a spreadsheet's, reported
        _parse_action(check, action, f"plan._unplaced_actions[{n}]", len(parsed["theses"]), codes)
    if not parsed["areas"] and "areas" not in plan:
        check.add(plan, "plan", "areas", _("is required"))
    _default_codes(check, parsed["areas"], codes)
    return parsed, check.problems


def _default_codes(check, areas, codes):
    """Actions without a code get "area.position"; one that another action already uses is a problem."""
    for a, area in enumerate(areas, start=1):
        for n, action in enumerate(area["actions"], start=1):
            if action and not action["code"]:
                action["code"] = f"{a}.{n}"
                if action["code"].lower() in codes:
                    check.add(action["raw"], action["where"], "code",
                              _("is required: the automatic code %(code)s is used by another action",
                                code=action["code"]))


def _parse_action(check, action, where, thesis_count, codes):
    if not isinstance(action, dict):
        check.add(None, where, "", _("must be an object"))
        return {}
    code = check.text(action, "code", where, max_length=20)
    if code:
        if code.lower() in codes:
            check.add(action, where, "code", _("'%(code)s' is used by another action", code=code))
        codes[code.lower()] = action
    parsed = {
        "raw": action, "where": where, "code": code,
        "title": check.text(action, "title", where, required=True, max_length=300),
        "description": check.text(action, "description", where),
        "expected_results": check.text(action, "expected_results", where),
        "projects": [p for n, project in enumerate(check.items(action, "projects", where))
                     if (p := check.text({"project": project}, "project", f"{where}.projects[{n}]"))],
        "planned_start": check.convert(_date, action, "planned_start", where),
        "planned_end": check.convert(_date, action, "planned_end", where),
        "theses": [], "referents": [], "organizations": [], "budget": [],
    }
    if parsed["planned_start"] and parsed["planned_end"] and parsed["planned_end"] < parsed["planned_start"]:
        check.add(action, where, "planned_end", _("comes before the planned start"))
    for t in check.items(action, "theses", where):
        if isinstance(t, int) and not isinstance(t, bool) and 1 <= t <= thesis_count:
            parsed["theses"].append(t)
        else:
            check.add(action, where, "theses", _("%(value)s is not the number of a thesis (1 to %(count)d)",
                                                 value=t, count=thesis_count))
    for r, ref in enumerate(check.items(action, "referents", where)):
        sub = f"{where}.referents[{r}]"
        ref = ref if isinstance(ref, dict) else {"email": ref}
        email = check.text(ref, "email", sub, required=True, max_length=254)
        if email:
            try:
                email = people.normalise_email(email)
            except DomainError as error:
                check.add(ref, sub, "email", error.message)
        parsed["referents"].append({"email": email, "name": check.text(ref, "name", sub, max_length=200)})
    names = set()
    for o, org in enumerate(check.items(action, "organizations", where)):
        sub = f"{where}.organizations[{o}]"
        org = org if isinstance(org, dict) else {"name": org}
        name = check.text(org, "name", sub, required=True, max_length=200)
        if name and name.lower() in names:
            check.add(org, sub, "name", _("'%(name)s' is already involved in this action", name=name))
        names.add((name or "").lower())
        parsed["organizations"].append({
            "name": name,
            "type": check.convert(lambda v: _enum(OrganizationType, v, OrganizationType.ALTRO), org, "type", sub,
                                  OrganizationType.ALTRO),
            "role": check.convert(lambda v: _enum(InvolvementRole, v, InvolvementRole.PARTNER), org, "role", sub,
                                  InvolvementRole.PARTNER)})
    for b, line in enumerate(check.items(action, "budget", where)):
        sub = f"{where}.budget[{b}]"
        if not isinstance(line, dict):
            check.add(None, sub, "", _("must be an object"))
            continue
        source = check.convert(lambda v: _enum(FundingSource, v, None), line, "source", sub)
        if line.get("source") in (None, ""):
            check.add(line, sub, "source", _("is required"))
        amount = check.convert(_amount, line, "amount", sub)
        if line.get("amount") in (None, ""):
            check.add(line, sub, "amount", _("is required"))
        parsed["budget"].append({"source": source, "amount": amount,
                                 "description": check.text(line, "description", sub, max_length=300),
                                 "programme": (check.text(line, "programme", sub, max_length=200) or "").strip()
                                 or None})
    return parsed


def _programme(district: District, name: str | None, kind: FundingSource):
    """The district's funding programme of that name, made (with the line's kind of source) when new."""
    if not name:
        return None
    programme = db.session.scalar(db.select(FundingProgramme).filter_by(district_id=district.id, name=name))
    if programme is None:
        programme = FundingProgramme(district_id=district.id, name=name, kind=kind)
        db.session.add(programme)
    return programme


def import_plan(data, *, district: District | None = None, file_problems: list[Problem] = ()) -> Plan:
    """Create the plan described by `data` in `district` (by default the file's district, created when new),
    with its organizations and referents.

    Raises PlanImportError with every problem (`file_problems`, found while reading the file, first) and
    writes nothing when anything is wrong: all checks, including the database's, run before the first write.
    """
    parsed, problems = _parse(data, district_required=district is None)
    if parsed and parsed["title"]:
        existing = district or db.session.scalar(db.select(District).filter_by(name=parsed["district"]["name"]))
        if existing and db.session.scalar(db.select(Plan).filter_by(district_id=existing.id, title=parsed["title"])):
            checker = _Checker()
            checker.add(data["plan"], "plan", "title",
                        _("a plan with this title already exists in %(district)s", district=existing.name))
            problems = checker.problems + problems
    problems = list(file_problems) + problems
    if problems:
        raise PlanImportError(problems)
    district = district or find_or_create_district(parsed["district"]["name"], parsed["district"]["province"])
    plan = Plan(district=district, title=parsed["title"], start_year=parsed["start_year"],
                end_year=parsed["end_year"], status=parsed["status"], description=parsed["description"])
    db.session.add(plan)    # before the organization look-ups below flush the session
    plan.theses = [Thesis(position=i, text=text) for i, text in enumerate(parsed["theses"])]
    for a, parsed_area in enumerate(parsed["areas"], start=1):
        area = PlanningArea(position=a, name=parsed_area["name"], description=parsed_area["description"])
        plan.areas.append(area)
        for n, pa in enumerate(parsed_area["actions"], start=1):
            action = SystemAction(
                position=n, code=pa["code"], title=pa["title"], description=pa["description"],
                expected_results=pa["expected_results"], projects=pa["projects"],
                planned_start=pa["planned_start"], planned_end=pa["planned_end"],
                theses=[plan.theses[t - 1] for t in pa["theses"]])
            area.actions.append(action)
            for org in pa["organizations"]:
                action.involvements.append(ActionOrganization(
                    organization=find_or_create_organization(district, org["name"], org["type"]), role=org["role"]))
            action.budget_lines = [BudgetLine(source=b["source"], planned_amount=b["amount"],
                                              description=b["description"],
                                              programme=_programme(district, b["programme"], b["source"]))
                                   for b in pa["budget"]]
    db.session.flush()
    for parsed_area, area in zip(parsed["areas"], plan.areas):
        for pa, action in zip(parsed_area["actions"], area.actions):
            for ref in pa["referents"]:
                # A new account is the district's own; an existing one is invited (people.assign_referent).
                user = people.find_user(ref["email"])
                if user is None:
                    user = people.create_user(ref["email"], ref["name"] or ref["email"].split("@")[0])
                    people.grant(user, district, Role.REFERENT)
                people.assign_referent(action, user)
    db.session.flush()
    return plan


def find_or_create_district(name: str, province: str | None = None) -> District:
    district = db.session.scalar(db.select(District).filter_by(name=name))
    if district is None:
        slug, n = slugify(name), 2
        base = slug
        while db.session.scalar(db.select(District).filter_by(slug=slug)):
            slug, n = f"{base}-{n}", n + 1
        district = District(name=name, slug=slug, province=province)
        db.session.add(district)
        db.session.flush()
        roles.add_defaults(district)
    return district


def find_or_create_organization(district: District, name: str, type_=OrganizationType.ALTRO) -> Organization:
    org = db.session.scalar(db.select(Organization).filter_by(district_id=district.id, name=name))
    if org is None:
        org = Organization(district=district, name=name, type=type_)
        db.session.add(org)
        db.session.flush()
    return org


def sample_data() -> dict:
    """The Crema 2012-2014 plan shipped inside the package, so the demo works from a wheel."""
    return json.loads(resources.files("app").joinpath("sample", SAMPLE).read_text(encoding="utf-8"))
