"""Forms of the evaluation cards and campaigns. Every card field is optional while drafting: what is
required is checked at submit by services.missing_items(), so a half-written card can always be saved."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, DateField, FieldList, FormField, HiddenField, IntegerField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.forms import FlaskForm, Form, VersionedForm
from app.models import FundingSource

from .models import THESIS_SCALE, ImplementationState, InvolvedKind, ObjectiveReached

EXTRA_ROWS = 2   # empty rows offered for adding organizations, resources and indicators without JavaScript


def optional_enum(enum_cls):
    def coerce(value):
        if value in (None, "", "None"):
            return None
        return value if isinstance(value, enum_cls) else enum_cls(value)
    return coerce


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def parse_number(text: str) -> Decimal | None:
    """An amount typed the Italian way ("1.234,50", "€ 12.000") or the plain way ("1234.50")."""
    text = (text or "").strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(_l("Write a number, such as 12.000 or 1.234,50."))
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValueError(_l("Write a number, such as 12.000 or 1.234,50."))
    return value.quantize(Decimal("0.01"))


def parse_people(text: str) -> tuple[int | None, int | None]:
    """"35" → (35, 35); "20-50", "20–50", "20 a 50" → (20, 50)."""
    text = (text or "").strip()
    if not text:
        return None, None
    match = re.fullmatch(r"(\d{1,7})\s*(?:[-–—/]|a|to)?\s*(\d{1,7})?", text)
    if not match:
        raise ValueError(_l("Write a number (35) or a range (20–50)."))
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    if high < low:
        raise ValueError(_l("The range must go from the smaller to the larger number."))
    return low, high


class NumberField(StringField):
    """A decimal typed freely; on error, what was typed is shown back."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = None
            self.data = parse_number(valuelist[0])

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        text = f"{self.data:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return text[:-3] if text.endswith(",00") else text


class PeopleField(StringField):
    def process_formdata(self, valuelist):
        if valuelist:
            self.data = None
            self.data = parse_people(valuelist[0])

    def process_data(self, value):
        self.data = value if isinstance(value, tuple) else (None, None)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        low, high = self.data or (None, None)
        if low is None:
            return ""
        return str(low) if high in (None, low) else f"{low}–{high}"


class OrganizationRow(Form):
    name = StringField(_l("Organization"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind"), coerce=optional_enum(InvolvedKind), validate_choice=False,
                       choices=[("", _l("– choose –"))] + InvolvedKind.choices())

    def validate_kind(self, field):
        if (self.name.data or "").strip() and field.data not in list(InvolvedKind):
            raise ValidationError(_l("Choose the kind of this organization."))


class ResourceRow(Form):
    source = SelectField(_l("Funding source"), coerce=optional_enum(FundingSource), validate_choice=False,
                         choices=[("", _l("– choose –"))] + FundingSource.choices())
    # the district's programmes, set by CardForm.offer_programmes; choosing one is enough to say the source
    programme = SelectField(_l("Programme"), coerce=optional_int, choices=[], validate_choice=False)
    description = StringField(_l("Description"), validators=[Optional(), Length(max=300)])
    planned = NumberField(_l("Planned (€)"))
    committed = NumberField(_l("Committed (€)"))
    spent = NumberField(_l("Spent (€)"))
    attracted = NumberField(_l("Attracted from calls (€)"))

    def is_blank(self) -> bool:
        return not (self.description.data or "").strip() and all(
            getattr(self, k).data is None for k in ("planned", "committed", "spent", "attracted"))

    def validate_source(self, field):
        if not self.is_blank() and field.data not in list(FundingSource) and self.programme.data is None:
            raise ValidationError(_l("Choose the funding source."))

    def validate_programme(self, field):
        if field.data is not None and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose one of the district's funding programmes."))


class IndicatorRow(Form):
    name = StringField(_l("Indicator"), validators=[Optional(), Length(max=300)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=60)])
    baseline = NumberField(_l("Baseline"))
    target = NumberField(_l("Target"))
    reached = NumberField(_l("Reached"))

    def validate_name(self, field):
        if not (field.data or "").strip() and any(
                getattr(self, k).data is not None for k in ("baseline", "target", "reached")):
            raise ValidationError(_l("Give the indicator a name."))


class ThesisRow(Form):
    thesis_id = HiddenField()
    rating = SelectField(_l("How far the action embodied it"), coerce=optional_int, validate_choice=False,
                         choices=[("", _l("– not rated –"))] + [(str(k), v) for k, v in THESIS_SCALE.items()])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=5000)])

    def validate_rating(self, field):
        if field.data is not None and field.data not in THESIS_SCALE:
            raise ValidationError(_l("Choose a value from 0 to 3."))


class CardForm(VersionedForm):
    activities = TextAreaField(_l("Activities carried out"), validators=[Optional(), Length(max=50000)])
    implementation_state = SelectField(_l("State of the action"), coerce=optional_enum(ImplementationState),
                                       choices=[("", _l("– choose –"))] + ImplementationState.choices(),
                                       validate_choice=False)
    progress_percent = IntegerField(_l("Progress (%)"), validators=[Optional(), NumberRange(0, 100)])
    actual_start = DateField(_l("Actual start"), validators=[Optional()])
    actual_end = DateField(_l("Actual end"), validators=[Optional()])
    deviations = TextAreaField(_l("Deviations from the plan"), validators=[Optional(), Length(max=20000)])

    organizations = FieldList(FormField(OrganizationRow), label=_l("Organization"))
    people = PeopleField(_l("People involved (a number or a range such as 20–50)"))
    beneficiaries = IntegerField(_l("Beneficiaries reached"), validators=[Optional(), NumberRange(0, 10_000_000)])
    people_notes = TextAreaField(_l("Notes on the people involved"), validators=[Optional(), Length(max=20000)])

    resources = FieldList(FormField(ResourceRow), label=_l("Resource"))
    staff_hours = IntegerField(_l("Staff hours"), validators=[Optional(), NumberRange(0, 10_000_000)])
    resources_notes = TextAreaField(_l("Notes on the resources"), validators=[Optional(), Length(max=20000)])

    theses = FieldList(FormField(ThesisRow), label=_l("Thesis"))

    objective = SelectField(_l("Objective reached?"), coerce=optional_enum(ObjectiveReached),
                            choices=[("", _l("– choose –"))] + ObjectiveReached.choices(), validate_choice=False)
    strengths = TextAreaField(_l("Strengths"), validators=[Optional(), Length(max=20000)])
    problems = TextAreaField(_l("Problems"), validators=[Optional(), Length(max=20000)])
    carry_forward = TextAreaField(_l("What to carry into the next plan"), validators=[Optional(), Length(max=20000)])
    indicators = FieldList(FormField(IndicatorRow), label=_l("Indicator"))

    nobody_can_report = BooleanField(_l("Nobody is able to report on this action"))
    nobody_reason = TextAreaField(_l("Why nobody can report on it"), validators=[Optional(), Length(max=20000)])

    def validate_actual_end(self, field):
        if field.data and self.actual_start.data and field.data < self.actual_start.data:
            raise ValidationError(_l("The end cannot come before the start."))

    def validate_implementation_state(self, field):
        if field.data is not None and field.data not in list(ImplementationState):
            raise ValidationError(_l("Not a valid choice."))

    def validate_objective(self, field):
        if field.data is not None and field.data not in list(ObjectiveReached):
            raise ValidationError(_l("Not a valid choice."))

    programme_kinds: dict = {}      # programme id -> its kind of source, once offer_programmes() is called

    def offer_programmes(self, programmes) -> None:
        """The district's funding programmes, offered on every resource row (call it after adding rows and
        before validating: a programme not offered is refused)."""
        self.programme_kinds = {p.id: p.kind for p in programmes}
        for row in self.resources:
            row.form.programme.choices = [("", _l("– none –"))] + [(p.id, str(p)) for p in programmes]


class ReviewForm(FlaskForm):
    # No decision chosen in advance: approving or returning a card is the office's deliberate act.
    decision = SelectField(_l("Decision"), choices=[("", _l("– choose –")), ("return", _l("Return with comments")),
                                                   ("approve", _l("Approve"))],
                           validators=[DataRequired(_l("Choose whether to approve the card or return it."))])
    comment = TextAreaField(_l("Comments for the referents"), validators=[Optional(), Length(max=20000)])


class CampaignForm(FlaskForm):
    plan_id = SelectField(_l("Plan"), coerce=optional_int, validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    deadline = DateField(_l("Deadline"), validators=[DataRequired()])
    intro = TextAreaField(_l("Introduction for the referents (Markdown)"),
                          validators=[Optional(), Length(max=20000)])
    send_invitations = BooleanField(_l("Send the invitations to the referents now"), default=True)


SCALARS = ("activities", "implementation_state", "progress_percent", "actual_start", "actual_end", "deviations",
           "beneficiaries", "people_notes", "staff_hours", "resources_notes", "objective", "strengths", "problems",
           "carry_forward", "nobody_can_report", "nobody_reason")


def _text(value):
    value = (value or "").strip() if isinstance(value, str) else value
    return value if value not in ("",) else None


def card_form_data(card) -> dict:
    """The card as the form's initial data, with one thesis row per thesis of the plan and spare empty rows."""
    ratings = {r.thesis_id: r for r in card.thesis_ratings}
    data = {name: getattr(card, name) for name in SCALARS}
    data["version"] = card.version
    data["people"] = (card.people_min, card.people_max)
    data["organizations"] = [{"name": o.name, "kind": o.kind} for o in card.organizations]
    data["resources"] = [{"programme": r.programme_id, **{k: getattr(r, k) for k in (
        "source", "description", "planned", "committed", "spent", "attracted")}} for r in card.resources]
    data["indicators"] = [{k: getattr(i, k) for k in ("name", "unit", "baseline", "target", "reached")}
                          for i in card.indicators]
    data["theses"] = [{"thesis_id": t.id, "rating": ratings[t.id].rating if t.id in ratings else None,
                       "comment": ratings[t.id].comment if t.id in ratings else None}
                      for t in card.campaign.plan.theses]
    return data


def add_spare_rows(form: CardForm) -> None:
    for name in ("organizations", "resources", "indicators"):
        for _i in range(EXTRA_ROWS):
            form[name].append_entry()


def card_changes(form: CardForm) -> dict:
    """What the form says about the card, leaving out fields (and lists) that did not validate, so a typo in
    one number never stops the rest of the text from being saved."""
    errors = form.errors
    changes = {}
    for name in SCALARS:
        if name not in errors:
            changes[name] = _text(form[name].data)
    changes["nobody_can_report"] = bool(form.nobody_can_report.data)
    if "people" not in errors:
        changes["people_min"], changes["people_max"] = form.people.data or (None, None)
    if "organizations" not in errors:
        changes["organizations"] = [
            {"name": row.form.name.data.strip(), "kind": row.form.kind.data}
            for row in form.organizations if (row.form.name.data or "").strip()]
    if "resources" not in errors:
        kinds = form.programme_kinds
        changes["resources"] = [
            {"source": row.form.source.data or kinds.get(row.form.programme.data),
             "programme_id": row.form.programme.data, "description": _text(row.form.description.data),
             **{k: row.form[k].data for k in ("planned", "committed", "spent", "attracted")}}
            for row in form.resources if not row.form.is_blank()]
    if "indicators" not in errors:
        changes["indicators"] = [
            {"name": row.form.name.data.strip(), "unit": _text(row.form.unit.data),
             **{k: row.form[k].data for k in ("baseline", "target", "reached")}}
            for row in form.indicators if (row.form.name.data or "").strip()]
    if "theses" not in errors:
        ratings = {}
        for row in form.theses:
            try:
                thesis_id = int(row.form.thesis_id.data)
            except (TypeError, ValueError):
                continue
            ratings[thesis_id] = (row.form.rating.data, _text(row.form.comment.data))
        changes["thesis_ratings"] = ratings
    return changes


def flat_values(form) -> dict[str, str]:
    """Every field of the form as the text shown in it (for comparing two versions of a card)."""
    values = {}
    for field in form:
        if field.type in ("CSRFTokenField", "HiddenField") or field.name == "version":
            continue
        if field.type == "FieldList":
            for entry in field:
                values.update(flat_values(entry.form))
        elif field.type == "BooleanField":
            values[field.name] = "✓" if field.data else ""
        elif field.type == "SelectField":
            values[field.name] = next((str(label) for value, label, *_r in field.iter_choices()
                                       if str(value) == str(field.data if field.data is not None else "")
                                       and value != ""), "")
        else:
            values[field.name] = field._value() if hasattr(field, "_value") else str(field.data or "")
    return values


def flat_labels(form, prefix: str = "") -> dict[str, str]:
    labels = {}
    for field in form:
        if field.type == "FieldList":
            for index, entry in enumerate(field):
                for name, label in flat_labels(entry.form).items():
                    labels[name] = f"{field.label.text} {index + 1}: {label}"
        elif field.type not in ("CSRFTokenField", "HiddenField"):
            labels[field.name] = str(field.label.text)
    return labels
