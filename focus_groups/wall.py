"""The projector wall of a keyword session and the API it polls. Public: it shows only keywords that are
visible (not hidden, approved when the session is pre-moderated), as text."""
from __future__ import annotations

import segno
from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from . import sessions

bp = Blueprint("wall", __name__)

POLL_SECONDS = 1.5          # the wall updates within 2 s
NO_SCRIPT_REFRESH_SECONDS = 5


def join_qr_svg(url: str) -> Markup:
    """The phone page's address as an inline SVG QR code (our own markup, no user input but the code)."""
    qr = segno.make(url, error="m")
    return Markup(qr.svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True,
                                title=_("QR code to join the session"), svgclass="wall-qr-svg"))


@bp.get("/k/<code>/parete")
def page(code):
    session = sessions.session_by_code(code)
    if session is None:
        abort(404)
    if session.code != code:
        return redirect(url_for("wall.page", code=session.code))
    document = sessions.wall_document(session)
    join_url = url_for("participant.phone", code=session.code, _external=True)
    return render_template("focus_groups/wall.html", session=session, wall=document, join_url=join_url,
                           qr=join_qr_svg(join_url), poll_seconds=POLL_SECONDS,
                           refresh_seconds=NO_SCRIPT_REFRESH_SECONDS,
                           api_url=url_for("wall.api", code=session.code))


@bp.get("/api/v1/sessions/<code>/wall")
def api(code):
    session = sessions.session_by_code(code)
    if session is None:
        return jsonify(error="unknown_session", message=_("No session has this code: check it and try again.")), 404
    document = sessions.wall_document(session)
    response = jsonify(document)
    response.set_etag(sessions.document_etag(document))
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)
