"""The readers' comment form under a post, shared by the post page (public_views.py) and the comment views."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.forms import FlaskForm
from app.roles import role_choices, role_of
from app.structure_forms import optional_int

from .comments import BODY_MAX_LENGTH, NAME_MAX_LENGTH


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CommentForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=NAME_MAX_LENGTH)],
                       filters=[_strip])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)], filters=[_strip])
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=BODY_MAX_LENGTH)],
                         render_kw={"rows": 5})
    consent = BooleanField(
        _l("I agree that my name and comment are published once approved; my e-mail address is kept by the "
           "planning office only to contact me about this comment."),
        validators=[DataRequired(message=_l("Please accept the privacy notice to send a comment."))])
    role_id = SelectField(_l("You write as"), coerce=optional_int, choices=[], validate_choice=False)
    organization_name = StringField(_l("For the body"), validators=[Optional(), Length(max=200)], filters=[_strip])
    # People never see this field; bots filling every input do.
    website = StringField(_l("Website"))

    def set_roles(self, post) -> "CommentForm":
        self.role_id.choices = role_choices(post.district_id, _l("— not said —"))
        return self

    def role(self, post):
        """The role chosen, one of the post's district (any other gives none)."""
        return role_of(post.district_id, self.role_id.data)
