"""The views' side of versioned edits (app/versioned.py) and the server side of static/js/autosave.js.

`answer` serves the edit forms whose records keep no conflict copies (meetings, minutes, plan-draft objectives,
focus groups): the same form the page posts, answered in JSON.

- saved: 200 with the new version token;
- someone saved since the page was loaded: 409 with both versions field by field (nothing is overwritten: the
  user's text stays in the page and on their computer, the other one in the database);
- bad input: 400 with a message and the fields to mark; a record that can no longer change: 409;
- no version, or a malformed one (the page always sends the one it was given): 400, nothing saved.

Cards, posts and plan-draft chapters keep each losing version as a copy (`save_or_keep`), answer autosave.js
with `kept` when that happens, and settle the copy on one conflict page (`conflict_or_404`, `settle`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import BooleanField, FieldList, FormField

from .auth import role_required
from .clock import format_hour
from .errors import ConflictError, DomainError
from .extensions import csrf, db
from .forms import form_status
from .structure import InvalidField
from .versioned import ConflictCopy, EditConflict, conflict_message, keep, resolve, version_of, version_token
from .view_helpers import NO_STORE, ConfirmForm, owned_or_404, saved

SKIPPED = ("csrf_token", "version")


def plain_errors(errors):
    """Form errors (lazy strings, nested for lists of rows) as JSON-ready data."""
    if isinstance(errors, dict):
        return {str(key): plain_errors(value) for key, value in errors.items()}
    if isinstance(errors, (list, tuple)):
        return [plain_errors(error) for error in errors]
    return str(errors)


def _shown(field) -> str:
    """A field's value as the user reads it: choices by their label, yes/no, blank for nothing."""
    data = field.data
    if isinstance(field, BooleanField):
        return _("Yes") if data else _("No")
    choices = getattr(field, "choices", None)
    if isinstance(choices, (list, tuple)) and all(isinstance(c, (list, tuple)) for c in choices):
        labels = {str(value): str(label) for value, label in choices}
        if isinstance(data, (list, tuple)):
            return "\n".join(labels.get(str(item), str(item)) for item in data)
        if data in (None, ""):
            return ""
        return labels.get(str(data), str(data))
    return "" if data is None else str(data)


def _hidden(field) -> bool:
    return getattr(field.widget, "input_type", None) == "hidden"


def flat_values(form) -> dict[str, str]:
    """{label: value} of every visible field; a list of rows gives "<first label> <n>" per row."""
    values: dict[str, str] = {}
    for field in form:
        if field.name in SKIPPED or _hidden(field):
            continue
        if isinstance(field, FieldList):
            for number, row in enumerate(field, start=1):
                parts = [sub for sub in (row.form if isinstance(row, FormField) else [row]) if not _hidden(sub)]
                label = str(parts[0].label.text) if parts else str(field.label.text)
                values[f"{label} {number}"] = "\n\n".join(v for v in (_shown(sub) for sub in parts) if v)
        else:
            values[str(field.label.text)] = _shown(field)
    return values


def differences(mine: dict[str, str], theirs: dict[str, str]) -> list[dict]:
    """The fields where the two versions differ, as autosave.js and the conflict boxes show them."""
    return [{"field": key, "label": key, "mine": mine.get(key, ""), "theirs": theirs.get(key, "")}
            for key in dict.fromkeys([*mine, *theirs])
            if mine.get(key, "").strip() != theirs.get(key, "").strip()]


def _version(record):
    """What the page's hidden version field gets back: the number, or the content digest of unversioned records."""
    return record.version if hasattr(record, "version") else version_token(record)


def saved_at(moment) -> dict:
    """When a record was saved, for autosave.js: the moment (ISO, UTC) and the hour it shows (Rome time)."""
    return {"saved_at": moment.isoformat() + "Z", "saved_time": format_hour(moment)}


def expired():
    """The answer to an autosave whose page outlived its CSRF token."""
    return jsonify(error="csrf", message=_("The page expired: your text is kept on this computer. "
                                           "Reload the page to go on.")), 400


def invalid(message: str, errors: dict | None = None, version=None):
    return jsonify(error="invalid", message=message, errors=errors or {}, version=version), 400


def version_refused(record, form):
    """The 400 for a post without a usable version (forms.RequiredVersion), or None when it has one; for the
    views that answer autosave.js themselves (cards, posts, chapters)."""
    if not form.version.errors:
        return None
    return invalid(str(form.version.errors[0]), plain_errors({"version": form.version.errors}), _version(record))


def answer(record, form, service: Callable[[], object], *, saved_data: Callable[[], dict], conflict_url: str,
           locked: str | None = None):
    """Validate `form`, run `service` (which checks the version), commit, and answer autosave.js.

    `saved_data` gives the form's data for the record as saved, to show the other version on a conflict;
    `locked` is the reason the record can no longer change, if it can't.
    """
    if locked:
        return jsonify(error="not_editable", message=locked), 409
    if not form.validate():
        if "csrf_token" in form.errors:
            return expired()
        if getattr(form, "version", None) is not None and form.version.errors:
            return version_refused(record, form)
        return invalid(_("Not saved: correct the fields marked in red."), plain_errors(form.errors),
                       _version(record))
    try:
        service()
        db.session.commit()
    except (ConflictError, StaleDataError):
        db.session.rollback()
        mine = flat_values(form)
        form.process(formdata=None, data=saved_data())
        return jsonify(error="conflict", message=conflict_message(), version=_version(record),
                       conflict_url=conflict_url, differences=differences(mine, flat_values(form))), 409
    except InvalidField as error:
        db.session.rollback()
        return invalid(error.message, {error.field: [error.message]}, _version(record))
    except DomainError as error:
        db.session.rollback()
        return invalid(error.message, {}, _version(record))
    except IntegrityError:
        db.session.rollback()
        return invalid(_("The change clashes with data saved meanwhile: reload the page and try again."), {},
                       _version(record))
    return jsonify(ok=True, version=_version(record), errors={})


@dataclass(frozen=True)
class EditPage:
    """An edit page whose form autosaves, described once for the page and for the endpoint autosave.js posts to.

    `form(record)` gives the form (bound to what was posted) and the service call that saves it; `data(record)`
    the form's data for the record as saved (what a conflict shows as the other version)."""
    model: type
    form: Callable[[Any], tuple[Any, Callable[[], object]]]
    data: Callable[[Any], dict]
    template: str
    context: Callable[[Any], dict]      # the template's variables besides the form
    saved: Callable[[Any], str]         # the message once saved
    done: Callable[[Any], str]          # where to go then


def add_edit_page(bp, rule: str, name: str, roles, page: EditPage) -> None:
    """Add `rule + "modifica"` (endpoint `name_edit`: GET shows the form, POST saves it) and `rule + "salva"`
    (`name_autosave`: autosave.js, answered in JSON) to `bp`; `rule` names the record's id, e.g.
    "/<district>/aree/<int:area_id>/"."""
    def edit(**ids):
        record = owned_or_404(page.model, *ids.values())
        form, save = page.form(record)
        if saved(form, save):
            flash(page.saved(record), "success")
            return redirect(page.done(record))
        # no-store: "back" must not show a copy with an old version
        return render_template(page.template, form=form, **page.context(record)), form_status(), NO_STORE

    def autosave(**ids):
        record = owned_or_404(page.model, *ids.values())
        form, save = page.form(record)
        return answer(record, form, save, saved_data=lambda: page.data(record),
                      conflict_url=url_for(f"{bp.name}.{name}_edit", **ids))

    for view, suffix in ((edit, "edit"), (autosave, "autosave")):
        view.__name__ = view.__qualname__ = f"{name}_{suffix}"
    bp.add_url_rule(rule + "modifica", view_func=role_required(*roles)(edit), methods=["GET", "POST"])
    # The form checks its CSRF token itself and answers in JSON.
    bp.add_url_rule(rule + "salva", view_func=csrf.exempt(role_required(*roles)(autosave)), methods=["POST"])


# ---- records that keep conflict copies (cards, posts, chapters) ----------------------------------------------

def save_or_keep(record, form, service: Callable[[], object], *, sent: dict,
                 theirs: Callable[[], dict]) -> ConflictCopy | None:
    """Run `service` (which refuses a stale version with EditConflict, keeping `sent`) and commit.

    When someone saved first, or two saves raced past the version check (StaleDataError), what was sent is
    kept, with the record as saved at that moment under "theirs", and committed: the copy is returned.
    """
    try:
        service()
        db.session.commit()
        return None
    except EditConflict as error:
        conflict = error.conflict
    except StaleDataError:
        db.session.rollback()
        conflict = keep(record, sent, base_version=version_of(form), by=current_user)
    conflict.data = {**conflict.data, "theirs": theirs()}
    db.session.commit()
    return conflict


def kept(record, conflict: ConflictCopy, *, message: str, conflict_url: str, differences: list[dict]):
    """autosave.js's 409 when the save was kept as a copy: both versions, and the page that settles them."""
    return jsonify(error="conflict", message=message, version=record.version, conflict_id=conflict.id,
                   conflict_url=conflict_url, differences=differences), 409


def conflict_or_404(record, conflict_id: int) -> ConflictCopy:
    """A conflict copy of `record`, or 404 (one of another record, of another district, or none)."""
    conflict = db.session.get(type(record).conflicts.property.mapper.class_, conflict_id)
    if conflict is None or conflict not in record.conflicts:
        abort(404)
    return conflict


def settle(conflict: ConflictCopy, *, restore: Callable[[], object] | None, back: str):
    """The conflict page's POST: "restore" saves the kept version over the current one (when `restore` is
    given), then the conflict is marked resolved. Returns the redirect to `back`, or None with the form to
    show (GET, or a post without a valid token)."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return None, form
    try:
        if request.form.get("action") == "restore" and restore is not None:
            restore()
        resolve(conflict, by=current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
    else:
        flash(_("Done: the conflict is marked as resolved."), "success")
    return redirect(back), form
