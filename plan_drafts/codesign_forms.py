"""Forms of the co-design table's page (codesign_views.py); the rules live in codesign.py."""
from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import FlaskForm, VersionedForm
from app.models import FundingSource
from app.structure_forms import EuroField, optional_enum, optional_int

from .codesign import DESCRIPTION_MAX_LENGTH
from .codesign_models import CommitmentKind, JoinedBy

_HOURS = re.compile(r"\d{1,9}(?:[.,]\d)?")


class HoursField(StringField):
    """Hours typed as "120" or "7,5" (one decimal at most); what was typed is shown back on error."""

    def process_formdata(self, valuelist):
        if valuelist:
            text = (valuelist[0] or "").strip()
            self.data = None
            if text:
                if not _HOURS.fullmatch(text):
                    raise ValueError(_("Enter the hours as a number, such as 120 or 7,5."))
                self.data = Decimal(text.replace(",", "."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data).replace(".", ",")


class PartnerForm(FlaskForm):
    """A body comes to the table: invited by the office, or on its own request."""
    organization_id = SelectField(_l("Body"), coerce=optional_int, choices=[],
                                  validators=[DataRequired(message=_l("Choose the body from the list."))])
    joined_by = RadioField(_l("How it comes to the table"), choices=JoinedBy.choices, coerce=optional_enum(JoinedBy),
                           default=JoinedBy.INVITED.value,
                           validators=[InputRequired(message=_l("Choose how the body comes to the table."))])
    referent_id = SelectField(_l("Who answers for its part (becomes a referent of the action)"),
                              coerce=optional_int, choices=[])


class CommitmentForm(FlaskForm):
    """What an accepted partner commits."""
    partner_id = SelectField(_l("Partner"), coerce=optional_int, choices=[],
                             validators=[DataRequired(message=_l("Choose the partner from the list."))])
    kind = SelectField(_l("What it commits"), coerce=optional_enum(CommitmentKind), choices=[],
                       validators=[DataRequired(message=_l("Choose what the partner commits."))])
    amount = EuroField(_l("Amount (€)"), validators=[Optional()])
    amount_not_stated = BooleanField(_l("Amount not stated"))
    hours = HoursField(_l("Hours"), validators=[Optional()])
    hourly_rate = EuroField(_l("Hourly rate (€), if the partner states one"), validators=[Optional()])
    rate_basis = StringField(_l("Where the rate comes from"), validators=[Optional(), Length(max=300)])
    source = SelectField(_l("Funding source"), coerce=optional_enum(FundingSource), choices=[],
                         validators=[DataRequired(message=_l("Choose the funding source the commitment counts "
                                                             "against."))])
    programme_id = SelectField(_l("Funding programme"), coerce=optional_int, choices=[])
    until = DateField(_l("Until"), validators=[Optional()])
    description = TextAreaField(_l("What the partner does or gives"), render_kw={"rows": 3}, validators=[
        DataRequired(message=_l("Say what the partner does or gives.")), Length(max=DESCRIPTION_MAX_LENGTH)])

    def set_choices(self, partners, programmes):
        self.partner_id.choices = [("", _l("– choose –"))] + [(p.id, p.organization.name) for p in partners]
        self.kind.choices = [("", _l("– choose –"))] + CommitmentKind.choices()
        self.source.choices = [("", _l("– choose –"))] + FundingSource.choices()
        self.programme_id.choices = [("", _l("– none –"))] + [(p.id, str(p)) for p in programmes]


class IndicatorsForm(VersionedForm):
    """The targets the table agrees on; the action's evaluation cards report on them."""
    families = IntegerField(_l("Families reached"), validators=[Optional(), NumberRange(min=0)])
    operators = IntegerField(_l("Operators involved"), validators=[Optional(), NumberRange(min=0)])
    volunteers = IntegerField(_l("Volunteers involved"), validators=[Optional(), NumberRange(min=0)])
