"""Forms of participatory writing: comments, amendments, the office's decisions and frozen copies."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from .versions import AMENDABLE_FIELDS, field_label
from .writing import MAX_COMMENT, MAX_REASON
from app.forms import FlaskForm


def optional_int(value):
    try:
        return int(value) if value not in (None, "", "None") else None
    except (TypeError, ValueError):
        return None


class _Contribution(FlaskForm):
    """Who writes, for people without a role in the district (removed by `for_participant`); `website` is a
    field people never see and bots fill in."""
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Your e-mail address"), validators=[DataRequired(), Email(), Length(max=254)],
                       description=_l("Only the planning office sees it; it tells you what was decided."))
    consent = BooleanField(_l("I agree that the planning office keeps my name, e-mail and text to run this "
                              "consultation, and publishes my name with my text."),
                           validators=[DataRequired(message=_l("Your agreement is needed to take part."))])
    website = StringField(_l("Leave this field empty"))
    role_id = SelectField(_l("You write as"), coerce=optional_int, choices=[], validate_choice=False)
    organization_name = StringField(_l("For the body"), validators=[Optional(), Length(max=200)],
                                    description=_l("Optional: the association, service or comune you speak for."))

    def for_participant(self):
        del self.name, self.email, self.consent
        return self

    @property
    def is_bot(self) -> bool:
        return bool((self.website.data or "").strip())


class CommentForm(_Contribution):
    body = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=MAX_COMMENT)])
    paragraph = HiddenField(filters=[optional_int])
    parent = HiddenField(filters=[optional_int])


class AmendmentForm(_Contribution):
    field = SelectField(_l("What do you want to change?"), validators=[DataRequired()])
    text = TextAreaField(_l("The text you propose"), validators=[DataRequired(), Length(max=MAX_COMMENT)],
                         description=_l("Write the whole new text of that part, as it should read."))
    reason = TextAreaField(_l("Why"), validators=[DataRequired(), Length(max=MAX_REASON)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.choices = [(key, field_label(key)) for key in AMENDABLE_FIELDS]


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), validators=[DataRequired()], choices=[
        ("accept", _l("Accept the proposed text")),
        ("merge", _l("Accept with the changes below")),
        ("reject", _l("Reject"))])
    text = TextAreaField(_l("Text to put in the objective"), validators=[Optional(), Length(max=MAX_COMMENT)],
                         description=_l("Used when you accept with changes."))
    note = TextAreaField(_l("Note for the author"), validators=[Optional(), Length(max=MAX_REASON)],
                         description=_l("Required when you reject: the author reads it in the e-mail."))


class ModerationForm(FlaskForm):
    """Publish or hide one comment (the button pressed says which)."""


class FreezeForm(FlaskForm):
    label = StringField(_l("Name of the frozen version"), validators=[DataRequired(), Length(max=200)],
                        description=_l("For example: the open meeting of 9 April 2015."))
    meeting_id = SelectField(_l("Meeting"), coerce=int, validators=[Optional()])
