"""Login, logout, invitations, and the one permission decorator every non-public view uses."""
from __future__ import annotations

import hmac
from functools import wraps
from urllib.parse import urlsplit

from flask import (abort, current_app, flash, g, jsonify, make_response, redirect, render_template,
                   request, url_for)
from flask_limiter.util import get_remote_address
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

# The forgotten-password pages add their routes to the same blueprint when imported here.
from . import password_reset, people  # noqa: F401
from .blueprint import auth as bp
from .errors import DomainError
from .extensions import db, limiter, login_account_key, login_manager, login_rate_key
from .forms import AcceptInvitationForm, LoginForm, form_status
from .account_models import User
from .models import Role, utcnow
from .security import start_fresh_session


@login_manager.user_loader
def load_user(session_id: str):
    """The account of a login session, while the session's token is the account's current one (a new password,
    a removed role or a deactivation ends every session opened before)."""
    user_id, _sep, token = (session_id or "").partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 19 else None
    if user is None or not token or not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


def wants_json() -> bool:
    return request.path.startswith("/api/")


@login_manager.unauthorized_handler
def unauthorized():
    if wants_json():
        return jsonify(error="authentication_required", message=_("Please log in.")), 401
    flash(_("Please log in to see this page."), "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def role_required(*roles: Role):
    """Let the view run only for users holding one of `roles`.

    In a district's URL (`g.district` set from `<district>`) the role must be held there; elsewhere in
    any district. Anonymous users go to the login page (JSON 401 under /api/), others get 403.
    """
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not user_may(current_user, roles):
                if wants_json():
                    return jsonify(error="forbidden", message=_("You do not have permission.")), 403
                abort(403)
            return view(*args, **kwargs)
        wrapped.required_roles = roles
        return wrapped
    return decorator


def user_may(user: User, roles) -> bool:
    district = g.get("district")
    if district is not None:
        return user.has_role(district.id, *roles)
    return user.is_admin or any(m.role in roles for m in user.memberships)


def admin_required(view):
    """Installation-wide operations (creating districts) are for administrators only."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)
    wrapped.required_roles = ("admin",)
    return wrapped


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: browsers read a backslash as a slash, so "/\\host" would leave it."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


def _failed_login(response) -> bool:
    """Only failed attempts count against the limits: a successful login redirects."""
    return response.status_code != 302


def _too_many_logins(_limit):
    """The login page again, with the reason and what to do, instead of a bare error page."""
    form = LoginForm()
    form.form_errors.append(_("Too many failed login attempts: wait a few minutes and try again. "
                              "If you forgot your password, ask for a new one from this page."))
    return make_response(render_template("auth/login.html", form=form), 429)


def _login_limit(setting: str, key_func):
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"], key_func=key_func,
                         deduct_when=_failed_login, on_breach=_too_many_logins)


@bp.route("/login", methods=["GET", "POST"])
@_login_limit("LOGIN_RATE_LIMIT", login_rate_key)
@_login_limit("LOGIN_ACCOUNT_RATE_LIMIT", login_account_key)
@_login_limit("LOGIN_ADDRESS_RATE_LIMIT", get_remote_address)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = people.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_fresh_session()   # nothing from before the login survives into the user's session
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            db.session.commit()
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            target = request.args.get("next")
            return redirect(target if is_safe_next(target) else url_for("office.dashboard"))
        form.password.errors.append(_("E-mail or password is wrong."))
    return render_template("auth/login.html", form=form), form_status()


@bp.post("/logout")
def logout():
    logout_user()
    start_fresh_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/invito/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = people.invitation_from_token(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 410
    existing = people.find_user(invitation.email)
    if existing is not None and existing.active and existing.password_hash and not _logged_in_as(existing):
        # An account of its own joins only with its owner logged in: whoever else reads the link gets nothing.
        return render_template("auth/accept_invitation_login.html", invitation=invitation,
                               logged_in_as_other=current_user.is_authenticated,
                               login_url=url_for("auth.login", next=request.path))
    form = AcceptInvitationForm(name=invitation.name or (existing.name if existing else None))
    if existing is not None and existing.password_hash:
        del form.password, form.confirm
    if form.validate_on_submit():
        try:
            user = people.accept_invitation(invitation, name=form.name.data,
                                            password=form.password.data if "password" in form else None,
                                            by=current_user if current_user.is_authenticated else None)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            login_user(user)
            flash(_("Welcome, %(name)s: you joined %(district)s.", name=user.name,
                    district=invitation.district.name), "success")
            return redirect(url_for("office.dashboard"))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation,
                           existing=existing), form_status()


def _logged_in_as(user: User) -> bool:
    return current_user.is_authenticated and current_user.id == user.id

