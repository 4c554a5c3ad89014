"""The accessibility statement (dichiarazione di accessibilità, after AgID's model), its feedback form and the legal
notes: for a district under /ambiti/<district>/..., for the installation otherwise; and the lists of reports for
the planning office (its district's) and the administrators (every report)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from . import accessibility
from .accessibility_models import AccessibilityFeedback
from .auth import admin_required, role_required
from .extensions import db, limiter
from .forms import FlaskForm, form_status
from .office_registries import register_district_section
from .view_helpers import OFFICE

public_bp = Blueprint("accessibility", __name__)
bp = Blueprint("accessibility_admin", __name__)

# The statement's dates (AgID's model: when it was written and when it was last reviewed): update REVIEWED_ON
# with the statement's text after each review.
STATEMENT_DATE = date(2026, 12, 7)
REVIEWED_ON = date(2026, 12, 7)
PER_PAGE = 30
SOURCE_CODE_URL = "https://github.com/pdz-partecipato/pdz-partecipato"   # as publiccode.yml's url

register_district_section("accessibility_admin.district_list", _l("Accessibility reports"), OFFICE,
                          _l("Problems people met on the site, from the accessibility statement's form."),
                          order=70)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class FeedbackForm(FlaskForm):
    page = StringField(_l("Page where the problem is"), filters=[_strip], validators=[
        DataRequired(message=_l("Say on which page you met the problem (its address).")),
        Length(max=accessibility.PAGE_MAX_LENGTH)])
    description = TextAreaField(_l("What did not work"), render_kw={"rows": 6}, validators=[
        DataRequired(message=_l("Describe the problem: what you tried to do and what happened.")),
        Length(max=accessibility.DESCRIPTION_MAX_LENGTH)])
    name = StringField(_l("Your name (optional)"), filters=[_strip],
                       validators=[Optional(), Length(max=accessibility.NAME_MAX_LENGTH)])
    email = EmailField(_l("Your e-mail (optional, for a reply)"), filters=[_strip], validators=[
        Optional(), Email(message=_l("This e-mail address does not look right: check it, or leave it empty.")),
        Length(max=254)])
    # People never see this field; bots filling every input do.
    website = StringField(_l("Website"))

    def validate_page(self, field):
        if not accessibility.page_path(field.data, request.url_root):
            raise ValidationError(_("Give the address of a page of this site, such as /enti."))


def feedback_rate_limit() -> str:
    return current_app.config.get("ACCESSIBILITY_FEEDBACK_RATE_LIMIT", "5 per minute;30 per day")


@public_bp.get("/accessibilita")
@public_bp.get("/ambiti/<district>/accessibilita")
def statement():
    return render_template("accessibility/statement.html", district=g.district, statement_date=STATEMENT_DATE,
                           reviewed_on=REVIEWED_ON,
                           page=accessibility.page_path(request.referrer, request.url_root))


@public_bp.route("/accessibilita/segnala", methods=["GET", "POST"])
@public_bp.route("/ambiti/<district>/accessibilita/segnala", methods=["GET", "POST"])
@limiter.limit(feedback_rate_limit, methods=["POST"])
def feedback():
    form = FeedbackForm()
    if request.method == "GET":
        form.page.data = accessibility.page_path(request.args.get("pagina") or request.referrer, request.url_root)
    elif form.website.data:            # a bot: answer as if all went well, keep nothing
        return redirect(url_for(".thanks"))
    elif form.validate_on_submit():
        accessibility.add_feedback(g.district, page=accessibility.page_path(form.page.data, request.url_root),
                                   description=form.description.data, name=form.name.data, email=form.email.data)
        db.session.commit()
        return redirect(url_for(".thanks"))
    return render_template("accessibility/feedback.html", district=g.district, form=form), form_status()


@public_bp.get("/accessibilita/grazie")
@public_bp.get("/ambiti/<district>/accessibilita/grazie")
def thanks():
    return render_template("accessibility/thanks.html", district=g.district)


@public_bp.get("/note-legali")
@public_bp.get("/ambiti/<district>/note-legali")
def legal_notes():
    return render_template("accessibility/legal_notes.html", district=g.district, source_url=SOURCE_CODE_URL)


# ---- the reports, for whoever answers them -------------------------------------------------------------

def _list(district):
    page = db.paginate(accessibility.reports(district), per_page=PER_PAGE, error_out=False)
    return render_template("accessibility/reports.html", district=district, page=page)


@bp.get("/<district>/accessibilita")
@role_required(*OFFICE)
def district_list():
    return _list(g.district)


@bp.get("/accessibilita")
@admin_required
def installation_list():
    return _list(None)


class HandledForm(FlaskForm):
    pass


def _handle(feedback: AccessibilityFeedback):
    if not HandledForm().validate_on_submit():
        abort(400)
    accessibility.mark_handled(feedback, current_user)
    db.session.commit()
    flash(_("The report is marked as handled."), "success")


@bp.post("/<district>/accessibilita/<int:feedback_id>/gestita")
@role_required(*OFFICE)
def district_handle(feedback_id: int):
    feedback = db.session.get(AccessibilityFeedback, feedback_id)
    if feedback is None or feedback.district_id != g.district.id:
        abort(404)
    _handle(feedback)
    return redirect(url_for(".district_list"))


@bp.post("/accessibilita/<int:feedback_id>/gestita")
@admin_required
def installation_handle(feedback_id: int):
    _handle(db.get_or_404(AccessibilityFeedback, feedback_id))
    return redirect(url_for(".installation_list"))
