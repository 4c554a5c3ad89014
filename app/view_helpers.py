"""What every management view shares: who may open it (role groups), loading a record of the district in the
URL, saving a form through a service, the delete confirmation, the one-button form and the no-store header."""
from __future__ import annotations

from typing import Callable

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import Field, FieldList

from .errors import ConflictError, DomainError
from .extensions import db
from .forms import FlaskForm
from .models import Role
from .office_registries import delete_warnings
from .structure import InvalidField
from .structure_forms import MoveForm
from .versioned import conflict_message

# Who may open a page, by role in the district: `role_required(*OFFICE)`, `has_role(district_id, *OFFICE)`.
OFFICE = (Role.PLANNING_OFFICE,)
FACILITATORS = (Role.FACILITATOR,)
REFERENTS = (Role.REFERENT,)
OFFICE_AND_FACILITATORS = (Role.PLANNING_OFFICE, Role.FACILITATOR)
OFFICE_AND_REFERENTS = (Role.PLANNING_OFFICE, Role.REFERENT)
EVERY_ROLE = (Role.PLANNING_OFFICE, Role.FACILITATOR, Role.REFERENT)

# Edit pages autosave: "back" must not show a copy with an old version.
NO_STORE = {"Cache-Control": "no-store"}


class ConfirmForm(FlaskForm):
    """Only the CSRF token: confirmation pages and one-button actions."""


def may_open(endpoint: str) -> bool:
    """Whether `endpoint` exists and the current user holds a role it requires in g.district."""
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return False
    roles = getattr(view, "required_roles", ())
    return bool(roles) and "admin" not in roles and current_user.has_role(g.district.id, *roles)


def owned_or_404(model, object_id: int):
    """The record with this id, if it belongs to the district in the URL; 404 otherwise."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.audit_district_id != g.district.id:
        abort(404)
    return obj


def saved(form, service: Callable[[], object]):
    """Validate `form`, run `service`, commit, and return what the service returned.

    A service that returns nothing (or something falsy) gives True, so the answer is always truthy when saved.
    On a domain error roll back, show the error on the form and return None; an invalid form also gives None.
    """
    if not form.validate_on_submit():
        return None
    try:
        result = service()
        db.session.commit()
        return result or True
    except InvalidField as error:
        db.session.rollback()
        target = getattr(form, error.field, None)
        if isinstance(target, Field) and not isinstance(target, FieldList):
            target.errors = [*target.errors, error.message]
        else:
            form.form_errors.append(error.message)
    except ConflictError as error:
        db.session.rollback()
        form.conflict = True
        form.form_errors.append(error.message)
    except StaleDataError:
        db.session.rollback()
        form.conflict = True
        form.form_errors.append(conflict_message())
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
    except IntegrityError:
        db.session.rollback()
        form.form_errors.append(_("The change clashes with data saved meanwhile: reload the page and try again."))
    return None


def confirm_delete(obj, *, title: str, name: str, consequences: list[str], cancel: str,
                   delete: Callable[[], None], done: str, message: str):
    """The confirmation page (GET) and the deletion itself (POST)."""
    consequences = [*filter(None, consequences), *filter(None, (warn(obj) for warn in delete_warnings()))]
    form = ConfirmForm()
    if form.validate_on_submit():
        delete()
        db.session.commit()
        flash(message, "success")
        return redirect(done)
    return render_template("office/confirm_delete.html", form=form, title=title, name=name,
                           consequences=consequences, cancel=cancel)


def move_from_request(mover: Callable[[object, str], None], obj) -> None:
    """Move `obj` up or down as the posted MoveForm says, and commit; 400 on anything else."""
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    mover(obj, form.direction.data)
    db.session.commit()


def plan_url(plan_or_id, anchor: str | None = None) -> str:
    """A plan's management page, at `anchor`."""
    plan_id = getattr(plan_or_id, "id", plan_or_id)
    return url_for("office.plan", plan_id=plan_id, _anchor=anchor)
