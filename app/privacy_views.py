"""The public privacy notice (/privacy) and the planning office's page for a person's GDPR requests:
export what the platform holds about them (JSON) or erase it, after a confirmation.

A district's office reaches only its own district's records; an administrator, on any district's page, the
whole platform's (as `pdz privacy export|erase` does)."""
from __future__ import annotations

import json
import re

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import EmailField, HiddenField
from wtforms.validators import DataRequired, Email, Length

from . import privacy, privacy_data  # noqa: F401  (privacy_data registers the core's personal data)
from .auth import role_required
from .errors import DomainError
from .extensions import db
from .forms import FlaskForm, form_status
from .account_models import User
from .models import District, Role
from .people import normalise_email

public_bp = Blueprint("privacy", __name__)
bp = Blueprint("privacy_admin", __name__)


@public_bp.get("/privacy")
def notice():
    districts = db.session.scalars(db.select(District).order_by(District.name)).all()
    return render_template("privacy/notice.html", districts=districts, config=current_app.config,
                           retention=current_app.config["RETENTION_DAYS"], sources=sorted(privacy.REGISTRY))


# ---- the planning office's requests page ------------------------------------------------------------------

class PersonForm(FlaskForm):
    email = EmailField(_l("E-mail of the person"), validators=[DataRequired(), Email(), Length(max=254)])


class EraseForm(FlaskForm):
    email = HiddenField(validators=[DataRequired()])


def _check_may_handle(email: str) -> None:
    """A district's office handles people of its own district; an account that also works elsewhere, or an
    administrator, is for the installation's administrator. Nobody erases their own account here."""
    user = db.session.scalar(db.select(User).where(db.func.lower(User.email) == email))
    if user is None or current_user.is_admin:
        return
    if user.id == current_user.id:
        raise DomainError(_("You cannot handle a request about your own account here: ask the "
                            "administrator."))
    if user.is_admin or any(m.district_id != g.district.id for m in user.memberships):
        raise DomainError(_("This person also works in another district: the administrator handles the "
                            "request."))


def _scope() -> int | None:
    """The district of the page for its office; the whole platform for an administrator."""
    return None if current_user.is_admin else g.district.id


# What each registered kind of data is called on the office's page (a kind without a label shows its key).
SOURCE_LABELS = {
    "account": _l("Account, roles and referent actions"),
    "audit_log": _l("Changes recorded in the audit log"),
    "invitations": _l("Invitations"),
    "evaluation_cards": _l("Evaluation cards written, submitted or reviewed"),
    "focus_group_facilitation": _l("Focus groups facilitated"), "outbox": _l("E-mails in the outbox"),
    "meeting_registrations": _l("Meeting registrations"), "post_comments": _l("Comments on posts"),
    "draft_comments": _l("Comments on plan drafts"), "draft_amendments": _l("Amendments to plan drafts"),
    "plan_draft_authorship": _l("Plan drafts started, saved or approved, and objectives as referent"),
    "accessibility_feedback": _l("Accessibility reports"),
}


def _summary(exported: dict[str, list[dict]]) -> list[tuple[str, int]]:
    return [(str(SOURCE_LABELS.get(name, name)), len(records))
            for name, records in exported.items() if records]


@bp.route("/<district>/privacy", methods=["GET", "POST"])
@role_required(Role.PLANNING_OFFICE)
def requests():
    form = PersonForm()
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        try:
            _check_may_handle(email)
        except DomainError as error:
            form.email.errors.append(error.message)
        else:
            exported = privacy.export_person(email, _scope())
            return render_template("privacy/person.html", district=g.district, email=email,
                                   summary=_summary(exported), erase_form=EraseForm(email=email),
                                   platform_wide=_scope() is None)
    return render_template("privacy/requests.html", district=g.district, form=form,
                           platform_wide=_scope() is None,
                           retention=current_app.config["RETENTION_DAYS"]), form_status()


@bp.post("/<district>/privacy/esporta")
@role_required(Role.PLANNING_OFFICE)
def export():
    form = EraseForm()
    if not form.validate_on_submit():
        abort(400)
    email = normalise_email(form.email.data)
    try:
        _check_may_handle(email)
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(url_for(".requests"))
    payload = json.dumps(privacy.export_document(email, _scope()), ensure_ascii=False, indent=2)
    safe = re.sub(r"[^a-z0-9]+", "-", email)
    return Response(payload, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="dati-personali-{safe}.json"'})


@bp.post("/<district>/privacy/cancella")
@role_required(Role.PLANNING_OFFICE)
def erase():
    form = EraseForm()
    if not form.validate_on_submit():
        abort(400)
    email = normalise_email(form.email.data)
    try:
        _check_may_handle(email)
        counts = privacy.erase_person(email, _scope())
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for(".requests"))
    flash(_("The personal data of %(email)s were erased (%(count)d records); contributions stay without a "
            "name.",
            email=email, count=sum(counts.values())), "success")
    return redirect(url_for(".requests"))
