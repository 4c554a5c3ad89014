"""Grouping variants (suggestions one by one, merge, split, rename) and the classification board.

Board moves answer JSON to board.js (drag and drop) and redirect for the no-JS select + button; a stale
version answers 409 with a message, never overwriting another facilitator's move.
"""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm.exc import StaleDataError

from app.auth import role_required
from app.errors import ConflictError, DomainError
from app.extensions import db
from app.forms import form_status
from app.structure import InvalidField
from app.structure_forms import MoveForm
from app.view_helpers import OFFICE_AND_FACILITATORS, ConfirmForm, confirm_delete, owned_or_404, saved

from . import board_services as svc
from .blueprint import focus as bp
from .forms import (ExtraColumnForm, ExtraColumnTextForm, MergeForm, MoveGroupForm, RenameForm, StatementForm,
                    StatementTextForm)
from .models import BoardColumn, ExtraColumn, FocusGroup, Keyword, KeywordGroup, KeywordSession, Statement


def _rejected(session_id: int) -> set[tuple[int, int]]:
    return {tuple(p) for p in session.get(f"focus-rejected-{session_id}", [])}


def grouping_url(ks: KeywordSession, anchor=None) -> str:
    return url_for("focus.grouping", session_id=ks.id, _anchor=anchor)


def board_url(focus: FocusGroup, anchor=None) -> str:
    return url_for("focus.board", focus_id=focus.id, _anchor=anchor)


def _group_new_keywords(sessions, back: str):
    """POST on the grouping page or the board: place the keywords sent since the last grouping."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    placed = svc.group_new_keywords(sessions)
    db.session.commit()
    flash(ngettext("%(num)d new keyword added to the groups.", "%(num)d new keywords added to the groups.",
                   placed), "success")
    return redirect(back)


@bp.route("/<district>/focus/sessioni/<int:session_id>/raggruppa", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def grouping(session_id: int):
    """GET reads the stored groups (keywords sent since the last grouping are counted, not placed);
    POST places them."""
    ks = owned_or_404(KeywordSession, session_id)
    if request.method == "POST":
        return _group_new_keywords([ks], grouping_url(ks))
    offers = svc.suggestions(ks, _rejected(ks.id))
    return render_template("focus_groups/grouping.html", ks=ks, focus=ks.focus_group, groups=svc.live_groups(ks),
                           offer=offers[0] if offers else None, remaining=len(offers), confirm=ConfirmForm(),
                           count=svc.group_count, splittable=svc.splittable, pending=len(svc.unplaced(ks)))


@bp.post("/<district>/focus/sessioni/<int:session_id>/<any(unisci, rifiuta):action>")
@role_required(*OFFICE_AND_FACILITATORS)
def suggestion_answer(session_id: int, action: str):
    ks = owned_or_404(KeywordSession, session_id)
    form = MergeForm()
    if not form.validate_on_submit():
        abort(400)
    target = owned_or_404(KeywordGroup, int(form.target.data))
    other = owned_or_404(KeywordGroup, int(form.other.data))
    if target.session_id != ks.id or other.session_id != ks.id:
        abort(404)
    if action == "unisci":
        try:
            svc.merge(target, other)
            db.session.commit()
            flash(_("Merged: %(other)s now counts in %(target)s.", other=other.label, target=target.label), "success")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
    else:
        key = f"focus-rejected-{ks.id}"
        session[key] = [*session.get(key, []), sorted((target.id, other.id))]
    return redirect(grouping_url(ks, "suggestion"))


@bp.post("/<district>/focus/gruppi/<int:group_id>/separa")
@role_required(*OFFICE_AND_FACILITATORS)
def group_split(group_id: int):
    group = owned_or_404(KeywordGroup, group_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        svc.split(group)
        db.session.commit()
        flash(_("Merge undone: %(label)s split again.", label=group.label), "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(request.form.get("next") or grouping_url(group.session))


@bp.post("/<district>/focus/parole/<int:keyword_id>/stacca")
@role_required(*OFFICE_AND_FACILITATORS)
def keyword_detach(keyword_id: int):
    keyword = owned_or_404(Keyword, keyword_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        svc.detach(keyword)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(grouping_url(keyword.session))


@bp.route("/<district>/focus/gruppi/<int:group_id>/nome", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def group_rename(group_id: int):
    group = owned_or_404(KeywordGroup, group_id)
    form = RenameForm(data={"version": group.version, "label": group.label})
    if saved(form, lambda: svc.rename(group, label=form.label.data, version=form.version.data)):
        flash(_("Group renamed %(label)s.", label=group.label), "success")
        return redirect(request.args.get("next") or grouping_url(group.session))
    return render_template("focus_groups/rename.html", form=form, group=group, focus=group.session.focus_group), \
        form_status()


# --- the board ----------------------------------------------------------------------------------------

def _statement_form(focus: FocusGroup, board_groups, **data) -> StatementForm:
    """The form of a new statement, or of one being edited when `data` (with its version) is given."""
    form = StatementForm(data=data or None, creating=not data)
    form.groups.choices = [(g.id, g.label) for g in board_groups]
    return form


@bp.route("/<district>/focus/<int:focus_id>/lavagna", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def board(focus_id: int):
    """GET reads the board; POST places the keywords sent since the last grouping."""
    focus = owned_or_404(FocusGroup, focus_id)
    if request.method == "POST":
        return _group_new_keywords(focus.sessions, board_url(focus))
    groups = svc.board_groups(focus)
    return _render_board(focus, groups, _statement_form(focus, groups))


def _render_board(focus, groups, form, status=200, column_form=None):
    columns = [(c, sorted((g for g in groups if g.column == c), key=lambda g: (g.position, g.id)))
               for c in BoardColumn]
    loose = sorted((g for g in groups if g.column is None), key=lambda g: (g.position, g.id))
    statements = {c: sorted((s for s in focus.statements if s.column == c), key=lambda s: (s.position, s.id))
                  for c in BoardColumn}
    return render_template("focus_groups/board.html", focus=focus, columns=columns, loose=loose,
                           statements=statements, form=form, confirm=ConfirmForm(), count=svc.group_count,
                           pending=sum(len(svc.unplaced(session)) for session in focus.sessions),
                           choices=[("", _("Not classified")), *BoardColumn.choices()],
                           projector=request.args.get("vista") == "proiettore",
                           column_form=column_form or ExtraColumnForm(formdata=None)), status


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.is_json


@bp.post("/<district>/focus/gruppi/<int:group_id>/colonna")
@role_required(*OFFICE_AND_FACILITATORS)
def group_move(group_id: int):
    group = owned_or_404(KeywordGroup, group_id)
    focus = group.session.focus_group
    form = MoveGroupForm()
    if not form.validate_on_submit():
        if _wants_json():
            message = form.version.errors[0] if form.version_refused else _("The move could not be understood.")
            return jsonify(error="invalid", message=str(message)), 400
        abort(400)
    try:
        svc.move_group(group, column=form.column.data or None, version=form.version.data,
                       position=form.position.data)
        db.session.commit()
    except (ConflictError, StaleDataError) as error:
        db.session.rollback()
        message = getattr(error, "message", None) or _("Someone else moved this group meanwhile: reload the page.")
        if _wants_json():
            return jsonify(error="conflict", message=message), 409
        flash(message, "error")
        return redirect(board_url(focus)), 303
    if _wants_json():
        versions = {g.id: g.version for g in svc.board_groups(focus)}
        return jsonify(ok=True, id=group.id, column=group.column.value if group.column else "",
                       version=group.version, versions=versions)
    return redirect(board_url(focus, f"group-{group.id}"))


@bp.post("/<district>/focus/<int:focus_id>/affermazioni")
@role_required(*OFFICE_AND_FACILITATORS)
def statement_new(focus_id: int):
    focus = owned_or_404(FocusGroup, focus_id)
    groups = svc.board_groups(focus)
    form = _statement_form(focus, groups)
    if saved(form, lambda: svc.add_statement(focus, column=form.column.data, text=form.text.data,
                                             group_ids=form.groups.data)):
        flash(_("Statement added."), "success")
        return redirect(board_url(focus, f"column-{form.column.data}"))
    return _render_board(focus, groups, form, 422)


@bp.route("/<district>/focus/affermazioni/<int:statement_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def statement_edit(statement_id: int):
    statement = owned_or_404(Statement, statement_id)
    focus = statement.focus_group
    groups = svc.board_groups(focus)
    form = _statement_form(focus, groups, version=statement.version, column=statement.column.value,
                           text=statement.text, groups=[g.id for g in statement.keyword_groups])
    if saved(form, lambda: svc.update_statement(statement, version=form.version.data, column=form.column.data,
                                                text=form.text.data, group_ids=form.groups.data)):
        flash(_("Statement saved."), "success")
        return redirect(board_url(focus, f"statement-{statement.id}"))
    return render_template("focus_groups/statement_form.html", form=form, statement=statement, focus=focus), \
        form_status()


def _saved_in_place(form, service, answer, back: str):
    """Save what was edited in place on the board. To board.js, JSON with the new version to send next: 400 for
    a missing or malformed version or token, 422 with the reason when the text is refused, 409 when someone
    else changed it first. To a form posted without JavaScript, back to the board (`back`) with the message."""
    as_json = _wants_json()
    if not form.validate_on_submit():
        errors = [str(e) for field in form if field.name != "csrf_token" for e in field.errors]
        token = getattr(form, "csrf_token", None)
        refused = form.version.errors or (token is not None and token.errors)
        message = errors[0] if errors else _("The text could not be saved.")
        status = 400 if refused else 422
    else:
        try:
            service()
            db.session.commit()
            if as_json:
                return jsonify(ok=True, **answer())
            flash(_("Saved."), "success")
            return redirect(back)
        except InvalidField as error:
            db.session.rollback()
            message, status = error.message, 422
        except (ConflictError, StaleDataError) as error:
            db.session.rollback()
            message = getattr(error, "message", None) or _("Someone else changed this text meanwhile: reload the "
                                                           "page.")
            status = 409
    if as_json:
        return jsonify(error="conflict" if status == 409 else "invalid", message=str(message)), status
    flash(message, "error")
    return redirect(back), 303


@bp.post("/<district>/focus/affermazioni/<int:statement_id>/testo")
@role_required(*OFFICE_AND_FACILITATORS)
def statement_text(statement_id: int):
    statement = owned_or_404(Statement, statement_id)
    form = StatementTextForm()
    return _saved_in_place(form, lambda: svc.reword_statement(statement, version=form.version.data,
                                                               text=form.text.data),
                           lambda: {"id": statement.id, "version": statement.version, "text": statement.text},
                           board_url(statement.focus_group, f"statement-{statement.id}"))


# --- lists the room adds beside the four columns -------------------------------------------------------

@bp.post("/<district>/focus/<int:focus_id>/colonne")
@role_required(*OFFICE_AND_FACILITATORS)
def extra_column_new(focus_id: int):
    focus = owned_or_404(FocusGroup, focus_id)
    form = ExtraColumnForm()
    created = saved(form, lambda: svc.add_extra_column(focus, form.name.data))
    if created:
        flash(_("Column “%(name)s” added: write in it what the room adds.", name=created.name), "success")
        return redirect(board_url(focus, f"extra-{created.id}"))
    groups = svc.board_groups(focus)
    return _render_board(focus, groups, _statement_form(focus, groups), 422, column_form=form)


@bp.post("/<district>/focus/colonne/<int:column_id>/testo")
@role_required(*OFFICE_AND_FACILITATORS)
def extra_column_text(column_id: int):
    """The column's name or what the room wrote in it, whichever of the two is sent."""
    column = owned_or_404(ExtraColumn, column_id)
    form = ExtraColumnTextForm()
    fields = {name: request.form[name] for name in ("name", "body") if name in request.form}
    return _saved_in_place(form, lambda: svc.update_extra_column(column, version=form.version.data, **fields),
                           lambda: {"id": column.id, "version": column.version, "name": column.name,
                                    "body": column.body},
                           board_url(column.focus_group, f"extra-{column.id}"))


@bp.route("/<district>/focus/colonne/<int:column_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def extra_column_delete(column_id: int):
    column = owned_or_404(ExtraColumn, column_id)
    focus = column.focus_group
    return confirm_delete(column, title=_("Delete the column"), name=column.name,
                          consequences=[ngettext("What the room wrote in it: %(num)d line.",
                                                 "What the room wrote in it: %(num)d lines.", len(column.items))],
                          cancel=board_url(focus), delete=lambda: svc.delete_extra_column(column),
                          done=board_url(focus), message=_("Column deleted."))


@bp.route("/<district>/focus/affermazioni/<int:statement_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def statement_delete(statement_id: int):
    """Asked first: a statement is the room's shared wording, and a click in front of everyone is easy."""
    statement = owned_or_404(Statement, statement_id)
    focus = statement.focus_group
    return confirm_delete(statement, title=_("Delete the statement"), name=statement.text, consequences=[],
                          cancel=board_url(focus), delete=lambda: svc.delete_statement(statement),
                          done=board_url(focus), message=_("Statement deleted."))


@bp.post("/<district>/focus/affermazioni/<int:statement_id>/sposta")
@role_required(*OFFICE_AND_FACILITATORS)
def statement_move(statement_id: int):
    statement = owned_or_404(Statement, statement_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    svc.move_statement(statement, form.direction.data)
    db.session.commit()
    return redirect(board_url(statement.focus_group, f"statement-{statement.id}"))
