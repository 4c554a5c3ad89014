"""Forms of the application shell (login, invitations), and the bases every form of the platform derives from.

`FlaskForm` (pages) and `Form` (rows of a list inside a page) give every text field a limit on the text as it
was sent, before any filter trims it: its own `Length(max=...)`, or `LONG_TEXT_MAX_LENGTH` when it has none.
So a million spaces around one word cannot pass a 60-character limit and then fail in the database, and a
long text typed in the office is kept in the form with the reason it was refused.
"""
import re

import flask_wtf
import wtforms
from flask import g, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, StopValidation

from .inputs import DATABASE_INT_MAX, DATABASE_INT_MIN, LONG_TEXT_MAX_LENGTH
from .versioned import missing_version_message


def text_limit(field) -> int:
    """A text field's limit: the tightest `Length(max=...)` among its validators, else the long-text one."""
    limits = [v.max for v in field.validators if isinstance(v, Length) and v.max is not None and v.max >= 0]
    return min(limits, default=LONG_TEXT_MAX_LENGTH)


class SentLength:
    """The field's text as it was sent (`raw_data`, before `filters` such as strip) is within `limit`."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form, field):
        sent = field.raw_data[0] if field.raw_data and isinstance(field.raw_data[0], str) else ""
        if len(sent) > self.limit:
            raise StopValidation(_("At most %(max)s characters, spaces included: this text has %(length)s.",
                                   max=format_decimal(self.limit), length=format_decimal(len(sent))))


def database_int(form, field):
    """An integer field's number fits the database's integer columns (PostgreSQL refuses to store or compare
    one past them)."""
    if isinstance(field.data, int) and not DATABASE_INT_MIN <= field.data <= DATABASE_INT_MAX:
        raise StopValidation(_("This number is too large."))


class _SentLengthMeta:
    """Puts `SentLength` first in the validators of every text field (StringField and its kinds: text areas,
    e-mail, hidden, password...), and `database_int` in those of every integer field, as the form is built."""

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, StringField):
            field.validators = [SentLength(text_limit(field)), *field.validators]
        elif isinstance(field, IntegerField):
            field.validators = [database_int, *field.validators]
        return field


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form (CSRF, files) with every text limited as it was sent: the base of every page's form."""

    class Meta(_SentLengthMeta):
        pass


class Form(wtforms.Form):
    """WTForms' plain form with every text limited as it was sent: the base of rows inside a page's form."""

    class Meta(_SentLengthMeta):
        pass


def form_status() -> int:
    """A form page rendered again after a POST is a validation failure: 422 tells clients and tests so.

    400 when the post came without the version its page was given (see RequiredVersion): no page sends that.
    """
    if request.method != "POST":
        return 200
    return 400 if g.get("version_refused") else 422


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


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})


class AcceptInvitationForm(NewPasswordForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()],
                       filters=[lambda value: value.strip() if isinstance(value, str) else value])


# What the hidden field carries: a version number, or the content digest of a record without one (theses).
VERSION_TOKEN = re.compile(r"[0-9]{1,18}|h[0-9a-f]{16}")


class RequiredVersion:
    """The version an edit form was loaded from must come back as the page sent it.

    Without it (missing, blank, malformed) a save could not tell whether someone saved meanwhile and would
    overwrite their change unseen, so the form is refused, whichever view posts it. The raw post is checked,
    not `field.data`, which falls back on the version the view passed as `data` when the post has none.
    A form that creates its record has no version: `creating=True`.
    """

    def __call__(self, form, field):
        if getattr(form, "creating", False):
            return
        raw = getattr(field, "raw_data", None)
        value = raw[0] if raw else (None if raw is not None else field.data)
        if value is None or not VERSION_TOKEN.fullmatch(str(value)):
            g.version_refused = True       # form_status() answers 400, not 422
            field.data = None              # never the version the view passed as data
            raise StopValidation(missing_version_message())


class VersionedForm(FlaskForm):
    """An edit form that carries the version it was loaded from, to detect concurrent edits; the same class
    creates the record with `creating=True` (no version to check then)."""
    version = HiddenField(validators=[RequiredVersion()])

    def __init__(self, *args, creating: bool = False, **kwargs):
        self.creating = creating
        super().__init__(*args, **kwargs)

    @property
    def version_refused(self) -> bool:
        """Whether validation refused the post for its version (the page shows the message at the top)."""
        return bool(self.version.errors)
