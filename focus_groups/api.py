"""`POST /api/v1/keywords/group`: the keyword grouping engine as a public JSON service (no login, no
database): the facilitator's tools and other programs send keywords, get groups back."""
from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from app.extensions import csrf, limiter

from .blueprint import keywords_api as bp
from .grouping import grouping_document

MAX_KEYWORDS = 20_000
MAX_KEYWORD_LENGTH = 200
MAX_BODY_BYTES = 8 * 1024 * 1024   # 20,000 keywords of 200 characters, escaped, fit with room to spare

csrf.exempt(bp)


def _error(code: str, message: str, status: int = 400):
    return jsonify(error=code, message=message), status


def _rate_limit() -> str:
    return current_app.config.get("KEYWORD_GROUPING_RATE_LIMIT", "120 per minute")


@bp.post("/keywords/group")
@limiter.limit(_rate_limit)
def group():
    """{"keywords": [str, ...], "threshold": number (optional)} -> {"groups": [...]}."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _error("too_large", _("The request is too large."), 413)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return _error("malformed", _("Send a JSON object such as {\"keywords\": [\"...\"]}."))
    keywords = payload.get("keywords")
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        return _error("invalid_keywords", _("\"keywords\" must be a list of strings."))
    if len(keywords) > MAX_KEYWORDS:
        return _error("too_many_keywords", _("At most %(count)d keywords at a time.", count=MAX_KEYWORDS))
    if any(len(k) > MAX_KEYWORD_LENGTH for k in keywords):
        return _error("keyword_too_long",
                      _("A keyword may be at most %(count)d characters long.", count=MAX_KEYWORD_LENGTH))
    threshold = payload.get("threshold")
    if threshold is None:
        return jsonify(grouping_document(keywords))
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        return _error("invalid_threshold", _("\"threshold\" must be a number above 0 and at most 1."))
    return jsonify(grouping_document(keywords, float(threshold)))
