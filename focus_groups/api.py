"""`POST /api/v1/keywords/group`: the keyword grouping engine as a public JSON service (no login, no
database): the facilitator's tools and other programs send keywords, get groups back. Also the OpenAPI
description of the focus groups' part of /api/v1 (keyword grouping, keyword sessions)."""
from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from app.extensions import csrf, limiter
from app.openapi import INT, STR, all_required, enum, json_response, obj, ref

from .blueprint import keywords_api as bp
from .grouping import grouping_document
from .models import KEYWORD_MAX_LENGTH, SessionState

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


# ---- OpenAPI: keyword grouping (public computation, no data stored) ------------------------------------------

def keyword_schemas() -> dict:
    return {
        "KeywordsToGroup": obj({
            "keywords": {"type": "array", "maxItems": MAX_KEYWORDS,
                         "items": {"type": "string", "maxLength": MAX_KEYWORD_LENGTH}},
            "threshold": {"type": "number", "exclusiveMinimum": True, "minimum": 0, "maximum": 1,
                          "description": "Lowest score of a suggested merge (default 0.75)"},
        }, ["keywords"]),
        "KeywordGroups": all_required({"groups": {"type": "array", "items": all_required({
            "label": STR, "members": {"type": "array", "items": STR,
                                      "description": "Every keyword sent is in exactly one group"},
            "automatic": {"type": "boolean",
                          "description": "True when the group holds only spellings of one keyword "
                                         "(case, accents, punctuation, separators); false when it also "
                                         "holds suggested variants (plurals, typos, word order)"}})}}),
    }


def keywords_group_path(error: dict) -> dict:
    return {"/keywords/group": {"post": {
        "operationId": "groupKeywords", "summary": "Group the variants of keywords (no login; nothing is stored)",
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("KeywordsToGroup")}}},
        "responses": {"200": json_response("The groups", ref("KeywordGroups")),
                      "400": {**error, "description": "Malformed JSON, too many or too long keywords"},
                      "413": {**error, "description": "The request body is too large"}}}}}


# ---- keyword sessions: what phones send and what the projector wall polls (no login) ----------------------

def session_schemas() -> dict:
    uuid_ = {"type": "string", "format": "uuid"}
    return {
        "KeywordSubmission": obj({
            "text": {"type": "string", "minLength": 1, "maxLength": KEYWORD_MAX_LENGTH,
                     "description": "The keyword, any language; stored exactly as sent (1-60 characters "
                                    "without the surrounding spaces)"},
            "client_id": {**uuid_, "description": "Chosen once by the phone and kept: the per-person limit "
                                                  "and the rate limit count by it"},
            "submission_id": {**uuid_, "description": "New for each keyword, repeated on retries: the same "
                                                      "submission is stored once"},
        }, ["text", "client_id", "submission_id"]),
        "SubmittedKeyword": all_required({
            "keyword": all_required({
                "id": INT, "text": STR, "created_at": {"type": "string", "format": "date-time"},
                "status": {"type": "string", "enum": ["visible", "pending"],
                           "description": "pending: shown on the wall after moderation"}}),
            "remaining": {"type": "integer", "minimum": 0, "description": "Keywords this phone may still send"},
        }),
        "Wall": all_required({
            "code": STR, "prompt": STR, "state": enum(SessionState),
            "paused": {"type": "boolean", "description": "The facilitator froze the wall"},
            "total": {"type": "integer", "description": "Visible keywords"},
            "groups": {"type": "array", "description": "Most written first", "items": all_required({
                "label": STR, "count": INT,
                "variants": {"type": "array", "items": STR, "description": "How it was typed, most frequent first"},
            })},
        }, "The visible keywords of a session (not hidden; approved when pre-moderated), grouped"),
    }


def session_paths(error: dict) -> dict:
    code = {"name": "code", "in": "path", "required": True, "schema": STR,
            "description": "The join code shown on the wall (case-insensitive)"}
    return {
        "/sessions/{code}/keywords": {"post": {
            "operationId": "submitKeyword", "summary": "Send a keyword from a phone (no login, no CSRF token)",
            "parameters": [code],
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref("KeywordSubmission")}}},
            "responses": {
                "201": json_response("Stored", ref("SubmittedKeyword")),
                "200": json_response("A retry of a submission already stored: counted once", ref("SubmittedKeyword")),
                "400": {**error, "description": "malformed_json, invalid_client_id or invalid_submission_id"},
                "404": {**error, "description": "unknown_session"},
                "409": {**error, "description": "session_closed, or limit_reached (keywords per person)"},
                "422": {**error, "description": "text_empty, text_too_long or blocked_word"},
                "429": {**error, "description": "Too many requests from this client_id"}}}},
        "/sessions/{code}/wall": {"get": {
            "operationId": "getWall", "summary": "What the projector wall shows; poll it with If-None-Match",
            "parameters": [code, {"name": "If-None-Match", "in": "header", "required": False, "schema": STR}],
            "responses": {
                "200": {**json_response("The wall", ref("Wall")),
                        "headers": {"ETag": {"schema": STR, "description": "Strong validator of this content"}}},
                "304": {"description": "Nothing changed since the ETag sent"},
                "404": {**error, "description": "unknown_session"}}}},
    }


def api_schemas() -> dict:
    return {**keyword_schemas(), **session_schemas()}


def api_paths(error: dict) -> dict:
    return {**keywords_group_path(error), **session_paths(error)}
