"""The roles a meeting's minutes or published report say were there ("molti operatori sociali... amministratori
locali"), with how many people when they say: what is known of a meeting whose people were not registered one
by one. Services only flush; the page is on the meetings' blueprint."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.auth import role_required
from app.errors import InvalidField
from app.extensions import db
from app.forms import FlaskForm, form_status
from app.role_models import ParticipantRole
from app.roles import role_choices, role_of
from app.structure_forms import optional_int
from app.view_helpers import OFFICE, confirm_delete, owned_or_404, saved

from .blueprint import meetings as bp
from .models import Meeting, RoleReport
from .view_helpers import register_meeting_link

register_meeting_link("meetings.role_reports", _l("Roles in the minutes"), order=45)


def reports_of(meeting: Meeting) -> list[RoleReport]:
    return list(db.session.scalars(select(RoleReport).filter_by(meeting_id=meeting.id).order_by(RoleReport.id)))


def report_role(meeting: Meeting, role: ParticipantRole | None, *, people: int | None = None,
                source: str | None = None) -> RoleReport:
    """Say a role was at the meeting (again: the number and words are updated)."""
    if role is None or role.district_id != meeting.district_id:
        raise InvalidField("role_id", _("Choose one of the district's roles."))
    if people is not None and people < 0:
        raise InvalidField("people", _("The number cannot be negative."))
    report = db.session.scalar(select(RoleReport).filter_by(meeting_id=meeting.id, role_id=role.id))
    if report is None:
        report = RoleReport(meeting_id=meeting.id, role_id=role.id)
        db.session.add(report)
    report.people = people
    report.source = " ".join((source or "").split())[:300] or None
    db.session.flush()
    return report


class RoleReportForm(FlaskForm):
    role_id = SelectField(_l("Role"), coerce=optional_int, choices=[], validate_choice=True,
                          validators=[DataRequired(_l("Choose a role."))])
    people = IntegerField(_l("How many (if the minutes say)"), validators=[Optional(), NumberRange(min=0, max=100000)])
    source = StringField(_l("The words of the minutes or report"), validators=[Optional(), Length(max=300)])


@bp.route("/<district>/incontri/<int:meeting_id>/ruoli", methods=["GET", "POST"])
@role_required(*OFFICE)
def role_reports(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    form = RoleReportForm()
    form.role_id.choices = role_choices(meeting.district_id, _("– choose –"))
    if saved(form, lambda: report_role(meeting, role_of(meeting.district_id, form.role_id.data),
                                       people=form.people.data, source=form.source.data)):
        flash(_("Saved."), "success")
        return redirect(url_for("meetings.role_reports", meeting_id=meeting.id))
    return render_template("meetings/office/role_reports.html", meeting=meeting, form=form,
                           reports=reports_of(meeting)), form_status()


@bp.route("/<district>/ruoli-riportati/<int:report_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def role_report_delete(report_id: int):
    report = owned_or_404(RoleReport, report_id)
    meeting = report.meeting
    back = url_for("meetings.role_reports", meeting_id=meeting.id)

    def delete():
        db.session.delete(report)
        db.session.flush()
    return confirm_delete(report, title=_("Remove the role from the meeting"), name=report.role.name,
                          consequences=[], cancel=back, delete=delete, done=back,
                          message=_("%(name)s removed.", name=report.role.name))
