"""The planning office's pages on funding: programmes and the budget lines they pay, bids on calls, resources in
kind. Routes on the office blueprint."""
from __future__ import annotations

from decimal import Decimal

from flask import flash, g, redirect, render_template, url_for
from flask_babel import format_currency
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import funding
from .auth import role_required
from .blueprint import office as bp
from .extensions import db
from .forms import form_status
from .funding_forms import BidForm, InKindForm, ProgrammeForm
from .funding_models import FundingBid, FundingProgramme, InKindResource
from .models import BudgetLine, Organization, SystemAction
from .office_registries import register_district_section
from .view_helpers import NO_STORE, OFFICE, confirm_delete, owned_or_404, saved

register_district_section("office.funding_page", _l("Funding and calls"), OFFICE,
                          _l("Funding programmes and the budget lines they pay, bids on calls, hours given in kind."),
                          order=17)


def funding_url(anchor: str | None = None) -> str:
    return url_for("office.funding_page", _anchor=anchor)


def _organizations():
    return list(db.session.scalars(db.select(Organization).filter_by(district_id=g.district.id)
                                   .order_by(Organization.name)))


def _actions():
    plan = g.district.current_plan
    return list(plan.actions) if plan else []


@bp.get("/<district>/fondi/")
@role_required(*OFFICE)
def funding_page():
    form = InKindForm(formdata=None)
    _in_kind_choices(form)
    return _page(form)


def _page(form: InKindForm, status: int = 200):
    plan = g.district.current_plan
    return render_template("office/funding/funding.html", plan=plan, form=form,
                           figures=funding.funding_of(plan) if plan else None,
                           programmes=funding.programmes(g.district.id),
                           in_kind=db.session.scalars(db.select(InKindResource).where(InKindResource.action_id.in_(
                               [a.id for a in _actions()])).order_by(InKindResource.id)).all()), status


# --- programmes ---------------------------------------------------------------------------------------------------

def _line_label(line: BudgetLine) -> str:
    amount = format_currency(line.planned_amount or Decimal(0), "EUR")     # as the pages' `euro` filter shows it
    return f"{line.action.code} {line.action.title} · {line.source.label} · {amount}"


def _programme_form(programme: FundingProgramme | None) -> ProgrammeForm:
    data = None if programme is None else {
        "version": programme.version, "name": programme.name, "kind": programme.kind.value,
        "funder": programme.funder, "year": programme.year, "amount": programme.amount, "notes": programme.notes,
        "lines": [line.id for line in db.session.scalars(db.select(BudgetLine).filter_by(programme_id=programme.id))]}
    form = ProgrammeForm(data=data, creating=programme is None)
    plan = g.district.current_plan
    form.lines.choices = [(line.id, _line_label(line)) for line in (funding.plan_lines(plan) if plan else [])]
    return form


def _programme_values(form: ProgrammeForm) -> dict:
    return {"name": form.name.data, "kind": form.kind.data, "funder": form.funder.data, "year": form.year.data,
            "amount": form.amount.data, "notes": form.notes.data,
            "lines": [owned_or_404(BudgetLine, line_id) for line_id in form.lines.data or []]}


@bp.route("/<district>/fondi/programmi/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def programme_new():
    form = _programme_form(None)
    programme = saved(form, lambda: funding.add_programme(g.district, **_programme_values(form)))
    if programme:
        flash(_("%(name)s added.", name=programme.name), "success")
        return redirect(funding_url("programmes"))
    return render_template("office/funding/programme_form.html", form=form, programme=None), form_status()


@bp.route("/<district>/fondi/programmi/<int:programme_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE)
def programme_edit(programme_id: int):
    programme = owned_or_404(FundingProgramme, programme_id)
    form = _programme_form(programme)
    if saved(form, lambda: funding.update_programme(programme, version=form.version.data,
                                                    **_programme_values(form))):
        flash(_("%(name)s saved.", name=programme.name), "success")
        return redirect(funding_url("programmes"))
    return (render_template("office/funding/programme_form.html", form=form, programme=programme), form_status(),
            NO_STORE)


@bp.route("/<district>/fondi/programmi/<int:programme_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def programme_delete(programme_id: int):
    programme = owned_or_404(FundingProgramme, programme_id)
    return confirm_delete(
        programme, title=_("Delete the programme"), name=programme.name,
        consequences=[_("the budget lines it pays keep their amount and their kind of source")],
        cancel=funding_url("programmes"), delete=lambda: funding.delete_programme(programme),
        done=funding_url("programmes"), message=_("%(name)s deleted.", name=programme.name))


# --- bids ---------------------------------------------------------------------------------------------------------

def _bid_form(bid: FundingBid | None) -> BidForm:
    data = None if bid is None else {
        "version": bid.version, "title": bid.title, "call": bid.call, "outcome": bid.outcome.value,
        "submitted_on": bid.submitted_on, "decided_on": bid.decided_on, "amount_requested": bid.amount_requested,
        "amount_granted": bid.amount_granted, "lead_id": bid.lead_id, "partners": [p.id for p in bid.partners],
        "action_id": bid.action_id, "programme_id": bid.programme_id, "notes": bid.notes}
    form = BidForm(data=data, creating=bid is None)
    organizations = [(o.id, o.name) for o in _organizations()]
    none = [("", _("– none –"))]
    form.lead_id.choices = none + organizations
    form.partners.choices = organizations
    form.action_id.choices = none + [(a.id, str(a)) for a in _actions()]
    form.programme_id.choices = none + [(p.id, str(p)) for p in funding.programmes(g.district.id)]
    return form


def _bid_values(form: BidForm) -> dict:
    def chosen(model, record_id):
        return owned_or_404(model, record_id) if record_id else None
    return {"title": form.title.data, "call": form.call.data, "outcome": form.outcome.data,
            "submitted_on": form.submitted_on.data, "decided_on": form.decided_on.data,
            "amount_requested": form.amount_requested.data, "amount_granted": form.amount_granted.data,
            "lead": chosen(Organization, form.lead_id.data), "action": chosen(SystemAction, form.action_id.data),
            "programme": chosen(FundingProgramme, form.programme_id.data), "notes": form.notes.data,
            "partners": [owned_or_404(Organization, o) for o in form.partners.data or []]}


@bp.route("/<district>/fondi/bandi/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def bid_new():
    form = _bid_form(None)
    bid = saved(form, lambda: funding.add_bid(g.district, **_bid_values(form)))
    if bid:
        flash(_("%(name)s added.", name=bid.title), "success")
        return redirect(funding_url("bids"))
    return render_template("office/funding/bid_form.html", form=form, bid=None), form_status()


@bp.route("/<district>/fondi/bandi/<int:bid_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE)
def bid_edit(bid_id: int):
    bid = owned_or_404(FundingBid, bid_id)
    form = _bid_form(bid)
    if saved(form, lambda: funding.update_bid(bid, version=form.version.data, **_bid_values(form))):
        flash(_("%(name)s saved.", name=bid.title), "success")
        return redirect(funding_url("bids"))
    return render_template("office/funding/bid_form.html", form=form, bid=bid), form_status(), NO_STORE


@bp.route("/<district>/fondi/bandi/<int:bid_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def bid_delete(bid_id: int):
    bid = owned_or_404(FundingBid, bid_id)
    return confirm_delete(bid, title=_("Delete the bid"), name=bid.title, consequences=[],
                          cancel=funding_url("bids"), delete=lambda: funding.delete_bid(bid),
                          done=funding_url("bids"), message=_("%(name)s deleted.", name=bid.title))


# --- in kind ------------------------------------------------------------------------------------------------------

def _in_kind_choices(form: InKindForm) -> None:
    form.action_id.choices = [("", _("– choose –"))] + [(a.id, str(a)) for a in _actions()]
    form.organization_id.choices = [("", _("– none –"))] + [(o.id, o.name) for o in _organizations()]


@bp.post("/<district>/fondi/in-natura")
@role_required(*OFFICE)
def in_kind_new():
    form = InKindForm()
    _in_kind_choices(form)
    action = owned_or_404(SystemAction, form.action_id.data) if form.action_id.data else None
    organization = owned_or_404(Organization, form.organization_id.data) if form.organization_id.data else None
    if action is not None and saved(form, lambda: funding.add_in_kind(
            action, kind=form.kind.data, hours=Decimal(form.hours.data), hourly_rate=form.hourly_rate.data,
            rate_basis=form.rate_basis.data, organization=organization, description=form.description.data)):
        flash(_("Hours in kind added."), "success")
        return redirect(funding_url("in-kind"))
    if action is None:
        form.validate()
    return _page(form, 422)


@bp.route("/<district>/fondi/in-natura/<int:resource_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def in_kind_delete(resource_id: int):
    resource = owned_or_404(InKindResource, resource_id)
    return confirm_delete(resource, title=_("Delete the hours in kind"), name=str(resource), consequences=[],
                          cancel=funding_url("in-kind"), delete=lambda: funding.delete_in_kind(resource),
                          done=funding_url("in-kind"), message=_("Hours in kind deleted."))
