"""Forgotten passwords: a link by e-mail to choose a new one. The link is signed, lasts two hours and works
once (it carries a fingerprint of the password it replaces), so nothing needs to be stored."""
from __future__ import annotations

import hashlib

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from . import mail, people
from .blueprint import auth as bp
from .extensions import db, limiter
from .forms import ChangePasswordForm, ForgotPasswordForm, NewPasswordForm, form_status
from .account_models import User
from .security import keep_this_session
from .urls import public_url

MAX_AGE_SECONDS = 2 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="pdz-password-reset")


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def reset_token(user: User) -> str:
    return _serializer().dumps({"id": user.id, "pw": _fingerprint(user)})


def user_from_token(token: str) -> User | None:
    """The active account a link was made for, or None when forged, expired or already used."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE_SECONDS)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("id"))
    if user is None or not user.active or data.get("pw") != _fingerprint(user):
        return None
    return user


def send_reset_link(user: User, district=None) -> None:
    """Mail the link; `district` files the message in that district's outbox (else the person's first)."""
    link = public_url("auth.new_password", token=reset_token(user))
    district = district or next(iter(user.districts), None)
    mail.send(user.email, _("New password for PdZ Partecipato"),
              render_template("mail/password_reset.txt", user=user, link=link, hours=MAX_AGE_SECONDS // 3600),
              district=district)


@bp.route("/password-dimenticata", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = people.find_user(form.email.data)
        if user is not None and user.active:
            send_reset_link(user)
        # The same answer either way: the page must not tell who has an account.
        flash(_("If %(email)s belongs to an active account, a link to choose a new password is on its way. "
                "It is valid for two hours.", email=form.email.data), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form), form_status()


@bp.route("/nuova-password/<token>", methods=["GET", "POST"])
def new_password(token: str):
    user = user_from_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        db.session.commit()
        flash(_("Your password has been changed: log in with the new one."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/new_password.html", form=form, user=user), form_status()


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """The person's own new password: every other session (another computer, a lost phone) ends, this one goes on."""
    form, user = ChangePasswordForm(), current_user._get_current_object()
    if form.validate_on_submit():
        if not user.check_password(form.current.data):
            form.current.errors.append(_("The current password is wrong."))
        else:
            user.set_password(form.password.data)
            db.session.commit()
            keep_this_session(user)
            flash(_("Your password has been changed; your other sessions have ended."), "success")
            return redirect(url_for("office.dashboard"))
    return render_template("auth/new_password.html", form=form, user=user, heading=_("Change your password"),
                           intro=_("For the account %(email)s. Every other session of yours (another computer, a "
                                   "phone) ends; this one goes on.", email=user.email)), form_status()
