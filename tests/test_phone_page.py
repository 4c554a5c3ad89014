"""The phone page works with JavaScript off: a plain form, protected by a CSRF token, that counts a
double submission once and tells the participant kindly why a keyword was refused."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from focus_groups import sessions
from focus_groups.models import BlockedWord, Keyword

from tests.test_keyword_api import open_keyword_session


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or \
        re.search(rf'value="([^"]*)"[^>]*name="{name}"', html)
    assert match, f"no hidden {name} in the page"
    return match.group(1)


def stored_texts():
    return db.session.scalars(db.select(Keyword.text).order_by(Keyword.id)).all()


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from app.plans import import_plan, sample_data
        open_keyword_session(import_plan(sample_data()))
        yield app


def test_the_page_shows_the_prompt_and_a_labelled_form(client, plan):
    open_keyword_session(plan)
    response = client.get("/k/CREMA1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Scrivete UNA PAROLA CHIAVE" in html and 'for="text"' in html and 'id="text"' in html
    assert 'maxlength="60"' in html
    assert "pdz_client=" in response.headers["Set-Cookie"]
    # scripts are files only (CSP script-src 'self'); the page does not depend on them
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []


def test_no_javascript_flow_with_csrf(csrf_app):
    client = csrf_app.test_client()
    html = client.get("/k/CREMA1").get_data(as_text=True)
    form = {"csrf_token": hidden_value(html, "csrf_token"), "submission_id": hidden_value(html, "submission_id"),
            "text": "Perché no? Fiducia"}
    response = client.post("/k/CREMA1", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/k/CREMA1/grazie")
    assert client.post("/k/CREMA1", data=form).status_code == 302   # the browser sent it twice
    assert stored_texts() == ["Perché no? Fiducia"]
    assert client.get("/k/CREMA1/grazie").status_code == 200
    # one keyword per person: the page no longer offers the form
    assert 'id="keyword-form"' not in client.get("/k/CREMA1").get_data(as_text=True)
    another = client.post("/k/CREMA1", data=dict(form, submission_id=hidden_value(html, "submission_id")[:-1] + "0"))
    assert another.status_code in (302, 422) and stored_texts() == ["Perché no? Fiducia"]


def test_a_post_without_the_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    client.get("/k/CREMA1")
    assert client.post("/k/CREMA1", data={"text": "fiducia"}).status_code == 400
    assert stored_texts() == []


def test_each_phone_counts_by_its_cookie(client, plan):
    open_keyword_session(plan)
    first, second = client, client.application.test_client()
    for phone, text in ((first, "rete"), (second, "fiducia")):
        phone.get("/k/CREMA1")
        assert phone.post("/k/CREMA1", data={"text": text}).status_code == 302
    assert stored_texts() == ["rete", "fiducia"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 61])
def test_invalid_text_is_shown_again_with_422(client, plan, text):
    open_keyword_session(plan)
    client.get("/k/CREMA1")
    response = client.post("/k/CREMA1", data={"text": text})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert stored_texts() == []


def test_spaces_count_toward_the_length(client, plan):
    open_keyword_session(plan)
    response = client.post("/k/CREMA1", data={"text": " " * 100_000 + "fiducia"})
    assert response.status_code == 422 and "al massimo 60 caratteri" in response.get_data(as_text=True)
    assert stored_texts() == []


def test_a_nul_in_the_code_is_an_unknown_session(client, plan):
    open_keyword_session(plan)
    assert client.get("/k/CRE%00MA1").status_code == 404
    assert client.post("/k/CRE%00MA1", data={"text": "rete"}).status_code == 404
    assert client.get("/k?code=CRE%00MA1").status_code == 302   # a query is cleaned: the code is found


def test_a_blocked_word_keeps_what_was_typed(client, plan):
    open_keyword_session(plan)
    db.session.add(BlockedWord(district_id=plan.district_id, word="cretino"))
    db.session.commit()
    response = client.post("/k/CREMA1", data={"text": "Cretino"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="Cretino"' in html
    assert re.search(r'id="text-error" role="alert">\S', html)   # shown, not hidden
    assert stored_texts() == []


def test_premoderation_says_the_keyword_will_appear_later(client, plan):
    open_keyword_session(plan, premoderation=True)
    response = client.post("/k/CREMA1", data={"text": "fiducia"})
    assert response.status_code == 302 and "pending=1" in response.headers["Location"]
    assert 'data-status="pending"' in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_closed_session_offers_no_form_and_refuses_posts(client, plan):
    sessions.close_session(open_keyword_session(plan))
    db.session.commit()
    assert 'id="keyword-form"' not in client.get("/k/CREMA1").get_data(as_text=True)
    assert client.post("/k/CREMA1", data={"text": "fiducia"}).status_code == 422
    assert stored_texts() == []


def test_joining_by_code(client, plan):
    open_keyword_session(plan)
    assert client.get("/k").status_code == 200
    assert client.get("/k?code=crema 1").headers["Location"].endswith("/k/CREMA1")
    assert client.get("/k?code=NOPE99").status_code == 404
    assert client.get("/k/crema1").headers["Location"].endswith("/k/CREMA1")
    assert client.get("/k/NOPE99").status_code == 404
