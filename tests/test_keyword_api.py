"""The participant API of a keyword session: a phone's keyword counts once however often it is retried,
a room of phones behind one address all get through, and every refusal is a clear JSON error."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from app.extensions import db
from focus_groups import sessions
from focus_groups.models import BlockedWord, FocusGroup, Keyword

from tests.conftest import DATABASE_URL


def open_keyword_session(plan, code="CREMA1", **options):
    """A focus group on the plan's first area with an open keyword session."""
    group = FocusGroup(district_id=plan.district_id, plan=plan, area=plan.areas[0], title="Modello organizzativo")
    db.session.add(group)
    session = sessions.open_session(group, "Scrivete UNA PAROLA CHIAVE", code=code, **options)
    db.session.commit()
    return session


def post_keyword(client, text, client_id=None, submission_id=None, code="CREMA1"):
    return client.post(f"/api/v1/sessions/{code}/keywords", json={
        "text": text, "client_id": client_id or str(uuid.uuid4()), "submission_id": submission_id or str(uuid.uuid4())})


def keyword_count():
    return db.session.scalar(db.select(db.func.count(Keyword.id)))


@pytest.fixture
def keyword_session(plan):
    return open_keyword_session(plan)


def test_a_keyword_is_stored_exactly_as_typed(client, keyword_session):
    response = post_keyword(client, "  Responsabilita' ")
    assert response.status_code == 201
    body = response.get_json()
    assert body["keyword"]["text"] == "  Responsabilita' " and body["keyword"]["status"] == "visible"
    assert body["remaining"] == 0
    assert db.session.scalar(db.select(Keyword.text)) == "  Responsabilita' "


def test_a_retry_with_the_same_submission_counts_once(client, keyword_session):
    client_id, submission_id = str(uuid.uuid4()), str(uuid.uuid4())
    first = post_keyword(client, "fiducia", client_id, submission_id)
    again = post_keyword(client, "fiducia", client_id, submission_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["keyword"]["id"] == first.get_json()["keyword"]["id"]
    assert keyword_count() == 1


def test_a_retry_is_accepted_even_after_the_limit_and_after_closing(client, keyword_session):
    client_id, submission_id = str(uuid.uuid4()), str(uuid.uuid4())
    assert post_keyword(client, "rete", client_id, submission_id).status_code == 201
    sessions.close_session(keyword_session)
    db.session.commit()
    assert post_keyword(client, "rete", client_id, submission_id).status_code == 200
    assert keyword_count() == 1


@pytest.mark.skipif(not DATABASE_URL, reason="concurrent writers need PostgreSQL")
def test_simultaneous_retries_count_once(app, keyword_session):
    for round_ in range(1, 6):
        client_id, submission_id = str(uuid.uuid4()), str(uuid.uuid4())

        def send(_):
            return post_keyword(app.test_client(), "fiducia", client_id, submission_id).status_code

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(send, range(16)))
        assert statuses.count(201) == 1 and set(statuses) <= {200, 201}, statuses
        assert keyword_count() == round_


def test_over_the_per_person_limit_is_refused(client, keyword_session):
    client_id = str(uuid.uuid4())
    assert post_keyword(client, "fiducia", client_id).status_code == 201
    response = post_keyword(client, "rete", client_id)
    assert response.status_code == 409 and response.get_json()["error"] == "limit_reached"
    assert response.get_json()["message"]
    assert keyword_count() == 1


def test_n_keywords_per_person(client, plan):
    open_keyword_session(plan, keywords_per_person=3)
    client_id = str(uuid.uuid4())
    assert [post_keyword(client, w, client_id).status_code for w in ("a", "b", "c", "d")] == [201, 201, 201, 409]


def test_a_closed_session_refuses_and_can_be_reopened(client, keyword_session):
    sessions.close_session(keyword_session)
    db.session.commit()
    response = post_keyword(client, "fiducia")
    assert response.status_code == 409 and response.get_json()["error"] == "session_closed"
    sessions.reopen_session(db.session.merge(keyword_session))
    db.session.commit()
    assert post_keyword(client, "fiducia").status_code == 201


@pytest.mark.parametrize("text, code", [("", "text_empty"), ("   ", "text_empty"), (None, "text_empty"),
                                        (42, "text_empty"), ("x" * 61, "text_too_long")])
def test_empty_or_too_long_text_is_refused(client, keyword_session, text, code):
    response = post_keyword(client, text)
    assert response.status_code == 422 and response.get_json()["error"] == code
    assert keyword_count() == 0


@pytest.mark.parametrize("text", ["x" * 60, "é", "perché", "Ζωή", "信任", "lavoro di rete 🙂", "<script>alert(1)</script>"])
def test_any_language_up_to_sixty_characters(client, keyword_session, text):
    response = post_keyword(client, text)
    assert response.status_code == 201 and response.get_json()["keyword"]["text"] == text
    assert db.session.scalars(db.select(Keyword.text)).all() == [text]   # stored as typed, not re-encoded


def test_malformed_requests_are_400(client, keyword_session):
    url = "/api/v1/sessions/CREMA1/keywords"
    assert client.post(url, data="{not json", content_type="application/json").get_json()["error"] == "malformed_json"
    assert client.post(url, json=["a list"]).status_code == 400
    assert client.post(url, data="text=fiducia").status_code == 400
    bad_client = client.post(url, json={"text": "x", "client_id": "nope", "submission_id": str(uuid.uuid4())})
    assert bad_client.status_code == 400 and bad_client.get_json()["error"] == "invalid_client_id"
    no_submission = client.post(url, json={"text": "x", "client_id": str(uuid.uuid4())})
    assert no_submission.status_code == 400 and no_submission.get_json()["error"] == "invalid_submission_id"
    assert keyword_count() == 0


def test_spaces_count_toward_the_length(client, keyword_session):
    response = post_keyword(client, " " * 1_000_000 + "fiducia")
    assert response.status_code == 422 and response.get_json()["error"] == "text_too_long"
    assert post_keyword(client, " fiducia ").status_code == 201
    assert db.session.scalars(db.select(Keyword.text)).all() == [" fiducia "]


def test_a_lone_surrogate_is_a_clear_400(client, keyword_session):
    body = '{"text": "K\\ud800x", "client_id": "%s", "submission_id": "%s"}' % (uuid.uuid4(), uuid.uuid4())
    response = client.post("/api/v1/sessions/CREMA1/keywords", data=body, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_text"
    assert keyword_count() == 0


def test_an_unknown_code_is_404(client, keyword_session):
    response = post_keyword(client, "fiducia", code="NOPE99")
    assert response.status_code == 404 and response.get_json()["error"] == "unknown_session"
    assert client.get("/api/v1/sessions/NOPE99/wall").status_code == 404


def test_the_code_is_case_insensitive(client, keyword_session):
    assert post_keyword(client, "fiducia", code="crema1").status_code == 201


def test_blocked_words_are_refused_kindly(client, keyword_session, district):
    db.session.add(BlockedWord(district_id=district.id, word="Stupido"))
    db.session.commit()
    response = post_keyword(client, "che STUPIDO!")
    assert response.status_code == 422 and response.get_json()["error"] == "blocked_word"
    assert post_keyword(client, "stupendo").status_code == 201


def test_premoderation_keeps_keywords_off_the_wall(client, plan):
    session = open_keyword_session(plan, premoderation=True)
    response = post_keyword(client, "fiducia")
    assert response.status_code == 201 and response.get_json()["keyword"]["status"] == "pending"
    assert client.get("/api/v1/sessions/CREMA1/wall").get_json()["total"] == 0
    sessions.approve(db.session.get(Keyword, response.get_json()["keyword"]["id"]))
    db.session.commit()
    assert client.get("/api/v1/sessions/CREMA1/wall").get_json()["total"] == 1
    assert session.id


def test_the_api_needs_no_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from app.plans import import_plan, sample_data
        open_keyword_session(import_plan(sample_data()))
        assert post_keyword(app.test_client(), "fiducia").status_code == 201


# ---- rate limits: per phone, never per address alone -----------------------------------------------------

def test_three_hundred_phones_behind_one_address_all_get_through(make_app):
    app = make_app(RATELIMIT_ENABLED=True, KEYWORD_RATE_LIMIT="10/minute")
    with app.app_context():
        from app.plans import import_plan, sample_data
        open_keyword_session(import_plan(sample_data()))
        client = app.test_client()
        statuses = [post_keyword(client, f"parola {n}").status_code for n in range(300)]
        assert statuses.count(201) == 300
        assert db.session.scalar(db.select(db.func.count(Keyword.id))) == 300


def test_one_phone_hammering_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, KEYWORD_RATE_LIMIT="5/minute")
    with app.app_context():
        from app.plans import import_plan, sample_data
        open_keyword_session(import_plan(sample_data()))
        client, client_id = app.test_client(), str(uuid.uuid4())
        statuses = [post_keyword(client, "fiducia", client_id).status_code for _ in range(7)]
        assert statuses[:5] == [201, 409, 409, 409, 409] and statuses[5:] == [429, 429]
        assert post_keyword(client, "rete").status_code == 201   # another phone, same address


def test_responses_match_the_openapi_document(client, keyword_session):
    from openapi_schema_validator import OAS30Validator, oas30_format_checker
    from tests.test_api import strict
    spec = client.get("/api/v1/openapi.json").get_json()

    def check(path, method, response):
        declared = spec["paths"][path][method]["responses"][str(response.status_code)]
        schema = strict({**declared["content"]["application/json"]["schema"], "components": spec["components"]})
        OAS30Validator(schema, format_checker=oas30_format_checker).validate(response.get_json())

    client_id, submission_id = str(uuid.uuid4()), str(uuid.uuid4())
    check("/sessions/{code}/keywords", "post", post_keyword(client, "fiducia", client_id, submission_id))
    check("/sessions/{code}/keywords", "post", post_keyword(client, "fiducia", client_id, submission_id))
    check("/sessions/{code}/keywords", "post", post_keyword(client, "rete", client_id))
    check("/sessions/{code}/keywords", "post", post_keyword(client, "", str(uuid.uuid4())))
    check("/sessions/{code}/keywords", "post", post_keyword(client, "x", code="NOPE99"))
    check("/sessions/{code}/wall", "get", client.get("/api/v1/sessions/CREMA1/wall"))
