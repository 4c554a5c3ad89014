"""Evaluation cards: the referents' pages (my cards, the card with autosave, its history); the planning
office's campaign pages are in office_views.py on the same blueprint (blueprint.py)."""
from __future__ import annotations

from flask import abort, flash, g, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app import funding
from app.auth import role_required
from app.autosave import (conflict_or_404, expired, kept, plain_errors, save_or_keep, saved_at, settle,
                          version_refused)
from app.errors import DomainError
from app.extensions import csrf, db
from app.forms import form_status
from app.models import Plan, PlanningArea, SystemAction, Thesis
from app.office_registries import register_delete_warning, register_district_section
from app.versioned import open_conflicts, version_of
from app.view_helpers import NO_STORE, OFFICE, OFFICE_AND_REFERENTS, REFERENTS

# The office's campaign pages add their routes to the same blueprint when imported here.
from . import office_views, services  # noqa: F401
from .blueprint import evaluations as bp
from .forms import CardForm, ReviewForm, add_spare_rows, card_changes, card_form_data, flat_labels, \
    flat_values
from .history import entries as history_entries
from .notify import notify_returned
from .models import CardThesisRating, EvaluationCard
from .view_helpers import card_or_404
from .worklist import by_urgency

register_district_section("evaluations.my_cards", _l("My evaluation cards"), REFERENTS,
                          _l("The cards of your actions: what is done, what is missing, the deadline."),
                          order=110)
register_district_section("evaluations.campaigns", _l("Evaluation campaigns"), OFFICE,
                          _l("Ask every referent for a card, remind the late ones, review the cards."),
                          order=120)


def _cards_lost(record) -> str | None:
    """For the office's delete confirmations: the evaluation data that goes with the record."""
    if isinstance(record, Thesis):
        count = db.session.scalar(db.select(db.func.count()).select_from(CardThesisRating)
                                  .where(CardThesisRating.thesis_id == record.id))
        return ngettext("%(num)d rating in the evaluation cards", "%(num)d ratings in the evaluation cards",
                        count) if count else None
    actions = [record] if isinstance(record, SystemAction) else getattr(record, "actions", None)
    if not isinstance(record, (SystemAction, PlanningArea, Plan)) or not actions:
        return None
    count = db.session.scalar(db.select(db.func.count()).select_from(EvaluationCard)
                              .where(EvaluationCard.action_id.in_([a.id for a in actions])))
    return ngettext("%(num)d evaluation card", "%(num)d evaluation cards", count) if count else None


register_delete_warning(_cards_lost, order=100)


def _saved_values(card: EvaluationCard) -> dict[str, str]:
    return flat_values(CardForm(formdata=None, data=card_form_data(card)))


def _differences(card: EvaluationCard, mine: dict[str, str], labels: dict[str, str],
                 theirs: dict[str, str] | None = None) -> list[dict]:
    """Fields where the sent version and the saved one differ (`now` is the card as it is at present)."""
    now = _saved_values(card)
    theirs = now if theirs is None else theirs
    rows = []
    for name in dict.fromkeys([*mine, *theirs, *now]):
        a, b, c = ((values.get(name) or "").strip() for values in (mine, theirs, now))
        if a != b or b != c:
            rows.append({"field": name, "label": labels.get(name, name), "mine": a, "theirs": b, "now": c})
    return rows


def _save(card: EvaluationCard, form: CardForm):
    """Save what validated; returns the conflict copy (committed) when someone else saved first."""
    raw = {"values": flat_values(form), "form": request.form.to_dict(flat=False)}
    raw["form"].pop("csrf_token", None)
    return save_or_keep(card, form, lambda: services.save_card(card, card_changes(form), by=current_user,
                                                               base_version=version_of(form), raw=raw),
                        sent=raw, theirs=lambda: _saved_values(card))


# ---- referent home --------------------------------------------------------------------------------------

@bp.get("/<district>/schede/")
@role_required(*OFFICE_AND_REFERENTS)
def my_cards():
    cards = by_urgency(services.cards_of(current_user, g.district.id))
    missing = {card.id: services.missing_items(card) for card in cards if card.state in services.OPEN_STATES}
    return render_template("evaluations/my_cards.html", cards=cards, missing=missing,
                           is_office=services.is_office(current_user, g.district.id))


# ---- the card -------------------------------------------------------------------------------------------

@bp.route("/<district>/schede/<int:card_id>/", methods=["GET", "POST"])
@csrf.exempt        # CardForm checks the token itself, so an expired page is shown again with the text typed
@role_required(*OFFICE_AND_REFERENTS)
def card(card_id: int):
    card = card_or_404(card_id)
    if not services.may_edit(current_user, card):
        if request.method == "POST":
            abort(403)
        return render_template("evaluations/card_view.html", card=card, review=ReviewForm(),
                               is_office=services.is_office(current_user, g.district.id),
                               conflicts=open_conflicts(card))
    if request.method == "GET":
        form = CardForm(formdata=None, data=card_form_data(card))
        add_spare_rows(form)
        return _edit_page(card, form)
    form = _sent_form()
    form.validate()
    if "csrf_token" in form.errors:
        form.version.data = card.version
        return _edit_page(card, form, expired=True), 422
    if form.version.errors:         # what validated is saved, but never without the version it was made on
        return _edit_page(card, form), form_status()
    conflict = _save(card, form)
    if conflict is not None:
        differences = _differences(card, flat_values(form), flat_labels(form))
        form.version.data = card.version     # saving again now means "keep my version", knowingly
        return _edit_page(card, form, conflict=conflict, differences=differences), 409
    if form.errors:
        return _edit_page(card, form), 422
    if request.form.get("action") == "submit":
        try:
            services.submit_card(card, by=current_user)
            db.session.commit()
        except services.SubmitBlocked as error:
            db.session.rollback()
            form.version.data = card.version
            return _edit_page(card, form, missing=error.missing), 422
        flash(_("The card has been sent to the planning office. Thank you!"), "success")
        return redirect(url_for("evaluations.my_cards"))
    flash(_("The card has been saved."), "success")
    return redirect(url_for("evaluations.card", card_id=card.id))


def _sent_form(formdata=None) -> CardForm:
    """The card form as sent (by the browser, or as kept in a conflict), offering the district's programmes."""
    form = CardForm(formdata=formdata) if formdata is not None else CardForm()
    form.offer_programmes(funding.programmes(g.district.id))
    return form


def _edit_page(card, form, **extra):
    form.offer_programmes(funding.programmes(g.district.id))
    theses = {t.id: t for t in card.campaign.plan.theses}
    response = make_response(render_template("evaluations/card_edit.html", card=card, form=form, theses=theses,
                                             conflicts=open_conflicts(card),
                                             missing_now=services.missing_items(card),
                                             # the office edits from the campaign, a referent from their cards
                                             via_campaign=current_user not in card.action.referents, **extra))
    # Never show a stale copy (with an old version) from the browser's cache on "back".
    response.headers.update(NO_STORE)
    return response


@bp.post("/<district>/schede/<int:card_id>/salva")
@csrf.exempt        # checked by CardForm, answered in JSON
@role_required(*OFFICE_AND_REFERENTS)
def autosave(card_id: int):
    """The autosave endpoint: the same form, answered in JSON with the new version or 409 and both versions."""
    card = card_or_404(card_id)
    if not services.may_edit(current_user, card):
        return jsonify(error="not_editable", state=card.state.value,
                       message=_("This card cannot be changed now: it has been sent or the campaign is "
                                 "closed.")), 409
    form = _sent_form()
    form.validate()
    if "csrf_token" in form.errors:
        return expired()
    refused = version_refused(card, form)
    if refused:
        return refused
    conflict = _save(card, form)
    if conflict is not None:
        return kept(card, conflict, message=_("Someone else saved this card while you were editing it. "
                                              "Both versions are kept: compare them below."),
                    conflict_url=url_for("evaluations.conflict", card_id=card.id, conflict_id=conflict.id),
                    differences=_differences(card, flat_values(form), flat_labels(form)))
    return jsonify(ok=True, version=card.version, **saved_at(card.updated_at),
                   errors=plain_errors(form.errors), missing=services.missing_items(card))


@bp.route("/<district>/schede/<int:card_id>/conflitti/<int:conflict_id>", methods=["GET", "POST"])
@role_required(*OFFICE_AND_REFERENTS)
def conflict(card_id: int, conflict_id: int):
    """Both versions side by side; the user may take the kept one back, or mark the conflict as resolved."""
    card = card_or_404(card_id)
    conflict = conflict_or_404(card, conflict_id)
    sent = _sent_form(MultiDict([(k, v) for k, vs in (conflict.data.get("form") or {}).items() for v in vs]))
    editable = services.may_edit(current_user, card)

    def restore():
        sent.validate()
        services.save_card(card, card_changes(sent), by=current_user, base_version=card.version)

    done, confirm = settle(conflict, restore=restore if editable else None,
                           back=url_for("evaluations.card", card_id=card.id))
    if done:
        return done
    differences = _differences(card, conflict.data.get("values") or {}, flat_labels(sent), conflict.data.get("theirs"))
    return render_template("evaluations/conflict.html", card=card, conflict=conflict, differences=differences,
                           confirm=confirm, editable=editable)


@bp.get("/<district>/schede/<int:card_id>/storia")
@role_required(*OFFICE_AND_REFERENTS)
def history(card_id: int):
    card = card_or_404(card_id)
    theses = {t.id: f"{n}. {t.text}" for n, t in enumerate(card.campaign.plan.theses, start=1)}
    return render_template("evaluations/history.html", card=card, sections=services.SECTION_LABELS,
                           entries=history_entries(services.card_history(card), theses))


@bp.post("/<district>/schede/<int:card_id>/revisione")
@role_required(*OFFICE)
def review(card_id: int):
    card = card_or_404(card_id)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            if form.decision.data == "approve":
                services.approve_card(card, comment=form.comment.data, by=current_user)
                message = _("The card has been approved.")
            else:
                services.return_card(card, comment=form.comment.data, by=current_user)
                notify_returned(card)
                message = _("The card has been returned to the referents with your comments.")
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("evaluations.campaign", campaign_id=card.campaign_id))
        except DomainError as error:
            db.session.rollback()
            form.comment.errors = [*form.comment.errors, error.message]
    return render_template("evaluations/card_view.html", card=card, review=form, is_office=True,
                           conflicts=open_conflicts(card)), 422
