"""The participant's side of a keyword session: the phone page (works without JavaScript) and the JSON API
the page uses when it can. No account: a phone is known only by the client id it keeps."""
from __future__ import annotations

import uuid

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired

from app.extensions import csrf, db, limiter
from app.forms import FlaskForm, form_status

from . import sessions
from .blueprint import participant as bp
from .models import KEYWORD_MAX_LENGTH, KeywordSession


CLIENT_COOKIE = "pdz_client"
DEFAULT_RATE_LIMIT = "10/minute"


def keyword_rate_limit() -> str:
    return current_app.config.get("KEYWORD_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def client_rate_key() -> str:
    """A room's phones share one address: count per phone (its client id), the address only as a fallback."""
    body = request.get_json(silent=True) if request.is_json else None
    client_id = sessions.valid_uuid(body.get("client_id")) if isinstance(body, dict) else None
    client_id = client_id or sessions.valid_uuid(request.cookies.get(CLIENT_COOKIE))
    return f"client:{client_id}" if client_id else f"ip:{get_remote_address()}"


def session_or_404(code: str) -> KeywordSession:
    session = sessions.session_by_code(code)
    if session is None:
        abort(404)
    return session


class KeywordForm(FlaskForm):
    text = StringField(_l("Your keyword"), validators=[DataRequired()],
                       render_kw={"maxlength": KEYWORD_MAX_LENGTH, "autocomplete": "off", "autocapitalize": "none"})
    submission_id = HiddenField()


class JoinForm(FlaskForm):
    class Meta:
        csrf = False   # a GET form that only leads to the session's page
    code = StringField(_l("Session code"), validators=[DataRequired()],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "maxlength": 12})


# ---- pages ----------------------------------------------------------------------------------------------------

@bp.get("/k")
def join():
    form = JoinForm(request.args)
    if request.args.get("code"):
        session = sessions.session_by_code(form.code.data)
        if session is not None:
            return redirect(url_for("participant.phone", code=session.code))
        form.code.errors = [_("No session has this code: check it and try again.")]
    return render_template("focus_groups/phone_join.html", form=form), 404 if form.code.errors else 200


@bp.route("/k/<code>", methods=["GET", "POST"])
@limiter.limit(keyword_rate_limit, methods=["POST"], key_func=client_rate_key)
def phone(code):
    session = session_or_404(code)
    if session.code != code and request.method == "GET":
        return redirect(url_for("participant.phone", code=session.code))
    client_id = sessions.valid_uuid(request.cookies.get(CLIENT_COOKIE)) or str(uuid.uuid4())
    form = KeywordForm()
    if request.method == "GET":
        form.submission_id.data = str(uuid.uuid4())
    error = None
    if form.validate_on_submit():
        submission_id = sessions.valid_uuid(form.submission_id.data) or str(uuid.uuid4())
        try:
            result = sessions.submit_keyword(session, form.text.data, client_id, submission_id)
            db.session.commit()
            response = redirect(url_for("participant.thanks", code=session.code,
                                        pending=None if result.keyword.approved else 1))
            return _with_client_cookie(response, client_id)
        except sessions.KeywordRejected as rejected:
            db.session.rollback()
            error = rejected.message
            form.submission_id.data = str(uuid.uuid4())
    sent = sessions.keywords_sent_by(session, client_id)
    status = form_status() if (error or form.errors) else 200
    response = current_app.make_response((render_template(
        "focus_groups/phone.html", session=session, form=form, error=error,
        remaining=max(0, session.keywords_per_person - sent), client_id=client_id), status))
    return _with_client_cookie(response, client_id)


@bp.get("/k/<code>/grazie")
def thanks(code):
    session = session_or_404(code)
    client_id = sessions.valid_uuid(request.cookies.get(CLIENT_COOKIE))
    sent = sessions.keywords_sent_by(session, client_id) if client_id else 0
    return render_template("focus_groups/phone_thanks.html", session=session, pending=bool(request.args.get("pending")),
                           remaining=max(0, session.keywords_per_person - sent))


def _with_client_cookie(response, client_id: str):
    response.set_cookie(CLIENT_COOKIE, client_id, max_age=60 * 60 * 24 * 30, httponly=False, samesite="Lax",
                        secure=request.is_secure)
    return response


# ---- the API ------------------------------------------------------------------------------------------------

def api_error(code: str, message: str, status: int):
    return jsonify(error=code, message=message), status


@bp.post("/api/v1/sessions/<code>/keywords")
@csrf.exempt
@limiter.limit(keyword_rate_limit, key_func=client_rate_key)
def submit(code):
    session = sessions.session_by_code(code)
    if session is None:
        return api_error("unknown_session", _("No session has this code: check it and try again."), 404)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error("malformed_json", _("The request must be a JSON object."), 400)
    client_id, submission_id = sessions.valid_uuid(body.get("client_id")), sessions.valid_uuid(body.get("submission_id"))
    if client_id is None:
        return api_error("invalid_client_id", _("client_id must be a UUID."), 400)
    if submission_id is None:
        return api_error("invalid_submission_id", _("submission_id must be a UUID."), 400)
    try:
        result = sessions.submit_keyword(session, body.get("text"), client_id, submission_id)
        db.session.commit()
    except sessions.KeywordRejected as rejected:
        db.session.rollback()
        return api_error(rejected.code, rejected.message, rejected.status)
    keyword = result.keyword
    return jsonify(keyword={"id": keyword.id, "text": keyword.text, "status": "visible" if keyword.approved else "pending",
                            "created_at": keyword.created_at.isoformat() + "Z"},
                   remaining=result.remaining), 201 if result.created else 200
