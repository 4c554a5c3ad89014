"""Forms of the planning office for the district's territory and governance; the rules live in territory.py."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from .forms import FlaskForm, VersionedForm
from .structure_forms import MultiCheckboxField, optional_enum, optional_int
from .territory_models import BodyKind, ManagementForm


class ManagementEditForm(VersionedForm):
    form = SelectField(_l("Form of management"), choices=ManagementForm.choices,
                       coerce=optional_enum(ManagementForm), validators=[DataRequired()])
    body = StringField(_l("Managing body"), validators=[DataRequired(), Length(max=200)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)], render_kw={"rows": 4})


class MunicipalityForm(VersionedForm):
    istat_code = StringField(_l("ISTAT code"), validators=[
        DataRequired(), Regexp(r"^\s*\d{1,6}\s*$", message=_l("Six digits, e.g. 019035 for Crema."))])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    population = IntegerField(_l("Population"), validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    population_year = IntegerField(_l("Year of the population figure"),
                                   validators=[Optional(), NumberRange(min=1861, max=2100)])
    is_lead = BooleanField(_l("Lead municipality (comune capofila)"))
    sub_area_id = SelectField(_l("Sub-area"), coerce=optional_int, choices=[], validate_choice=True)


class SubAreaForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    municipalities = MultiCheckboxField(_l("Comuni"), coerce=int, choices=[])


class BodyForm(VersionedForm):
    kind = SelectField(_l("Kind"), choices=BodyKind.choices, coerce=optional_enum(BodyKind),
                       validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What it does"), validators=[Length(max=5000)], render_kw={"rows": 4})


class MemberForm(FlaskForm):
    name = StringField(_l("Who holds the seat"), validators=[DataRequired(), Length(max=200)])
    role = StringField(_l("In which capacity"), validators=[Optional(), Length(max=200)])
    municipality_id = SelectField(_l("For the comune of"), coerce=optional_int, choices=[], validate_choice=True)


class FigureForm(FlaskForm):
    subject = StringField(_l("About (a project or service; empty: the whole district)"),
                          validators=[Optional(), Length(max=200)])
    label = StringField(_l("What it counts"), validators=[DataRequired(), Length(max=200)])
    value = IntegerField(_l("How many"), validators=[DataRequired(), NumberRange(min=0, max=2_000_000_000)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(min=1861, max=2100)])
    source = StringField(_l("Where it was published"), validators=[Optional(), Length(max=300)])


class TerritoryImportForm(FlaskForm):
    file = FileField(_l("File (JSON or XLSX)"), validators=[
        FileRequired(_l("Choose a file.")), FileAllowed(["json", "xlsx"], _l("The file must be .json or .xlsx."))])
