"""Forms of the planning office for funding; the rules live in funding.py."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from .forms import FlaskForm, VersionedForm
from .funding_models import BidOutcome, InKindKind
from .models import FundingSource
from .structure_forms import EuroField, MultiCheckboxField, optional_enum, optional_int


class ProgrammeForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of source"), choices=FundingSource.choices, coerce=optional_enum(FundingSource),
                       validators=[DataRequired()])
    funder = StringField(_l("Who funds it"), validators=[Optional(), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(1990, 2100)])
    amount = EuroField(_l("Amount allocated to the district (€)"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)], render_kw={"rows": 3})
    lines = MultiCheckboxField(_l("Budget lines of the current plan it pays"), coerce=int, choices=[])


class BidForm(VersionedForm):
    title = StringField(_l("Project"), validators=[DataRequired(), Length(max=300)])
    call = StringField(_l("Call (bando)"), validators=[DataRequired(), Length(max=300)])
    outcome = SelectField(_l("Outcome"), choices=BidOutcome.choices, coerce=optional_enum(BidOutcome),
                          validators=[DataRequired()])
    submitted_on = DateField(_l("Submitted on"), validators=[Optional()])
    decided_on = DateField(_l("Decided on"), validators=[Optional()])
    amount_requested = EuroField(_l("Amount requested (€)"), validators=[Optional()])
    amount_granted = EuroField(_l("Amount granted (€)"), validators=[Optional()])
    lead_id = SelectField(_l("Lead organization"), coerce=optional_int, choices=[], validate_choice=True)
    partners = MultiCheckboxField(_l("Partners"), coerce=int, choices=[])
    action_id = SelectField(_l("System action it funds"), coerce=optional_int, choices=[], validate_choice=True)
    programme_id = SelectField(_l("Programme the granted money counts in"), coerce=optional_int, choices=[],
                               validate_choice=True)
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)], render_kw={"rows": 3})


class InKindForm(FlaskForm):
    action_id = SelectField(_l("System action"), coerce=optional_int, choices=[], validate_choice=True,
                            validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=InKindKind.choices, coerce=optional_enum(InKindKind),
                       validators=[DataRequired()])
    hours = IntegerField(_l("Hours"), validators=[DataRequired(), NumberRange(min=1, max=1_000_000)])
    hourly_rate = EuroField(_l("Hourly rate (€)"), validators=[DataRequired()])
    rate_basis = StringField(_l("Where the rate comes from"), validators=[DataRequired(), Length(max=300)])
    organization_id = SelectField(_l("Given by"), coerce=optional_int, choices=[], validate_choice=True)
    description = StringField(_l("What was done"), validators=[Optional(), Length(max=300)])
