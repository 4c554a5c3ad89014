"""The paper path: download cards as a workbook, fill it offline, upload it back (nothing is written unless
every cell of every card is valid), and the printable view of a card (browser print, or save as PDF)."""
from __future__ import annotations

import re

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileAllowed, FileField, FileRequired

from app import funding
from app.auth import role_required
from app.errors import DomainError
from app.extensions import db
from app.forms import FlaskForm, form_status
from app.account_models import User
from app.models import FundingSource
from app.office_registries import register_district_section
from app.view_helpers import OFFICE_AND_REFERENTS

from . import services
from .blueprint import card_offline as bp
from .card_data import card_dicts, thesis_numbers, vocabulary
from .card_xlsx import CellProblem, OfflineCard, cards_to_workbook, read_cards_workbook
from .models import EvaluationCard, ImplementationState, InvolvedKind, ObjectiveReached, THESIS_SCALE
from .view_helpers import card_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

register_district_section("card_offline.upload", _l("Cards on paper"), OFFICE_AND_REFERENTS,
                          _l("Download your cards as a spreadsheet, fill them in offline, upload them back."),
                          order=130)


class UploadForm(FlaskForm):
    workbook = FileField(_l("Filled-in workbook (.xlsx)"), validators=[
        FileRequired(_l("Choose the file to upload.")),
        FileAllowed(["xlsx"], _l("Upload the .xlsx file you downloaded from here."))])


def _workbook_response(cards: list[EvaluationCard], filename: str) -> Response:
    dicts = []
    for campaign_id in dict.fromkeys(c.campaign_id for c in cards):
        same = [c for c in cards if c.campaign_id == campaign_id]
        dicts += card_dicts(same[0].campaign, card_ids=[c.id for c in same])
    intro = next((c.campaign.intro for c in cards if c.campaign.intro), "") or ""
    payload = cards_to_workbook(dicts, _vocabulary(), intro=intro)
    return Response(payload, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                                     "Cache-Control": "private, no-store"})


@bp.get("/<district>/schede/<int:card_id>/scheda.xlsx")
@role_required(*OFFICE_AND_REFERENTS)
def download_card(card_id: int):
    card = card_or_404(card_id)
    code = re.sub(r"[^A-Za-z0-9._-]+", "-", card.action.code or "")
    return _workbook_response([card], f"scheda-{code}-{card.id}.xlsx")


@bp.get("/<district>/schede/mie.xlsx")
@role_required(*OFFICE_AND_REFERENTS)
def download_mine():
    """Every card of the referent (the planning office may ask for anyone's with ?referente=<user id>) in the
    district's open campaigns."""
    user = current_user
    referent_id = request.args.get("referente", type=int)
    if referent_id and referent_id != current_user.id:
        if not services.is_office(current_user, g.district.id):
            abort(403)
        user = db.session.get(User, referent_id) or abort(404)
    cards = [c for c in services.cards_of(user, g.district.id) if c.campaign.is_open]
    if not cards:
        flash(_("There is no card of an open campaign to download."), "info")
        return redirect(url_for("card_offline.upload"))
    return _workbook_response(cards, f"schede-{g.district.slug}-{user.id}.xlsx")


def _vocabulary():
    """The workbook's coded values, the district's funding programmes among them."""
    return vocabulary([programme.name for programme in funding.programmes(g.district.id)])


def _changes(card: EvaluationCard, data: dict) -> dict:
    """The workbook's values as save_card() takes them: enum members, child rows, ratings by thesis id."""
    enum = lambda cls, v: cls(v) if v is not None else None  # noqa: E731
    changes = {key: data.get(key) for key in (
        "progress_percent", "actual_start", "actual_end", "activities", "deviations", "people_min", "people_max",
        "beneficiaries", "people_notes", "staff_hours", "resources_notes", "strengths", "problems",
        "carry_forward", "nobody_reason")}
    changes["implementation_state"] = enum(ImplementationState, data.get("implementation_state"))
    changes["objective"] = enum(ObjectiveReached, data.get("objective"))
    changes["nobody_can_report"] = bool(data.get("nobody_can_report"))
    changes["organizations"] = [{**row, "kind": InvolvedKind(row["kind"])} for row in data["organizations"]]
    programmes = {p.name: p.id for p in funding.programmes(card.campaign.district_id)}
    changes["resources"] = [{**row, "source": FundingSource(row["source"]),
                             "programme_id": programmes.get(row.get("programme"))}
                            for row in data["resources"]]
    changes["indicators"] = list(data["indicators"])
    thesis_ids = {number: tid for tid, (number, _text) in thesis_numbers(card.campaign.plan).items()}
    changes["thesis_ratings"] = {thesis_ids[t["number"]]: (t["rating"], t["comment"])
                                 for t in data["theses"] if t["number"] in thesis_ids}
    return changes


def _check_cards(offline: list[OfflineCard]) -> tuple[list[tuple[EvaluationCard, OfflineCard]], list[CellProblem]]:
    """The cards the file speaks of, if the user may still change them and nobody saved them meanwhile."""
    pairs, problems = [], []
    for item in offline:
        card = db.session.get(EvaluationCard, item.card_id)
        if card is None or card.campaign.district_id != g.district.id or not services.may_read(current_user, card):
            problems.append(CellProblem(item.sheet, "C2", _("Card number"), _("This card is not one of yours.")))
        elif not card.is_editable:
            problems.append(CellProblem(item.sheet, "C2", _("Card number"),
                                        _("This card has been sent or its campaign is closed: it cannot change.")))
        elif card.version != item.version:
            problems.append(CellProblem(item.sheet, "C3", _("Version"), _(
                "The card was saved by someone else after you downloaded it (version %(file)d, now %(now)d): "
                "download it again and copy your changes there.", file=item.version, now=card.version)))
        else:
            pairs.append((card, item))
    return pairs, problems


@bp.route("/<district>/schede/carica", methods=["GET", "POST"])
@role_required(*OFFICE_AND_REFERENTS)
def upload():
    form = UploadForm()
    problems: list[CellProblem] = []
    if form.validate_on_submit():
        offline, problems = read_cards_workbook(form.workbook.data.read(), _vocabulary())
        if not problems:
            pairs, problems = _check_cards(offline)
        if not problems:
            try:
                changed = sum(services.save_card(card, _changes(card, item.data), by=current_user,
                                                 base_version=item.version) for card, item in pairs)
                db.session.commit()
            except DomainError as error:       # nothing is kept: the whole file is one change
                db.session.rollback()
                problems = [CellProblem("-", "-", _("File"), error.message)]
            else:
                flash(_("The file was read: %(cards)d cards, %(changed)d changed.", cards=len(pairs),
                        changed=changed), "success")
                return redirect(url_for("card_offline.upload"))
    status = 422 if problems else form_status()
    return render_template("evaluations/offline_upload.html", form=form, problems=problems), status


@bp.get("/<district>/schede/<int:card_id>/stampa")
@role_required(*OFFICE_AND_REFERENTS)
def print_card(card_id: int):
    card = card_or_404(card_id)
    data = card_dicts(card.campaign, card_ids=[card.id])[0]
    vocab = _vocabulary()
    return render_template("evaluations/print.html", card=card, c=data, vocab=vocab, scale=THESIS_SCALE,
                           missing=services.missing_items(card) if card.is_editable else [])
