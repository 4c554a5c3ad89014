"""Forms of the planning office's meeting pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField,
                     TextAreaField, TimeField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.forms import FlaskForm, VersionedForm

from .models import MeetingKind


class MeetingForm(VersionedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of meeting"), choices=MeetingKind.choices(), validators=[DataRequired()])
    plan_id = SelectField(_l("Plan"), coerce=int, validators=[Optional()])
    date = DateField(_l("Date"), validators=[DataRequired()])
    start_time = TimeField(_l("Starts at"), validators=[Optional()])
    end_time = TimeField(_l("Ends at"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=200)])
    address = TextAreaField(_l("Address and how to get there"), validators=[Length(max=2000)],
                            render_kw={"rows": 3})
    description = TextAreaField(_l("Description (Markdown)"), validators=[Length(max=20000)],
                                render_kw={"rows": 6})
    is_public = BooleanField(_l("Public: shown in the public calendar (otherwise invite-only)"), default=True)
    registration_open = BooleanField(_l("Registrations open"), default=True)
    registration_closes_at = DateTimeLocalField(_l("Registrations close at"), format="%Y-%m-%dT%H:%M",
                                                validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        times = (self.start_time, self.end_time)
        if not any(t.errors for t in times) and (times[0].data is None) != (times[1].data is None):
            empty = times[0] if times[0].data is None else times[1]
            empty.errors = [_l("Give both times, or leave both empty while the hours are not decided.")]
            return False
        return valid

    @property
    def time_known(self) -> bool:
        return self.start_time.data is not None


class AgendaItemForm(VersionedForm):
    starts_at = TimeField(_l("Time"), validators=[Optional()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    speaker = StringField(_l("Speaker"), validators=[Optional(), Length(max=200)])
    area_id = SelectField(_l("Planning area"), coerce=int, validators=[Optional()])


class AttachmentForm(FlaskForm):
    file = FileField(_l("File (PDF, DOCX or ODT)"), validators=[FileRequired(_l("Choose a file to upload."))])
    title = StringField(_l("Title shown to readers"), validators=[Optional(), Length(max=200)])


def _capacity_field():
    return IntegerField(_l("Places (empty: no limit)"),
                        validators=[Optional(), NumberRange(min=0, max=100000)])


class WorkingGroupForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    area_id = SelectField(_l("Planning area"), coerce=int, validators=[Optional()])
    focus_group_id = SelectField(_l("Focus group"), coerce=int, validators=[Optional()])
    capacity = _capacity_field()


class TimeSlotForm(FlaskForm):
    date = DateField(_l("Date"), validators=[DataRequired()])
    start_time = TimeField(_l("Starts at"), validators=[DataRequired()])
    end_time = TimeField(_l("Ends at"), validators=[DataRequired()])
    capacity = _capacity_field()
