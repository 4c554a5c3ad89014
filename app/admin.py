"""People, invitations, the outbox and the audit log of a district, for its planning office."""
from __future__ import annotations

import math
import smtplib
from dataclasses import dataclass

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from . import mail, password_reset, people
from .admin_forms import AuditFilterForm, InvitationForm, PersonForm, SearchForm
from .audit_labels import actor_label, entity_label, field_label, own_words, readable, shown
from .auth import admin_required, role_required
from .blueprint import admin as bp
from .errors import DomainError
from .extensions import db
from .forms import form_status
from .account_models import Invitation, Membership, User
from .models import AuditLog, Organization, Role, SystemAction
from .security import keep_this_session
from .view_helpers import OFFICE, ConfirmForm, owned_or_404


def member_or_404(user_id: int) -> User:
    """A person holding a role in the district of the URL, else 404. Accounts belong to no district, so
    view_helpers.owned_or_404 (used here for every other record) cannot tell."""
    user = db.session.get(User, user_id)
    if user is None or not people.is_member(user, g.district):
        abort(404)
    return user


def _page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


# ---- people --------------------------------------------------------------------------------------------

@bp.get("/<district>/persone")
@role_required(*OFFICE)
def people_list():
    search = SearchForm(formdata=request.args)
    page = db.paginate(people.district_people(g.district, search.q.data), page=_page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("admin/people.html", page=page, search=search, district=g.district)


def _person_state(user: User) -> str:
    """What the edit page showed: a later save from a stale page is refused."""
    roles = ",".join(sorted(r.value for r in user.roles_in(g.district.id)))
    return f"{roles}|{user.organization_id or ''}|{int(user.active)}"


@bp.route("/<district>/persone/<int:user_id>", methods=["GET", "POST"])
@role_required(*OFFICE)
def person(user_id):
    user = member_or_404(user_id)
    form = PersonForm(roles=[r.value for r in user.roles_in(g.district.id)], organization_id=user.organization_id,
                      state=_person_state(user))
    form.set_organizations(g.district.organizations)
    if not _manages(user):
        del form.organization_id   # part of an account this office does not manage: shown, not editable
    if form.validate_on_submit():
        if form.state.data != _person_state(user):
            flash(_("Someone else changed this person while you were editing: the page now shows their changes; "
                    "apply yours again."), "danger")
            return redirect(url_for("admin.person", user_id=user.id))
        try:
            if "organization_id" in form:
                people.set_organization(user, g.district,
                                        owned_or_404(Organization, form.organization_id.data)
                                        if form.organization_id.data else None, by=current_user)
            people.set_roles(user, g.district, {Role(value) for value in form.roles.data})
            db.session.commit()
            keep_this_session(user)
        except DomainError as error:
            db.session.rollback()
            form.roles.errors.append(error.message)
            return _person_page(form, user)
        flash(_("Saved the roles of %(name)s.", name=user.name), "success")
        if not current_user.has_role(g.district.id, *OFFICE):
            return redirect(url_for("office.dashboard"))
        if not people.is_member(user, g.district):
            flash(_("%(name)s no longer has any role in %(district)s.", name=user.name, district=g.district.name),
                  "info")
            return redirect(url_for("admin.people_list"))
        return redirect(url_for("admin.person", user_id=user.id))
    return _person_page(form, user)


def _manages(user: User) -> bool:
    """Whether this office may manage the person's password, sessions and details (people.check_manages)."""
    return current_user.is_admin or user.works_only_in(g.district.id)


def _person_page(form, user):
    elsewhere = sorted({m.district.name for m in user.memberships if m.district_id != g.district.id})
    return render_template("admin/person.html", form=form, person=user, district=g.district,
                           actions=people.referent_actions(user, g.district), manages=_manages(user),
                           elsewhere=elsewhere), form_status()


@bp.route("/<district>/persone/<int:user_id>/disattiva", methods=["GET", "POST"])
@role_required(*OFFICE)
def deactivate_person(user_id):
    user = member_or_404(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            people.set_active(user, g.district, False, by=current_user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
            return redirect(url_for("admin.person", user_id=user.id))
        flash(_("The account of %(name)s is deactivated: they can no longer log in.", name=user.name), "success")
        return redirect(url_for("admin.person", user_id=user.id))
    return render_template("admin/deactivate.html", form=form, person=user, district=g.district), form_status()


@bp.post("/<district>/persone/<int:user_id>/riattiva")
@role_required(*OFFICE)
def reactivate_person(user_id):
    return _on_account(user_id, lambda user: people.set_active(user, g.district, True, by=current_user),
                       lambda user: _("The account of %(name)s is active again.", name=user.name))


@bp.post("/<district>/persone/<int:user_id>/nuova-password")
@role_required(*OFFICE)
def send_password_link(user_id):
    """For the referent who phones the office: the same link they could ask for from the login page."""
    def send(user):
        people.check_manages(user, g.district, by=current_user)
        if not user.active:
            raise DomainError(_("The account of %(name)s is deactivated: reactivate it first.", name=user.name))
        password_reset.send_reset_link(user, g.district)
    return _on_account(user_id, send, lambda user: _("A link to choose a new password has been sent to "
                                                     "%(email)s.", email=user.email))


@bp.post("/<district>/persone/<int:user_id>/termina-sessioni")
@role_required(*OFFICE)
def end_sessions(user_id):
    """For a lost phone or a shared computer: every session of the person ends, wherever it was opened."""
    return _on_account(user_id, lambda user: people.end_sessions(user, g.district, by=current_user),
                       lambda user: _("Every session of %(name)s has ended: they must log in again.",
                                      name=user.name))


def _on_account(user_id: int, act, done):
    """A one-button action on a person's account: confirmed, done (or refused with the reason), committed and
    told on the person's page. The office's own session goes on when it acted on itself."""
    user = member_or_404(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        act(user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        keep_this_session(user)
        flash(done(user), "success")
    return redirect(url_for("admin.person", user_id=user.id))


# ---- invitations ---------------------------------------------------------------------------------------

@bp.get("/<district>/inviti")
@role_required(*OFFICE)
def invitations():
    status = request.args.get("stato")
    status = status if status in people.INVITATION_STATUSES else None
    page = db.paginate(people.district_invitations(g.district, status), page=_page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("admin/invitations.html", page=page, status=status, statuses=people.INVITATION_STATUSES,
                           status_of=people.invitation_status, district=g.district)


def _not_sent(error) -> str:
    """What the office reads when the mail server refused an invitation: what to do, not the server's words
    (those go to the log, for the technician)."""
    current_app.logger.warning("invitation mail not sent: %s", error)
    return _("The e-mail could not be sent, so nothing was saved. Try again in a few minutes; if it happens "
             "again, ask your technician to check the mail server.")


def _told(sent: str, email: str) -> tuple[str, str]:
    """The flash after an invitation: `sent`, or, with no mail server, where the link is and whom to ask."""
    if mail.smtp_configured():
        return sent, "success"
    return _("E-mails are not going out, so %(email)s has not received the invitation: copy its link from the "
             "outbox and send it yourself, and ask your technician to configure the mail server.", email=email), \
        "warning"


@bp.route("/<district>/inviti/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def new_invitation():
    form = InvitationForm()
    choosable = people.invitable_actions(g.district)
    form.set_actions(choosable)
    if form.validate_on_submit():
        chosen = [owned_or_404(SystemAction, action_id) for action_id in form.actions.data or []]
        try:
            invitation, _link = people.invite(g.district, form.email.data, Role(form.role.data), name=form.name.data,
                                              actions=chosen, invited_by=current_user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            form.email.errors.append(error.message)
        except (smtplib.SMTPException, OSError) as error:
            db.session.rollback()
            form.email.errors.append(_not_sent(error))
        else:
            flash(*_told(_("Invitation sent to %(email)s.", email=invitation.email), invitation.email))
            return redirect(url_for("admin.invitations"))
    return render_template("admin/invitation_new.html", form=form, district=g.district,
                           has_actions=bool(choosable)), form_status()


@bp.route("/<district>/inviti/<int:invitation_id>/revoca", methods=["GET", "POST"])
@role_required(*OFFICE)
def revoke_invitation(invitation_id):
    invitation = owned_or_404(Invitation, invitation_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            people.revoke_invitation(invitation)
            db.session.commit()
            flash(_("The invitation of %(email)s is revoked: its link no longer works.", email=invitation.email),
                  "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        return redirect(url_for("admin.invitations"))
    return render_template("admin/invitation_revoke.html", form=form, invitation=invitation,
                           status=people.invitation_status(invitation), district=g.district), form_status()


@bp.post("/<district>/inviti/<int:invitation_id>/reinvia")
@role_required(*OFFICE)
def resend_invitation(invitation_id):
    invitation = owned_or_404(Invitation, invitation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        people.resend_invitation(invitation, invited_by=current_user)
        db.session.commit()
        flash(*_told(_("A new link was sent to %(email)s; the old one no longer works.", email=invitation.email),
                     invitation.email))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    except (smtplib.SMTPException, OSError) as error:
        db.session.rollback()
        flash(_not_sent(error), "danger")
    return redirect(url_for("admin.invitations"))


# ---- outbox --------------------------------------------------------------------------------------------

@dataclass
class ListPage:
    """A page of an in-memory list, shaped like Flask-SQLAlchemy's pagination for the `pagination` macro."""
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)

    def iter_pages(self):
        return range(1, self.pages + 1)

    @classmethod
    def of(cls, items: list, page: int, per_page: int) -> ListPage:
        start = (page - 1) * per_page
        return cls(items[start:start + per_page], page, per_page, len(items))


@bp.get("/<district>/posta")
@role_required(*OFFICE)
def outbox():
    if mail.smtp_configured():
        return render_template("admin/outbox.html", smtp_server=current_app.config["MAIL_SERVER"], page=None,
                               district=g.district)
    page = ListPage.of(mail.outbox(district=g.district), _page_number(), current_app.config["PER_PAGE"])
    return render_template("admin/outbox.html", smtp_server=None, page=page, district=g.district)


@bp.get("/posta")
@admin_required
def installation_outbox():
    """Every message, including those filed under no district (mail.py): the administrator's view."""
    if mail.smtp_configured():
        return render_template("admin/installation_outbox.html", smtp_server=current_app.config["MAIL_SERVER"],
                               page=None)
    page = ListPage.of(mail.outbox(), _page_number(), current_app.config["PER_PAGE"])
    return render_template("admin/installation_outbox.html", smtp_server=None, page=page)


# ---- audit log -----------------------------------------------------------------------------------------

def _district_log():
    """The district's rows, plus changes to the accounts of its people (accounts belong to no district)."""
    members = db.select(Membership.user_id).where(Membership.district_id == g.district.id)
    return db.select(AuditLog).where(db.or_(
        AuditLog.district_id == g.district.id,
        db.and_(AuditLog.district_id.is_(None), AuditLog.entity == "User", AuditLog.entity_id.in_(members))))


def record_label(row: AuditLog) -> str:
    """The record's own name: its title or text when the row logged it, else the summary audit.py writes as
    "<operation> <entity> <name>"."""
    own = own_words(row.after if row.operation == "create" else row.before if row.operation == "delete" else None)
    if own:
        return own
    prefix = f"{row.operation} {row.entity} "
    label = row.summary[len(prefix):] if row.summary.startswith(prefix) else row.summary
    if not label.startswith("<"):
        return label
    # Records without a name of their own (roles, invitations) are described by their values.
    values = row.after or row.before or {}
    role = _role_label(values.get("role"))
    if row.entity == "Membership":
        user = db.session.get(User, values["user_id"]) if values.get("user_id") else None
        return " · ".join(part for part in (user.name if user else "", role) if part)
    if row.entity == "Invitation":
        return " · ".join(part for part in (values.get("email") or "", role) if part)
    return ""


def _role_label(value) -> str:
    try:
        return str(Role(value).label) if value else ""
    except ValueError:
        return str(value)


def _distinct(column, base):
    return sorted(db.session.scalars(db.select(column).where(base.whereclause).distinct()).all())


@bp.get("/<district>/registro")
@role_required(*OFFICE)
def audit_log():
    base = _district_log()
    form = AuditFilterForm(formdata=request.args)
    form.entity.choices = [("", _("All"))] + sorted(((e, entity_label(e)) for e in _distinct(AuditLog.entity, base)),
                                                    key=lambda choice: choice[1].lower())
    form.actor.choices = [("", _("Everyone"))] + [(a, actor_label(a)) for a in _distinct(AuditLog.actor, base)]
    query = base
    if form.entity.data:
        query = query.where(AuditLog.entity == form.entity.data)
    if form.actor.data:
        query = query.where(AuditLog.actor == form.actor.data)
    page = db.paginate(query.order_by(AuditLog.at.desc(), AuditLog.id.desc()), page=_page_number(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("admin/audit_log.html", page=page, form=form, changes=audit_changes,
                           entity_label=entity_label, record_label=record_label, field_label=field_label,
                           actor_label=actor_label,
                           district=g.district,
                           filters={k: v for k, v in (("entity", form.entity.data), ("actor", form.actor.data)) if v})


def audit_changes(row: AuditLog) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field a row changed; a creation shows its values, a deletion what went."""
    before, after = row.before or {}, row.after or {}
    rows = []
    for key in sorted(set(before) | set(after)):
        if not shown(key):
            continue
        old, new = before.get(key), after.get(key)
        if row.operation == "update" and old == new:
            continue
        if row.operation == "create" and new in (None, "", []):
            continue
        if row.operation == "delete" and old in (None, "", []):
            continue
        entity = getattr(row, "entity", None)
        rows.append((key, readable(old, entity, key) if row.operation != "create" else "",
                     readable(new, entity, key) if row.operation != "delete" else ""))
    return rows
