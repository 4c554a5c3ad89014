"""Forms of the planning office for a plan draft; the rules themselves live in services.py."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.forms import FlaskForm, VersionedForm
from app.lineage_models import Continuity
from app.models import FundingSource
from app.structure_forms import EuroField, MultiCheckboxField, optional_enum, optional_int

from .continuity import REASON_MAX_LENGTH
from .models import DraftVisibility
from .services import OBJECTIVE_MAX_LENGTH


def _years(form):
    if form.start_year.data and form.end_year.data and form.end_year.data < form.start_year.data:
        raise ValidationError(_l("The last year cannot come before the first year."))


class DraftForm(VersionedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    start_year = IntegerField(_l("First year"), validators=[
        DataRequired(message=_l("Enter a year such as 2025.")), NumberRange(1990, 2100)])
    end_year = IntegerField(_l("Last year"), validators=[
        DataRequired(message=_l("Enter a year such as 2027.")), NumberRange(1990, 2100)])

    def validate_end_year(self, field):
        _years(self)


class NewDraftForm(DraftForm):
    previous_plan = SelectField(_l("Plan it follows (its evaluation pre-fills the chapters)"),
                                coerce=optional_int, choices=[])
    axes = TextAreaField(_l("Axes of the new plan, one per line"), render_kw={"rows": 4})

    def set_choices(self, plans):
        self.previous_plan.choices = [("", _l("– none –"))] + [
            (p.id, f"{p.title} ({p.start_year}–{p.end_year})") for p in plans]


class DraftSettingsForm(DraftForm):
    visibility = SelectField(_l("Who can read the draft"), choices=DraftVisibility.choices,
                             coerce=optional_enum(DraftVisibility))


class ChapterForm(VersionedForm):
    title = StringField(_l("Chapter title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text"), render_kw={"rows": 22, "data-md-toolbar": True})


class AxisForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), render_kw={"rows": 4})
    is_governance = BooleanField(_l("This axis is about governance"))


class ObjectiveForm(VersionedForm):
    axis = SelectField(_l("Axis"), coerce=optional_int, choices=[])
    title = TextAreaField(_l("Objective"), validators=[DataRequired(), Length(max=OBJECTIVE_MAX_LENGTH)],
                          render_kw={"rows": 3})
    intervention_type = StringField(_l("Type of intervention"), validators=[Optional(), Length(max=300)])
    resources = TextAreaField(_l("Resources"), render_kw={"rows": 2})
    tools = TextAreaField(_l("Tools"), render_kw={"rows": 2})
    outcome_indicators = TextAreaField(_l("Outcome indicators"), render_kw={"rows": 2})
    target_range = StringField(_l("Target range"), validators=[Optional(), Length(max=300)])
    timing = StringField(_l("Timing"), validators=[Optional(), Length(max=300)])
    responsible = SelectField(_l("Responsible organization"), coerce=optional_int, choices=[])
    partners = MultiCheckboxField(_l("Partner organizations"), coerce=int, choices=[])
    referents = MultiCheckboxField(_l("Referents (they will fill in the evaluation cards)"), coerce=int,
                                   choices=[])
    budget_amount = EuroField(_l("Budget from the plan (€)"))
    funding_source = SelectField(_l("Funding source"), coerce=optional_enum(FundingSource), choices=[])
    programme = SelectField(_l("Funding programme"), coerce=optional_int, choices=[])
    statement_id = HiddenField()

    def set_choices(self, axes, organizations, users, programmes=()):
        self.axis.choices = [(a.id, f"{n}. {a.name}") for n, a in enumerate(axes, start=1)]
        self.responsible.choices = [("", _l("– none –"))] + [(o.id, o.name) for o in organizations]
        self.partners.choices = [(o.id, o.name) for o in organizations]
        self.referents.choices = [(u.id, f"{u.name} ({u.email})") for u in users]
        self.funding_source.choices = [("", _l("– choose –"))] + FundingSource.choices()
        self.programme.choices = [("", _l("– none –"))] + [(p.id, str(p)) for p in programmes]


class LinkForm(FlaskForm):
    """Link one piece of evidence (a statement, a group of keywords, a card) to an objective."""
    item = SelectField(_l("Evidence"), coerce=optional_int, choices=[], validators=[DataRequired()])


class ObjectiveChoiceForm(FlaskForm):
    """Link a statement to an existing objective of a draft."""
    objective = SelectField(_l("Objective"), coerce=optional_int, choices=[], validators=[DataRequired()])


class FromLineForm(FlaskForm):
    """Create an objective from a development line, in the chosen axis."""
    axis = SelectField(_l("Axis"), coerce=optional_int, choices=[], validators=[DataRequired()])


class ApprovalForm(FlaskForm):
    """What the mayors' assembly decided, recorded with the approval."""
    assembly_date = DateField(_l("Date of the mayors' assembly"), validators=[
        DataRequired(message=_l("Enter the date of the assembly that approved the plan."))])
    resolution_number = StringField(_l("Resolution (delibera) number"), validators=[DataRequired(), Length(max=50)])
    signed = FileField(_l("The signed document (PDF), if you have it"), validators=[
        FileAllowed(["pdf"], _l("The signed document must be a PDF."))])


class ContinuityForm(FlaskForm):
    """An objective takes up an action of the previous plan: which, how, and why."""
    action = SelectField(_l("Action of the previous plan"), coerce=optional_int, choices=[],
                         validators=[DataRequired(message=_l("Choose the action from the list."))])
    fate = SelectField(_l("What becomes of it"), coerce=optional_enum(Continuity), choices=Continuity.choices,
                       validators=[DataRequired(message=_l("Choose what becomes of the action."))])
    reason = TextAreaField(_l("Why"), render_kw={"rows": 3}, validators=[
        DataRequired(message=_l("Say why: the next plan's readers will ask.")), Length(max=REASON_MAX_LENGTH)])


class DropForm(FlaskForm):
    """The draft does not take up an action of the previous plan, and says why."""
    action = SelectField(_l("Action of the previous plan"), coerce=optional_int, choices=[],
                         validators=[DataRequired(message=_l("Choose the action from the list."))])
    reason = TextAreaField(_l("Why it is not taken up"), render_kw={"rows": 3}, validators=[
        DataRequired(message=_l("Say why: the next plan's readers will ask.")), Length(max=REASON_MAX_LENGTH)])
