"""Error pages say what happened in words, and offer a way on: home and search, or management once logged in;
an address no page can have is a 404, and a database out of reach a 503 to retry, never a 500."""
import uuid

import pytest

from app import create_app
from tests.conftest import FreshContextClient, login


def test_a_missing_page_is_named_and_offers_search(client):
    response = client.get("/non-esiste")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<h1>Pagina non trovata</h1>" in page and "<title>Pagina non trovata ·" in page
    assert 'href="/search"' in page and "Codice di errore: 404" in page


def test_a_forbidden_page_says_whom_to_ask_and_leads_to_management(client, district, referent):
    login(client, referent)
    response = client.get(f"/gestione/{district.slug}/registro")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "<h1>Accesso non consentito</h1>" in page and "Ufficio di Piano" in page
    assert 'href="/gestione/"' in page.split("<main", 1)[1]


def test_the_api_still_answers_in_json(client):
    response = client.get("/api/v1/non-esiste")
    assert response.status_code == 404 and response.is_json


# ---- numbers no record can have, and characters no address holds ---------------------------------------------

@pytest.mark.parametrize("url", ["/api/v1/plans/99999999999999999999", "/api/v1/plans/9223372036854775807",
                                 "/api/v1/plans/2147483648", "/api/v1/plans/" + "9" * 5000])
def test_an_id_past_the_database_range_is_404(client, plan, url):
    response = client.get(url)
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_the_largest_id_the_database_holds_is_an_ordinary_404(client, plan):
    assert client.get("/api/v1/plans/2147483647").status_code == 404
    assert client.get(f"/api/v1/plans/{plan.id}").status_code == 200


@pytest.mark.parametrize("url", ["/blog?page=99999999999999999999999", "/blog?page=9223372036854775807",
                                 "/incontri?page=2147483648", "/enti?page=99999999999999999999",
                                 "/blog?page=" + "9" * 5000])
def test_a_query_number_past_the_database_range_is_404(client, plan, url):
    assert client.get(url).status_code == 404


def test_a_query_number_that_is_no_number_keeps_its_default(client, plan):
    assert client.get("/blog?page=abc").status_code == 200
    assert client.get("/blog?page=2147483647").status_code == 200   # in range: an empty page, as before


@pytest.mark.parametrize("url", ["/k/CRE%00MA1", "/blog/crema%00/x", "/api/v1/sessions/CRE%00MA1/wall",
                                 "/gestione/crema%00/registro", "/static/css/pdz%00.css"])
def test_a_nul_byte_in_an_address_is_404(client, plan, url):
    assert client.get(url).status_code == 404


# ---- the database out of reach --------------------------------------------------------------------------------

UNREACHABLE = {"sqlite": "sqlite:////nonexistent-pdz-directory/pdz.sqlite3",
               "postgresql": "postgresql+psycopg://pdz:pdz@127.0.0.1:1/pdz?connect_timeout=2"}


def unreachable_app(url, tmp_path):
    """An app whose database is out of reach (made here: conftest's apps empty their database afterwards)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "OUTBOX_DIR": str(tmp_path / "outbox"), "SERVER_NAME": "pdz.test"})
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture(params=sorted(UNREACHABLE))
def unreachable_client(request, tmp_path):
    if request.param == "postgresql":
        pytest.importorskip("psycopg")
    return unreachable_app(UNREACHABLE[request.param], tmp_path).test_client()


@pytest.mark.parametrize("url", ["/", "/blog", "/k/CREMA1", "/gestione/crema/registro", "/incontri"])
def test_pages_answer_503_in_the_users_language_while_the_database_is_down(unreachable_client, url):
    response = unreachable_client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
    assert '<html lang="it">' in page and "Codice di errore: 503" in page
    unreachable_client.set_cookie("lang", "en", domain="pdz.test")
    response = unreachable_client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and "<h1>Service temporarily unavailable</h1>" in page
    assert "try again in a few minutes" in page and "Error code: 503" in page


def test_the_api_answers_503_in_json_while_the_database_is_down(unreachable_client):
    for response in (unreachable_client.get("/api/v1/plans"), unreachable_client.post(
            "/api/v1/sessions/CREMA1/keywords", json={"text": "rete", "client_id": str(uuid.uuid4()),
                                                      "submission_id": str(uuid.uuid4())})):
        assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
        assert response.get_json()["error"] == "unavailable"


def test_a_logged_in_page_answers_503_while_the_database_is_down(as_office, district, tmp_path):
    cookie = as_office.get_cookie("session", domain="pdz.test")
    down = unreachable_app(UNREACHABLE["sqlite"], tmp_path).test_client()
    down.set_cookie("session", cookie.value, domain=cookie.domain)
    response = down.get(f"/gestione/{district.slug}/registro")
    assert response.status_code == 503 and "Codice di errore: 503" in response.get_data(as_text=True)
