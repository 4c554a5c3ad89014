"""Forms of meeting registration: the public sign-up (with its honeypot and signed timestamp), and the
planning office's own registration, move and check-in forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from app.forms import FlaskForm
from app.models import OrganizationType
from app.roles import role_choices, role_of
from app.structure_forms import optional_int


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def chosen(form, name: str, rows):
    """The row picked in the form's `name` field; None when nothing was picked or the field is not on the form
    (a meeting without working groups or time slots: the page does not show it, so nothing is sent)."""
    field = getattr(form, name, None)
    return next((row for row in rows if field is not None and row.id == field.data), None)


def set_role_choices(form, meeting) -> None:
    """The district's roles, none chosen by default: saying one is optional."""
    form.role_id.choices = role_choices(meeting.district_id, _l("— not said —"))


def role_chosen(form, meeting):
    """The role picked on the form (one of the meeting's district, as the choices were)."""
    return role_of(meeting.district_id, form.role_id.data)


def _drop_unshown(form, meeting) -> None:
    """A choice the page does not show (the meeting has nothing to choose from) is not on the form: it is
    neither validated nor read, as the browser sends nothing for it."""
    if not meeting.working_groups:
        del form.working_group
    if "time_slot" in form and not meeting.time_slots:
        del form.time_slot


class RegistrationForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)], filters=[_strip],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)], filters=[_strip],
                       render_kw={"autocomplete": "email"})
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)], filters=[_strip],
                               render_kw={"list": "organizations", "autocomplete": "organization"})
    organization_type = SelectField(_l("Kind of organization"), validators=[Optional()])
    role_id = SelectField(_l("You take part as"), coerce=optional_int, choices=[], validate_choice=True)
    working_group = RadioField(_l("Working group"), coerce=int, validators=[InputRequired(_l("Choose one."))])
    time_slot = RadioField(_l("Time slot"), coerce=int, validators=[InputRequired(_l("Choose one."))])
    consent = BooleanField(_l("I have read the privacy notice and agree that my data are used to organise "
                              "this meeting"),
                           validators=[DataRequired(_l("Without your consent we cannot register you."))])
    # Against bots, without third-party captchas: a field people never see, and when the form was shown.
    website = StringField(_l("Leave this field empty"), render_kw={"autocomplete": "off", "tabindex": "-1"})
    started = HiddenField()
    join_waitlist = HiddenField()

    def set_choices(self, meeting, full_label) -> None:
        self.organization_type.choices = [("", _l("— choose if your organization is not in the list —")),
                                          *OrganizationType.choices()]
        self.working_group.choices = [(g.id, full_label(g)) for g in meeting.working_groups]
        self.time_slot.choices = [(s.id, full_label(s)) for s in meeting.time_slots]
        set_role_choices(self, meeting)
        _drop_unshown(self, meeting)


class OfficeRegistrationForm(FlaskForm):
    """The planning office registers someone: confirmed at once, no e-mail round trip."""
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)], filters=[_strip])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)], filters=[_strip],
                               render_kw={"list": "organizations"})
    organization_type = SelectField(_l("Kind of organization"), validators=[Optional()])
    role_id = SelectField(_l("Takes part as"), coerce=optional_int, choices=[], validate_choice=True)
    working_group = SelectField(_l("Working group"), coerce=int)
    time_slot = SelectField(_l("Time slot"), coerce=int)
    join_waitlist = BooleanField(_l("If the group or slot is full, put the person on the waiting list"))

    def set_choices(self, meeting, none_label) -> None:
        self.organization_type.choices = [("", _l("— choose if the organization is not in the list —")),
                                          *OrganizationType.choices()]
        self.working_group.choices = [(0, none_label), *[(g.id, g.name) for g in meeting.working_groups]]
        self.time_slot.choices = [(0, none_label), *[(s.id, str(s)) for s in meeting.time_slots]]
        set_role_choices(self, meeting)
        _drop_unshown(self, meeting)


class MoveForm(FlaskForm):
    working_group = SelectField(_l("Working group"), coerce=int)
    time_slot = SelectField(_l("Time slot"), coerce=int)

    def set_choices(self, meeting, none_label) -> None:
        self.working_group.choices = [(0, none_label), *[(g.id, g.name) for g in meeting.working_groups]]
        self.time_slot.choices = [(0, none_label), *[(s.id, str(s)) for s in meeting.time_slots]]
        _drop_unshown(self, meeting)


class WalkInForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)], filters=[_strip])
    email = EmailField(_l("E-mail (optional)"), validators=[Optional(), Email(), Length(max=254)], filters=[_strip])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)], filters=[_strip],
                               render_kw={"list": "organizations"})
    role_id = SelectField(_l("Takes part as"), coerce=optional_int, choices=[], validate_choice=True)
    working_group = SelectField(_l("Working group"), coerce=int)

    def set_choices(self, meeting, none_label) -> None:
        self.working_group.choices = [(0, none_label), *[(g.id, g.name) for g in meeting.working_groups]]
        set_role_choices(self, meeting)
        _drop_unshown(self, meeting)


class ActionForm(FlaskForm):
    """A button that changes something (cancel, confirm, check in): CSRF only."""
