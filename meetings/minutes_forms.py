"""Forms of the minutes: the whole draft (with its items as rows) and the choice of what to write minutes of."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, FieldList, FormField, HiddenField, IntegerField, SelectField, StringField, \
    TextAreaField, TimeField
from wtforms.validators import Length, Optional

from app.forms import FlaskForm, Form, VersionedForm

MARKDOWN = {"rows": 6, "data-md-toolbar": True}   # static/js/md-toolbar.js


class MinutesItemForm(Form):
    id = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    title = StringField(_l("Item"), validators=[Optional(), Length(max=300)])
    summary = TextAreaField(_l("Summary of the discussion"), render_kw=MARKDOWN)
    input = TextAreaField(_l("Input"), render_kw={"rows": 2})
    owner = StringField(_l("Who takes it up"), validators=[Optional(), Length(max=200)])
    next_step = TextAreaField(_l("Next step"), render_kw={"rows": 2})
    due_on = DateField(_l("By"), validators=[Optional()])


class MinutesForm(VersionedForm):
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    date = DateField(_l("Date"), validators=[Optional()])
    start = TimeField(_l("Start time"), validators=[Optional()])
    end = TimeField(_l("End time"), validators=[Optional()])
    present = TextAreaField(_l("People present"), render_kw={"rows": 8})
    absent = TextAreaField(_l("People absent"), render_kw={"rows": 5})
    summary = TextAreaField(_l("Summary"), render_kw=MARKDOWN)
    items = FieldList(FormField(MinutesItemForm), min_entries=0)
    decisions = TextAreaField(_l("Decisions"), render_kw=MARKDOWN)
    next_meeting = TextAreaField(_l("Next meeting"), render_kw={"rows": 3})


class NewMinutesForm(FlaskForm):
    working_group = SelectField(_l("Minutes of"), coerce=int)
