"""Error pages say what happened in words, and offer a way on: home and search, or management once logged in."""
from tests.conftest import login


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
