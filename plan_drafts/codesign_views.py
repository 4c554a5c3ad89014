"""The planning office's pages on co-design tables, on the drafts blueprint (blueprint.py): the district's tables,
opening one on an objective, and a table with its partners, their commitments and totals, the targets, its
meetings (those of its standing group) and the agreement. Planning office only."""
from __future__ import annotations

from typing import Callable

from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from app import funding
from app.account_models import User
from app.auth import role_required
from app.errors import DomainError
from app.extensions import db
from app.forms import form_status
from app.funding_models import FundingProgramme
from app.models import Organization
from app.office_registries import register_delete_warning, register_district_section
from app.structure_actions import district_users
from app.view_helpers import OFFICE, ConfirmForm, confirm_delete, owned_or_404, saved
from meetings import standing
from meetings.models import Meeting

from . import codesign
from .blueprint import drafts as bp
from .codesign_forms import CommitmentForm, IndicatorsForm, PartnerForm
from .codesign_models import CodesignCommitment, CodesignPartner, CodesignTable, JoinedBy
from .models import DraftAxis, DraftObjective, PlanDraft
from .view_helpers import draft_or_404, objective_or_404

register_district_section("drafts.codesign_tables", _l("Co-design tables"), OFFICE,
                          _l("Bodies at the table of an objective, what each commits, the agreement."), order=530)


def _tables_lost(record) -> str | None:
    """For the office's delete confirmations: the co-design tables that go with a draft, axis or objective, and
    the places at tables of an organization."""
    if isinstance(record, Organization):
        places = db.session.scalar(select(func.count()).select_from(CodesignPartner).where(
            CodesignPartner.organization_id == record.id))
        return places and ngettext("its place at %(num)d co-design table, with its commitments",
                                   "its places at %(num)d co-design tables, with their commitments", places)
    if not isinstance(record, (DraftObjective, DraftAxis, PlanDraft)):
        return None
    objectives = [record] if isinstance(record, DraftObjective) else record.objectives
    count = sum(1 for objective in objectives if objective.codesign_table is not None)
    return count and ngettext("%(num)d co-design table with its partners and commitments (its meetings stay)",
                              "%(num)d co-design tables with their partners and commitments (their meetings stay)",
                              count)


register_delete_warning(_tables_lost, order=530)


def table_url(table: CodesignTable, anchor: str | None = None) -> str:
    return url_for("drafts.codesign_table", codesign_id=table.id, _anchor=anchor)


def _table_or_404(codesign_id: int) -> CodesignTable:
    table = owned_or_404(CodesignTable, codesign_id)
    draft_or_404(table.objective.axis.draft_id, edit=True)
    return table


@bp.get("/<district>/coprogettazione/")
@role_required(*OFFICE)
def codesign_tables():
    tables = codesign.tables_of(g.district.id)
    groups = [table.group_id for table in tables if table.group_id]
    met = dict(db.session.execute(select(Meeting.standing_group_id, func.count()).where(
        Meeting.standing_group_id.in_(groups)).group_by(Meeting.standing_group_id)).all()) if groups else {}
    return render_template("plan_drafts/codesign_tables.html", tables=tables,
                           meetings={table.id: met.get(table.group_id, 0) for table in tables})


@bp.get("/<district>/bozze/obiettivi/<int:objective_id>/coprogettazione")
@role_required(*OFFICE)
def codesign_objective(objective_id: int):
    """The objective's table, or the page that opens one."""
    objective = objective_or_404(objective_id)
    if objective.codesign_table is not None:
        return redirect(table_url(objective.codesign_table))
    return render_template("plan_drafts/codesign_open.html", objective=objective, draft=objective.axis.draft,
                           form=ConfirmForm())


@bp.post("/<district>/bozze/obiettivi/<int:objective_id>/coprogettazione/apri")
@role_required(*OFFICE)
def codesign_open(objective_id: int):
    objective = objective_or_404(objective_id)
    form = ConfirmForm()
    table = saved(form, lambda: codesign.open_table(objective, by=current_user))
    if table:
        flash(_("The co-design table of objective %(number)s is open: now the bodies that sit at it.",
                number=objective.number), "success")
        return redirect(table_url(table, "partners"))
    return render_template("plan_drafts/codesign_open.html", objective=objective, draft=objective.axis.draft,
                           form=form), form_status()


# --- the table's page -------------------------------------------------------------------------------------------

def _partner_form(table: CodesignTable) -> PartnerForm:
    form = PartnerForm(prefix="partner")
    present = {partner.organization_id for partner in table.partners}
    form.organization_id.choices = [("", _("– choose –"))] + [
        (o.id, o.name) for o in g.district.organizations if o.id not in present]
    form.referent_id.choices = [("", _("– nobody named –"))] + [
        (u.id, u.name) for u in district_users(g.district)]
    return form


def _commitment_form(table: CodesignTable) -> CommitmentForm:
    form = CommitmentForm(prefix="commitment")
    form.set_choices(table.accepted_partners, funding.programmes(g.district.id))
    return form


def _indicators_form(table: CodesignTable) -> IndicatorsForm:
    return IndicatorsForm(prefix="targets", data={
        "version": table.version, "families": table.families_target, "operators": table.operators_target,
        "volunteers": table.volunteers_target})


def _page(table: CodesignTable, **forms):
    """The table's page; `forms` replaces a form with the one just sent (with its errors)."""
    by_kind, by_source = codesign.totals(table.commitments)
    meetings = standing.meetings_of(table.group) if table.group else []
    return render_template(
        "plan_drafts/codesign_table.html", table=table, objective=table.objective, draft=table.draft,
        editable=table.draft.is_editable and not table.is_agreed, by_kind=by_kind, by_source=by_source,
        meetings=meetings, counts={m.id: standing.attendance_counts(m) for m in meetings}, button=ConfirmForm(),
        partner_form=forms.get("partner_form") or _partner_form(table),
        commitment_form=forms.get("commitment_form") or _commitment_form(table),
        indicators_form=forms.get("indicators_form") or _indicators_form(table)), form_status()


@bp.get("/<district>/coprogettazione/<int:codesign_id>/")
@role_required(*OFFICE)
def codesign_table(codesign_id: int):
    return _page(_table_or_404(codesign_id))


@bp.post("/<district>/coprogettazione/<int:codesign_id>/partner")
@role_required(*OFFICE)
def codesign_partner_add(codesign_id: int):
    """A body comes to the table: invited by the office, or on its own request."""
    table = _table_or_404(codesign_id)
    form = _partner_form(table)

    def add():
        join = codesign.invite if form.joined_by.data == JoinedBy.INVITED else codesign.record_request
        referent = db.session.get(User, form.referent_id.data) if form.referent_id.data else None
        return join(table, owned_or_404(Organization, form.organization_id.data), referent=referent)
    partner = saved(form, add)
    if partner:
        flash(_("%(name)s is at the table, waiting to be accepted.", name=partner.organization.name), "success")
        return redirect(table_url(table, "partners"))
    return _page(table, partner_form=form)


@bp.post("/<district>/coprogettazione/<int:codesign_id>/impegni")
@role_required(*OFFICE)
def codesign_commitment_add(codesign_id: int):
    table = _table_or_404(codesign_id)
    form = _commitment_form(table)

    def add():
        partner = owned_or_404(CodesignPartner, form.partner_id.data)
        if partner.table_id != table.id:
            abort(404)
        programme = owned_or_404(FundingProgramme, form.programme_id.data) if form.programme_id.data else None
        return codesign.add_commitment(
            partner, kind=form.kind.data, source=form.source.data, description=form.description.data,
            amount=form.amount.data, amount_not_stated=form.amount_not_stated.data, hours=form.hours.data,
            hourly_rate=form.hourly_rate.data, rate_basis=form.rate_basis.data, programme=programme,
            until=form.until.data)
    commitment = saved(form, add)
    if commitment:
        flash(_("Commitment of %(name)s added.", name=commitment.partner.organization.name), "success")
        return redirect(table_url(table, "commitments"))
    return _page(table, commitment_form=form)


@bp.post("/<district>/coprogettazione/<int:codesign_id>/indicatori")
@role_required(*OFFICE)
def codesign_indicators(codesign_id: int):
    table = _table_or_404(codesign_id)
    form = IndicatorsForm(prefix="targets")
    if saved(form, lambda: codesign.set_indicators(table, version=form.version.data, families=form.families.data,
                                                   operators=form.operators.data,
                                                   volunteers=form.volunteers.data)):
        flash(_("Targets saved."), "success")
        return redirect(table_url(table, "targets"))
    return _page(table, indicators_form=form)


def _pressed(table: CodesignTable, service: Callable[[], object], message: str, anchor: str):
    """A one-button action: done and said, or the reason it was refused."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        service()
        db.session.commit()
        flash(message, "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
    return redirect(table_url(table, anchor))


@bp.post("/<district>/coprogettazione/<int:codesign_id>/accordo")
@role_required(*OFFICE)
def codesign_agree(codesign_id: int):
    """The agreement: the accepted partners' commitments, locked until the table is reopened."""
    table = _table_or_404(codesign_id)
    return _pressed(table, lambda: codesign.agree(table, by=current_user),
                    _("The table has agreed: on approval the agreement goes into the action."), "agreement")


@bp.post("/<district>/coprogettazione/<int:codesign_id>/riapri")
@role_required(*OFFICE)
def codesign_reopen(codesign_id: int):
    table = _table_or_404(codesign_id)
    return _pressed(table, lambda: codesign.reopen(table),
                    _("The table is open again: the commitments can change."), "agreement")


@bp.post("/<district>/coprogettazione/partner/<int:codesign_partner_id>/accetta")
@role_required(*OFFICE)
def codesign_partner_accept(codesign_partner_id: int):
    partner = owned_or_404(CodesignPartner, codesign_partner_id)
    table = _table_or_404(partner.table_id)
    return _pressed(table, lambda: codesign.accept(partner),
                    _("%(name)s is accepted: it can state its commitments.", name=partner.organization.name),
                    "partners")


def _locked(table: CodesignTable):
    """The reason the table cannot change now, said on its page; None when it can."""
    if not table.draft.is_editable:
        flash(_("The draft has been approved: it can no longer be changed."), "warning")
    elif table.is_agreed:
        flash(_("The table has agreed: reopen it to change anything."), "warning")
    else:
        return None
    return redirect(table_url(table, "agreement"))


@bp.route("/<district>/coprogettazione/partner/<int:codesign_partner_id>/rimuovi", methods=["GET", "POST"])
@role_required(*OFFICE)
def codesign_partner_remove(codesign_partner_id: int):
    partner = owned_or_404(CodesignPartner, codesign_partner_id)
    table = _table_or_404(partner.table_id)
    name = partner.organization.name
    return _locked(table) or confirm_delete(
        partner, title=_("Remove the body from the table"), name=name,
        consequences=[partner.commitments and ngettext("%(num)d commitment", "%(num)d commitments",
                                                       len(partner.commitments))],
        cancel=table_url(table, "partners"), delete=lambda: codesign.remove_partner(partner),
        done=table_url(table, "partners"), message=_("%(name)s is no longer at the table.", name=name))


@bp.route("/<district>/coprogettazione/impegni/<int:commitment_id>/rimuovi", methods=["GET", "POST"])
@role_required(*OFFICE)
def codesign_commitment_remove(commitment_id: int):
    commitment = owned_or_404(CodesignCommitment, commitment_id)
    table = _table_or_404(commitment.partner.table_id)
    return _locked(table) or confirm_delete(
        commitment, title=_("Remove the commitment"), name=str(commitment), consequences=[],
        cancel=table_url(table, "commitments"), delete=lambda: codesign.remove_commitment(commitment),
        done=table_url(table, "commitments"), message=_("Commitment removed."))

