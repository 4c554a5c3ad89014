"""Forms of the planning office for the plan structure; the rules themselves live in structure*.py."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, FieldList, FormField, HiddenField, IntegerField, SelectField,
                     SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .forms import FlaskForm, Form, VersionedForm
from .models import FundingSource, InvolvementRole, OrganizationType, PlanStatus
from .structure import InvalidField, parse_euro
from .structure_actions import clean_website


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def optional_enum(enum_cls):
    def coerce(value):
        return enum_cls(value) if value not in (None, "", "None") else None
    return coerce


class EuroField(StringField):
    """An amount in euro, typed either as "1.234,50" or "1234.50"; what was typed is shown back on error."""

    def process_formdata(self, valuelist):
        if valuelist:
            try:
                self.data = parse_euro(valuelist[0])
            except ValueError as error:
                self.data = None
                raise ValueError(str(error))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        # An unchecked list is a valid answer (none chosen); unknown values are not.
        if self.data:
            values = {value for value, *_rest in self.iter_choices()}
            if any(self.coerce(v) not in {self.coerce(x) for x in values} for v in self.data):
                raise ValidationError(self.gettext("Not a valid choice."))


class MoveForm(FlaskForm):
    direction = StringField(validators=[AnyOf(["up", "down"])])


class PlanForm(VersionedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    start_year = IntegerField(_l("First year"), validators=[
        DataRequired(message=_l("Enter a year such as 2025.")), NumberRange(1990, 2100)])
    end_year = IntegerField(_l("Last year"), validators=[
        DataRequired(message=_l("Enter a year such as 2027.")), NumberRange(1990, 2100)])
    status = SelectField(_l("Status"), choices=PlanStatus.choices, coerce=optional_enum(PlanStatus),
                         default=PlanStatus.DRAFT.value)
    description = TextAreaField(_l("Description"), render_kw={"rows": 6})
    previous_plan = SelectField(_l("Previous plan"), coerce=optional_int, choices=[])

    def set_choices(self, plans):
        self.previous_plan.choices = [("", _l("– none –"))] + [
            (p.id, f"{p.title} ({p.start_year}–{p.end_year})") for p in plans]

    def validate_end_year(self, field):
        if self.start_year.data and field.data and field.data < self.start_year.data:
            raise ValidationError(_l("The last year cannot come before the first year."))


class ThesisForm(VersionedForm):
    text = TextAreaField(_l("Thesis"), validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 3})


class AreaForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), render_kw={"rows": 5})


class InvolvementRowForm(Form):
    organization = SelectField(_l("Organization"), coerce=optional_int, choices=[], validate_choice=True)
    new_name = StringField(_l("or new organization: name"), validators=[Optional(), Length(max=200)])
    new_type = SelectField(_l("Type of the new organization"), choices=OrganizationType.choices,
                           coerce=optional_enum(OrganizationType), default=OrganizationType.ALTRO.value)
    role = SelectField(_l("Role"), choices=InvolvementRole.choices, coerce=optional_enum(InvolvementRole),
                       default=InvolvementRole.PARTNER.value)
    remove = BooleanField(_l("Remove"))

    @property
    def is_blank(self) -> bool:
        return not self.organization.data and not (self.new_name.data or "").strip()

    def validate(self, extra_validators=None):
        if self.remove.data or self.is_blank:
            return True
        ok = super().validate(extra_validators)
        if self.organization.data and (self.new_name.data or "").strip():
            self.new_name.errors.append(_l("Choose an existing organization or type a new name, not both."))
            ok = False
        return ok


class BudgetRowForm(Form):
    line_id = HiddenField()
    source = SelectField(_l("Funding source"), coerce=optional_enum(FundingSource), choices=[])
    description = StringField(_l("Description"), validators=[Optional(), Length(max=300)])
    amount = EuroField(_l("Planned amount (€)"))
    remove = BooleanField(_l("Remove"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source.choices = [("", _l("– choose –"))] + FundingSource.choices()

    @property
    def is_blank(self) -> bool:
        return (not self.source.data and not (self.description.data or "").strip()
                and not (self.amount.raw_data and self.amount.raw_data[0].strip()) and self.amount.data is None)

    def validate(self, extra_validators=None):
        if self.remove.data or (self.is_blank and not self.amount.process_errors):
            return True
        ok = super().validate(extra_validators)
        if not self.source.data:
            self.source.errors.append(_l("Choose the funding source."))
            ok = False
        if self.amount.data is None and not self.amount.errors:
            self.amount.errors.append(_l("Enter the planned amount (0 if none)."))
            ok = False
        return ok


class ActionForm(VersionedForm):
    area = SelectField(_l("Priority area"), coerce=optional_int, choices=[])
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), render_kw={"rows": 6})
    expected_results = TextAreaField(_l("Expected results"), render_kw={"rows": 4})
    projects = TextAreaField(_l("Projects"), render_kw={"rows": 3})
    planned_start = DateField(_l("Planned start"), validators=[Optional()])
    planned_end = DateField(_l("Planned end"), validators=[Optional()])
    theses = MultiCheckboxField(_l("Theses the action pursues"), coerce=int, choices=[])
    referents = MultiCheckboxField(_l("Referents"), coerce=int, choices=[])
    referent_email = StringField(_l("Assign a referent by e-mail"), validators=[Optional(), Length(max=254)])
    involvements = FieldList(FormField(InvolvementRowForm), min_entries=0)
    budget = FieldList(FormField(BudgetRowForm), min_entries=0)
    add_involvement = SubmitField(_l("Add an organization row"))
    add_budget = SubmitField(_l("Add a budget line"))

    def set_choices(self, plan, users, organizations):
        self.area.choices = [(a.id, a.name) for a in plan.areas]
        self.theses.choices = [(t.id, f"{n}. {t.text}") for n, t in enumerate(plan.theses, start=1)]
        self.referents.choices = [(u.id, f"{u.name} ({u.email})") for u in users]
        self._organizations = [("", _l("– choose –"))] + [(o.id, o.name) for o in organizations]
        for row in self.involvements:
            row.form.organization.choices = self._organizations

    def add_row(self, name):
        entry = getattr(self, name).append_entry()
        if name == "involvements":
            entry.form.organization.choices = self._organizations
        return entry

    def validate_planned_end(self, field):
        if self.planned_start.data and field.data and field.data < self.planned_start.data:
            raise ValidationError(_l("The planned end cannot come before the planned start."))

    @property
    def adding_row(self) -> str | None:
        """The row the user asked to add (a submit button, so it works without JavaScript)."""
        if self.add_involvement.data:
            return "involvements"
        if self.add_budget.data:
            return "budget"
        return None


class OrganizationForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    type = SelectField(_l("Type"), choices=OrganizationType.choices, coerce=optional_enum(OrganizationType),
                       default=OrganizationType.ALTRO.value)
    municipality = StringField(_l("Municipality"), validators=[Optional(), Length(max=120)])
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300)],
                          render_kw={"inputmode": "url", "placeholder": "https://"})
    description = TextAreaField(_l("Description"), render_kw={"rows": 4})

    def validate_website(self, field):
        try:
            clean_website(field.data)
        except InvalidField as error:
            raise ValidationError(error.message)


class DistrictForm(FlaskForm):
    name = StringField(_l("Name of the district"), validators=[DataRequired(), Length(max=200)])
    province = StringField(_l("Province"), validators=[Optional(), Length(max=100)])
