"""Forms of the application shell: login, invitations, and the plan structure."""
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length


def form_status() -> int:
    """A form page rendered again after a POST is a validation failure: 422 tells clients and tests so."""
    return 422 if request.method == "POST" else 200


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()],
                       filters=[lambda value: value.strip() if isinstance(value, str) else value])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me logged in on this computer"))


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("Choose a password"), validators=[
        DataRequired(), Length(min=10, message=_l("Use at least %(min)d characters."))])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])


class AcceptInvitationForm(NewPasswordForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()],
                       filters=[lambda value: value.strip() if isinstance(value, str) else value])


class VersionedForm(FlaskForm):
    """An edit form that carries the version it was loaded from, to detect concurrent edits."""
    version = HiddenField()
