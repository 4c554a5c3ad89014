"""Forms of the planning office's post editor; every message translatable."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import FlaskForm, VersionedForm

from . import blocks
from .models import TITLE_MAX_LENGTH, PostKind
from .services import ALT_MAX_LENGTH

BODY_MAX_LENGTH = 200_000
SUMMARY_MAX_LENGTH = 1_000
strip = [lambda value: value.strip() if isinstance(value, str) else value]


class PostForm(VersionedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX_LENGTH)], filters=strip)
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=SUMMARY_MAX_LENGTH)],
                            render_kw={"rows": 2})
    body = TextAreaField(_l("Text (Markdown)"), validators=[Length(max=BODY_MAX_LENGTH)],
                         render_kw={"rows": 24, "spellcheck": "true"})
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=1000)])

    def process(self, formdata=None, *args, **kwargs):
        """The editor posts its blocks (posts/blocks.py), moved or removed by the button pressed, if any:
        the body is their Markdown. A post of `body` alone (no blocks) is taken as it is."""
        super().process(formdata, *args, **kwargs)
        posted = blocks.posted(self.meta.wrap_formdata(self, formdata))
        if posted is not None:
            self.body.data = blocks.assemble(posted)


class NewPostForm(FlaskForm):
    kind = SelectField(_l("Kind of post"), choices=[(k.value, k.label) for k in PostKind
                                                    if k != PostKind.SYNTHESIS])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX_LENGTH)], filters=strip)
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=SUMMARY_MAX_LENGTH)],
                            render_kw={"rows": 2})
    meeting_id = SelectField(_l("Meeting it announces"), coerce=int, default=0, validators=[Optional()])


class ImageForm(FlaskForm):
    image = FileField(_l("Image (PNG, JPEG, WebP or GIF, at most 5 MB)"))
    alt = StringField(_l("Description of the image for people who cannot see it"),
                      validators=[DataRequired(), Length(max=ALT_MAX_LENGTH)], filters=strip)


class RegenerateForm(VersionedForm):
    """Replace one section: only on the version of the post the comparison was shown on."""
