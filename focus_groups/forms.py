"""Forms of the facilitator's pages: focus groups, keyword sessions, moderation, grouping and the board."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.forms import FlaskForm, VersionedForm
from app.structure_forms import MultiCheckboxField

from .models import KEYWORD_MAX_LENGTH, BoardColumn

DEFAULT_PROMPT = ("Scrivete UNA PAROLA CHIAVE significativa per voi, che dica qualcosa della vostra "
                  "valutazione dell'area di priorità {area}.")


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a textarea, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class FocusGroupForm(VersionedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    area_id = SelectField(_l("Planning area"), coerce=int, validators=[Optional()])
    date = DateField(_l("Date"), validators=[Optional()])
    facilitators = MultiCheckboxField(_l("Facilitators"), coerce=int)
    stimulus_questions = TextAreaField(_l("Stimulus questions (one per line)"), render_kw={"rows": 5})
    notes = TextAreaField(_l("Notes"), render_kw={"rows": 4})


class SessionForm(FlaskForm):
    prompt = TextAreaField(_l("Prompt shown to participants"), validators=[DataRequired(), Length(max=2000)],
                           render_kw={"rows": 3})
    keywords_per_person = IntegerField(_l("Keywords per person"), default=1,
                                       validators=[InputRequired(), NumberRange(min=1, max=20)])
    premoderation = BooleanField(_l("Approve each keyword before it appears on the wall"))


class PasteForm(FlaskForm):
    text = TextAreaField(_l("Keywords written on paper (one per line)"), validators=[DataRequired()],
                         render_kw={"rows": 8})


class BlockedWordsForm(FlaskForm):
    words = TextAreaField(_l("Blocked words (one per line)"), render_kw={"rows": 8})


class RenameForm(VersionedForm):
    label = StringField(_l("Label"), validators=[DataRequired(), Length(max=200)])


class MoveGroupForm(VersionedForm):
    column = SelectField(_l("Column"), choices=[("", _l("Not classified")), *BoardColumn.choices()],
                         validate_choice=True)
    position = IntegerField(validators=[Optional()])


class StatementForm(VersionedForm):
    column = SelectField(_l("Column"), choices=BoardColumn.choices())
    text = TextAreaField(_l("Statement"), validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 2})
    groups = MultiCheckboxField(_l("From the keywords"), coerce=int)


class StatementTextForm(VersionedForm):
    """A statement's wording, edited in place on the board."""
    text = TextAreaField(_l("Statement"), validators=[DataRequired(), Length(max=2000)])


class ExtraColumnForm(FlaskForm):
    """A list the room adds beside the four columns: its name."""
    name = StringField(_l("Name of the new column"), validators=[DataRequired(), Length(max=80)])


class ExtraColumnTextForm(VersionedForm):
    """The name or what the room wrote in an added column, edited in place on the board: the field sent."""
    name = StringField(validators=[Optional(), Length(max=80)])
    body = TextAreaField(validators=[Optional(), Length(max=5000)])


class MergeForm(FlaskForm):
    target = HiddenField(validators=[DataRequired()])
    other = HiddenField(validators=[DataRequired()])


KEYWORD_LENGTH = KEYWORD_MAX_LENGTH
