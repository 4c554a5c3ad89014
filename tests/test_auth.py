"""Logging in and out: errors keep what was typed, inactive accounts stay out, `next` stays on the site,
CSRF and the rate limit protect the form, passwords are hashed, production needs a secret key."""
import re

import pytest

from app import create_app
from app.config import ConfigError
from app.extensions import db
from app.models import Role
from tests.conftest import PASSWORD, login


def test_login_works_and_lands_on_the_management_pages(client, office, district):
    response = client.post("/login", data={"email": office.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(f"/gestione/{district.slug}/persone").status_code == 200
    assert office.last_login_at is not None


def test_email_is_matched_whatever_its_case(client, office):
    response = client.post("/login", data={"email": "UFFICIO@Example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_shows_an_error_and_keeps_the_email(client, office):
    client.set_cookie("lang", "en", domain="pdz.test")
    response = client.post("/login", data={"email": office.email, "password": "wrong"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "E-mail or password is wrong." in page
    assert f'value="{office.email}"' in page
    assert "wrong" not in re.findall(r'name="password"[^>]*', page)[0]


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client, office):
    client.set_cookie("lang", "en", domain="pdz.test")
    page = client.post("/login", data={"email": "nobody@example.org", "password": PASSWORD}).get_data(as_text=True)
    assert "E-mail or password is wrong." in page


def test_inactive_user_cannot_log_in(client, office):
    office.active = False
    db.session.commit()
    assert client.post("/login", data={"email": office.email, "password": PASSWORD}).status_code == 422


def test_a_deactivated_user_is_logged_out_of_open_sessions(as_office, office, district):
    office.active = False
    db.session.commit()
    response = as_office.get(f"/gestione/{district.slug}/persone")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("target", ["/piani/1", "/gestione/?x=1"])
def test_next_redirects_to_local_paths(client, office, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": office.email, "password": PASSWORD})
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/",
                                    "\\\\evil.example", "javascript:alert(1)", "evil.example"])
def test_next_never_leaves_the_site(client, office, target):
    response = client.post("/login", query_string={"next": target},
                           data={"email": office.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/gestione/"


def test_logout_is_post_only(as_office, district):
    assert as_office.get("/logout").status_code == 405
    assert as_office.post("/logout").status_code == 302
    assert as_office.get(f"/gestione/{district.slug}/persone").status_code == 302


def _office_in(app):
    """The planning office account in the database of an app built by make_app."""
    from app import people
    user = people.create_user("ufficio@example.org", "Ufficio", PASSWORD)
    db.session.commit()
    return user


def _csrf_token(client, path):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
                     client.get(path).get_data(as_text=True)).group(1, 2)


def test_logout_needs_the_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        office = _office_in(app)
        client = app.test_client()
        token = [t for t in _csrf_token(client, "/login") if t][0]
        assert client.post("/login", data={"email": office.email, "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302
        assert client.post("/logout").status_code == 400
        token = [t for t in _csrf_token(client, "/") if t][0]
        assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_login_form_rejects_a_missing_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        office = _office_in(app)
        client = app.test_client()
        response = client.post("/login", data={"email": office.email, "password": PASSWORD})
        assert response.status_code in (400, 422)
        assert client.get("/gestione/").status_code == 302
        token = [t for t in _csrf_token(client, "/login") if t][0]
        assert client.post("/login", data={"email": office.email, "password": PASSWORD,
                                           "csrf_token": token}).status_code == 302


def test_login_is_rate_limited_per_account_and_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        office = _office_in(app)
        client = app.test_client()
        for _ in range(3):
            assert client.post("/login", data={"email": office.email, "password": "wrong"}).status_code == 422
        assert client.post("/login", data={"email": office.email, "password": PASSWORD}).status_code == 429
        # A colleague sharing the office's address is not locked out.
        assert client.post("/login", data={"email": "someone@example.org", "password": "x"}).status_code == 422


def test_passwords_are_stored_hashed(office):
    assert office.password_hash and PASSWORD not in office.password_hash
    assert office.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert office.check_password(PASSWORD) and not office.check_password("wrong")


def test_the_audit_log_never_records_password_hashes(app, office):
    from app.models import AuditLog
    rows = db.session.scalars(db.select(AuditLog).where(AuditLog.entity == "User")).all()
    assert rows and all("password_hash" not in (row.after or {}) for row in rows)


def test_secret_key_is_required_outside_demo_and_tests(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PDZ_DEMO", raising=False)
    with pytest.raises(ConfigError):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})


def test_the_demo_starts_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PDZ_DEMO", "1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})
    assert app.config["SECRET_KEY"]


def test_a_secret_key_from_the_environment_is_used(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s3cret-for-this-test")
    monkeypatch.setenv("PDZ_BASE_URL", "https://pdz.example.org")
    monkeypatch.delenv("PDZ_DEMO", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"})
    assert app.config["SECRET_KEY"] == "s3cret-for-this-test"


def test_mail_goes_to_the_outbox_folder_without_mail_settings(app, district, office):
    from app import mail, people
    assert not app.config.get("MAIL_SERVER")
    with app.test_request_context():
        _invitation, link = people.invite(district, "nuovo@example.org", people.Role.FACILITATOR)
    db.session.commit()
    messages = mail.outbox(district=district)
    assert len(messages) == 1
    assert messages[0].to == "nuovo@example.org" and link in messages[0].body
    assert any(name.endswith(".eml") for name in __import__("os").listdir(app.config["OUTBOX_DIR"]))


# ---- sessions end with the password, a removed role or a deactivation --------------------------------------

def _second_session(app, user, remember=False):
    """Another browser of the same person, logged in before the change; `remember` also keeps the cookie."""
    other = app.test_client()
    response = other.post("/login", data={"email": user.email, "password": PASSWORD,
                                          **({"remember": "y"} if remember else {})})
    assert response.status_code == 302
    assert other.get("/gestione/").status_code in (200, 302)
    return other


def _logged_out(client) -> bool:
    response = client.get("/gestione/")
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_password_reset_ends_every_session_and_remember_me_cookie(app, client, office):
    from app.password_reset import reset_token
    remembered = _second_session(app, office, remember=True)
    with remembered.session_transaction() as session:
        session.clear()   # the browser closed: only the "remember me" cookie is left
    with app.test_request_context():
        token = reset_token(office)
    opened = _second_session(app, office)
    assert client.post(f"/nuova-password/{token}", data={"password": "a-brand-new-pass",
                                                       "confirm": "a-brand-new-pass"}).status_code == 302
    assert _logged_out(opened) and _logged_out(remembered)
    login(client, office, "a-brand-new-pass")
    assert not _logged_out(client)


def test_changing_ones_own_password_ends_the_other_sessions_only(app, as_office, office):
    other = _second_session(app, office)
    page = as_office.get("/account/password")
    assert page.status_code == 200 and 'autocomplete="current-password"' in page.get_data(as_text=True)
    response = as_office.post("/account/password", data={"current": PASSWORD, "password": "a-brand-new-pass",
                                                         "confirm": "a-brand-new-pass"})
    assert response.status_code == 302
    assert _logged_out(other) and not _logged_out(as_office)
    assert db.session.get(type(office), office.id).check_password("a-brand-new-pass")


def test_changing_ones_password_needs_the_current_one_and_keeps_what_was_typed(as_office, office):
    as_office.set_cookie("lang", "en", domain="pdz.test")
    response = as_office.post("/account/password", data={"current": "wrong", "password": "a-brand-new-pass",
                                                         "confirm": "a-brand-new-pass"})
    assert response.status_code == 422 and "The current password is wrong." in response.get_data(as_text=True)
    assert db.session.get(type(office), office.id).check_password(PASSWORD)


def test_the_password_page_is_for_people_logged_in(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_removing_a_role_ends_the_persons_sessions(app, as_office, district, facilitator):
    other = _second_session(app, facilitator)
    response = as_office.post(f"/gestione/{district.slug}/persone/{facilitator.id}",
                              data={"roles": ["referent"], "state": "facilitator||1"})
    assert response.status_code == 302
    assert _logged_out(other)


def test_deactivating_an_account_ends_its_sessions_at_once(app, as_office, district, facilitator):
    other = _second_session(app, facilitator)
    assert as_office.post(f"/gestione/{district.slug}/persone/{facilitator.id}/disattiva").status_code == 302
    assert _logged_out(other)


def test_the_office_ends_a_persons_sessions(app, as_office, district, facilitator):
    other = _second_session(app, facilitator)
    assert as_office.post(f"/gestione/{district.slug}/persone/{facilitator.id}/termina-sessioni").status_code == 302
    assert _logged_out(other) and not _logged_out(as_office)


def test_an_office_removing_its_own_role_keeps_its_session(app, as_office, district, office, make_user):
    make_user("collega@example.org", Role.PLANNING_OFFICE, district)
    other = _second_session(app, office)
    response = as_office.post(f"/gestione/{district.slug}/persone/{office.id}",
                              data={"roles": ["planning_office", "facilitator"], "state": "planning_office||1"})
    assert response.status_code == 302
    response = as_office.post(f"/gestione/{district.slug}/persone/{office.id}",
                              data={"roles": ["planning_office"], "state": "facilitator,planning_office||1"})
    assert response.status_code == 302
    assert _logged_out(other) and not _logged_out(as_office)


def test_a_session_cookie_from_before_the_tokens_is_not_honoured(client, office):
    with client.session_transaction() as session:
        session["_user_id"] = str(office.id)     # what a session of the old format held
        session["_fresh"] = True
    assert _logged_out(client)


# ---- the login page does not tell which accounts exist ----------------------------------------------------

@pytest.mark.parametrize("email", ["nobody@example.org", "ufficio@example.org", "inactive@example.org",
                                   "nopassword@example.org"])
def test_every_failed_login_costs_one_password_hash_check(client, office, make_user, monkeypatch, email):
    """Unknown, deactivated and passwordless accounts cost the same hash work as a wrong password: timing tells
    nothing. (A check against a hash of the same method and cost as real passwords.)"""
    from app import people
    inactive = make_user("inactive@example.org")
    inactive.active = False
    people.create_user("nopassword@example.org", "Senza password")
    db.session.commit()
    checked = []
    real = people.check_password_hash
    monkeypatch.setattr(people, "check_password_hash",
                        lambda stored, password: checked.append(stored.split("$")[0]) or real(stored, password))
    response = client.post("/login", data={"email": email, "password": "wrong-password"})
    assert response.status_code == 422
    assert checked == [office.password_hash.split("$")[0]]
