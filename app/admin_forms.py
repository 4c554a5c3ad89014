"""Forms of the planning office's people pages: roles, organization, invitations, audit log filters."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .forms import FlaskForm
from .models import Role


class CheckboxesField(SelectMultipleField):
    """Several choices shown as checkboxes; the template renders them inside a fieldset."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class PersonForm(FlaskForm):
    """Roles in this district and organization of one person.

    `state` is a fingerprint of what the page showed, so a change saved by someone else meanwhile is
    refused instead of overwritten.
    """
    roles = CheckboxesField(_l("Roles in this district"), choices=Role.choices())
    organization_id = SelectField(_l("Organization"), coerce=_optional_int, validators=[Optional()])
    state = HiddenField()

    def set_organizations(self, organizations):
        self.organization_id.choices = [(None, _l("— none —"))] + [(o.id, o.name) for o in organizations]


class InvitationForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=Role.choices(), default=Role.REFERENT.value)
    actions = CheckboxesField(_l("Actions the referent reports on"), coerce=int, validators=[Optional()])

    def set_actions(self, actions):
        self.actions.choices = [(a.id, f"{a.code} {a.title}") for a in actions]

    def validate_actions(self, field):
        if field.data and self.role.data != Role.REFERENT.value:
            raise ValidationError(_l("Actions can be given only to a referent."))


class AuditFilterForm(FlaskForm):
    """GET filters of the audit log: no CSRF, values from the query string."""

    class Meta:
        csrf = False

    entity = SelectField(_l("Record type"), validators=[Optional()])
    actor = SelectField(_l("Changed by"), validators=[Optional()])


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name or e-mail"), validators=[Optional(), Length(max=200)])
