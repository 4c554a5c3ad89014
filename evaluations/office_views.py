"""The planning office's campaign pages: open a campaign, review its cards, remind the late ones, close it."""
from __future__ import annotations

from datetime import timedelta

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.clock import local_today
from app.auth import role_required
from app.errors import DomainError
from app.extensions import db
from app.forms import form_status
from app.account_models import User
from app.models import PlanStatus, action_referents
from app.view_helpers import OFFICE, ConfirmForm

from . import notify, services
from .blueprint import evaluations as bp
from .forms import CampaignForm
from .models import CardState, EvaluationCampaign
from .view_helpers import campaign_or_404

PER_PAGE = 25


@bp.get("/<district>/campagne/")
@role_required(*OFFICE)
def campaigns():
    rows = db.session.scalars(db.select(EvaluationCampaign).where(EvaluationCampaign.district_id == g.district.id)
                              .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCampaign.id.desc())).all()
    counts = {c.id: services.state_counts(c) for c in rows}
    return render_template("evaluations/campaigns.html", campaigns=rows, counts=counts, states=list(CardState))


@bp.route("/<district>/campagne/nuova", methods=["GET", "POST"])
@role_required(*OFFICE)
def campaign_new():
    plans = [p for p in g.district.plans if p.status != PlanStatus.CLOSED]
    form = CampaignForm()
    form.plan_id.choices = [(p.id, p.title) for p in plans]
    if request.method == "GET":
        form.plan_id.data = request.args.get("plan", type=int) or (plans[0].id if plans else None)
        form.deadline.data = local_today() + timedelta(days=30)
        chosen = next((p for p in plans if p.id == form.plan_id.data), None)
        form.title.data = _("Evaluation of %(plan)s", plan=chosen.title) if chosen else ""
    if form.validate_on_submit():
        plan = next(p for p in plans if p.id == form.plan_id.data)
        try:
            campaign = services.open_campaign(plan, title=form.title.data, deadline=form.deadline.data,
                                              intro=form.intro.data, opened_by=current_user)
            sent = notify.invite_referents(campaign, invited_by=current_user) if form.send_invitations.data else 0
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            flash(_("The campaign is open: %(cards)d cards created, %(mails)d referents notified.",
                    cards=len(campaign.cards), mails=sent), "success")
            return redirect(url_for("evaluations.campaign", campaign_id=campaign.id))
    return render_template("evaluations/campaign_new.html", form=form), form_status()


@bp.get("/<district>/campagne/<int:campaign_id>/")
@role_required(*OFFICE)
def campaign(campaign_id: int):
    """The review list: every card of the campaign with filters and pagination."""
    campaign = campaign_or_404(campaign_id)
    filters = {"state": request.args.get("state") or None, "area_id": request.args.get("area", type=int),
               "referent_id": request.args.get("referent", type=int), "late": request.args.get("late") == "1",
               "nobody": request.args.get("nobody") == "1", "search": request.args.get("q") or None}
    page = db.paginate(services.card_query(campaign, **filters), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    referents = db.session.scalars(
        db.select(User).join(action_referents, action_referents.c.user_id == User.id)
        .where(action_referents.c.action_id.in_([a.id for a in campaign.plan.actions]))
        .distinct().order_by(User.name)).all()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("evaluations/campaign.html", campaign=campaign, page=page, args=args,
                           counts=services.state_counts(campaign), late=len(services.late_cards(campaign)),
                           referents=referents, states=list(CardState), confirm=ConfirmForm())


@bp.post("/<district>/campagne/<int:campaign_id>/solleciti")
@role_required(*OFFICE)
def remind(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    if ConfirmForm().validate_on_submit():
        sent = notify.remind_late(campaign, invited_by=current_user)
        db.session.commit()
        flash(ngettext("Reminder sent to %(num)d referent.", "Reminder sent to %(num)d referents.", sent) if sent
              else _("Nobody to remind: every card has been sent."), "success" if sent else "info")
    return redirect(url_for("evaluations.campaign", campaign_id=campaign.id))


@bp.route("/<district>/campagne/<int:campaign_id>/chiudi", methods=["GET", "POST"])
@role_required(*OFFICE)
def close(campaign_id: int):
    """A confirmation page (GET), then the closing (POST): cards can no longer be changed."""
    campaign = campaign_or_404(campaign_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.close_campaign(campaign)
            db.session.commit()
            flash(_("The campaign is closed: cards can no longer be changed."), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        return redirect(url_for("evaluations.campaign", campaign_id=campaign.id))
    return render_template("evaluations/campaign_close.html", campaign=campaign, form=form,
                           counts=services.state_counts(campaign), late=len(services.late_cards(campaign)))


@bp.post("/<district>/campagne/<int:campaign_id>/pubblica")
@role_required(*OFFICE)
def publish(campaign_id: int):
    """Approved cards' summaries go public (publish=1) or are withdrawn (publish=0); audited as any change."""
    campaign = campaign_or_404(campaign_id)
    if ConfirmForm().validate_on_submit():
        campaign.publish_summaries = request.form.get("publish") == "1"
        db.session.commit()
        flash(_("The approved cards' summaries are public.") if campaign.publish_summaries
              else _("The cards' summaries are no longer public."), "success")
    return redirect(url_for("evaluations.campaign", campaign_id=campaign.id))
