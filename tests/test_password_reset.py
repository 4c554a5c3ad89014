"""A forgotten password: a link by e-mail, valid two hours and once, that never tells who has an account."""
import re

import pytest

from app import mail, password_reset, people
from app.extensions import db
from tests.conftest import login


def _link(referent) -> str:
    [message] = [m for m in mail.outbox() if m.to == referent.email]
    return re.search(r"https?://[^/\s]+(/nuova-password/\S+)", message.body).group(1)


def test_the_login_page_offers_the_way_back_in(client):
    assert 'href="/password-dimenticata"' in client.get("/login").get_data(as_text=True)


def test_a_link_by_mail_sets_a_new_password_once(client, referent, district):
    response = client.post("/password-dimenticata", data={"email": referent.email.upper()})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    link = _link(referent)
    assert "Scegli una nuova password" in client.get(link).get_data(as_text=True)
    short = client.post(link, data={"password": "corta", "confirm": "corta"})
    assert short.status_code == 422 and "almeno 10 caratteri" in short.get_data(as_text=True)
    assert client.post(link, data={"password": "una-nuova-lunga", "confirm": "una-nuova-lunga"}).status_code == 302
    login(client, referent, password="una-nuova-lunga")
    client.post("/logout")
    used = client.get(link)
    assert used.status_code == 410 and 'href="/password-dimenticata"' in used.get_data(as_text=True)


def test_the_answer_is_the_same_for_unknown_and_deactivated_addresses(client, referent):
    referent.active = False
    db.session.commit()
    for email in ("nessuno@example.org", referent.email):
        response = client.post("/password-dimenticata", data={"email": email}, follow_redirects=True)
        assert "Se %s appartiene a un account attivo" % email in response.get_data(as_text=True)
    assert mail.outbox() == []


def test_the_link_expires(client, referent, monkeypatch):
    client.post("/password-dimenticata", data={"email": referent.email})
    link = _link(referent)
    assert password_reset.MAX_AGE_SECONDS == 2 * 3600
    monkeypatch.setattr(password_reset, "MAX_AGE_SECONDS", -1)   # as if more than its lifetime had passed
    assert client.get(link).status_code == 410


def test_a_forged_link_is_refused(client):
    assert client.get("/nuova-password/non-un-token").status_code == 410


def test_a_wrong_address_is_said_and_kept(client):
    response = client.post("/password-dimenticata", data={"email": "non-un-indirizzo"})
    assert response.status_code == 422 and 'value="non-un-indirizzo"' in response.get_data(as_text=True)


def test_the_office_sends_the_link_for_a_person_who_phones(as_office, referent, district):
    base = f"/gestione/{district.slug}/persone/{referent.id}"
    assert f'action="{base}/nuova-password"' in as_office.get(base).get_data(as_text=True)
    response = as_office.post(f"{base}/nuova-password", follow_redirects=True)
    assert f"inviato a {referent.email}" in response.get_data(as_text=True)
    assert [m.district for m in mail.outbox() if m.to == referent.email] == [district.slug]
    assert _link(referent).startswith("/nuova-password/")


def test_only_the_office_sends_links_for_others(client, facilitator, referent, district):
    login(client, facilitator)
    assert client.post(f"/gestione/{district.slug}/persone/{referent.id}/nuova-password").status_code == 403
    assert mail.outbox() == []


# ---- the link's address: the configured PDZ_BASE_URL, never the request's Host header ----------------------

def test_a_forged_host_header_is_refused_and_nothing_is_mailed(client, referent):
    response = client.post("/password-dimenticata", data={"email": referent.email}, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert mail.outbox() == []


@pytest.mark.parametrize("base_url", ["https://pdz.test", "https://comune.example/pdz"])
def test_the_mailed_link_starts_with_the_public_address(make_app, base_url):
    app = make_app(PDZ_BASE_URL=base_url)
    with app.app_context():
        people.create_user("anna@example.org", "Anna", "password-for-tests")
        db.session.commit()
        # As behind the TLS proxy: the request reaches the application over plain HTTP, under the public path.
        response = app.test_client().post("/password-dimenticata", data={"email": "anna@example.org"},
                                          base_url="http://" + base_url.split("://", 1)[1])
        assert response.status_code == 302
        [message] = mail.outbox()
        link = re.search(r"\S+/nuova-password/\S+", message.body).group(0)
        assert link.startswith(base_url + "/nuova-password/")
