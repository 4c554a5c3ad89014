"""Forms of the planning office for standing working groups; the rules live in standing.py."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.forms import FlaskForm, VersionedForm
from app.structure_forms import optional_int


class GroupForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What the group is for"), validators=[Length(max=5000)], render_kw={"rows": 4})
    plan_id = SelectField(_l("Plan"), coerce=optional_int, choices=[], validate_choice=True)
    coordinator_id = SelectField(_l("Coordinator"), coerce=optional_int, choices=[], validate_choice=True)


class RosterMemberForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    organization_name = StringField(_l("Body represented"), validators=[Optional(), Length(max=200)])
    role_id = SelectField(_l("Takes part as"), coerce=optional_int, choices=[], validate_choice=True)
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=254),
                                                  Email(_l("This does not look like an e-mail address."))])


class AttachMeetingForm(FlaskForm):
    meeting_id = SelectField(_l("Meeting"), coerce=optional_int, choices=[], validate_choice=True,
                             validators=[DataRequired(_l("Choose a meeting."))])


class ButtonForm(FlaskForm):
    """A button that changes one thing (close an item, deactivate a member): only the CSRF token."""


class RosterImportForm(FlaskForm):
    file = FileField(_l("Roster (XLSX)"), validators=[
        FileRequired(_l("Choose a file.")), FileAllowed(["xlsx"], _l("The file must be .xlsx."))])
