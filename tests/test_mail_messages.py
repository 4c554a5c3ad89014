"""When e-mails do not go out, the planning office reads what to do in its own words (ask the technician, pass
the link on yourself), never the server's error or a setting's name."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.account_models import Invitation
from tests.browser_forms import page_text

TECHNICAL = ("MAIL_SERVER", "SMTP", "Errno", "refused", "rifiutata")


@pytest.fixture
def base(district):
    return f"/gestione/{district.slug}"


def invite(client, base):
    return client.post(f"{base}/inviti/nuovo", data={"email": "nuovo@example.org", "role": "facilitator"},
                       follow_redirects=True)


def plain(response) -> str:
    text = page_text(response)
    for word in TECHNICAL:
        assert word not in text, word
    return text


def test_the_outbox_says_mail_is_not_going_out_and_what_to_do(app, as_office, base):
    with app.test_request_context("/"):
        from flask_babel import gettext
        wanted = gettext("E-mails are not going out: ask your technician to configure the mail server.")
    response = as_office.get(f"{base}/posta")
    assert 'id="mail-not-configured"' in response.get_data(as_text=True)
    assert wanted in plain(response)


def test_an_invitation_without_a_mail_server_says_where_its_link_is(as_office, base):
    as_office.get("/")                          # the welcome message is read
    response = invite(as_office, base)
    assert response.status_code == 200 and db.session.scalar(db.select(Invitation)) is not None
    html = response.get_data(as_text=True)
    assert 'class="alert alert-warning"' in html and 'class="alert alert-success"' not in html
    assert "nuovo@example.org" in plain(response)


def test_a_mail_server_failure_tells_what_to_do_not_the_error(app, as_office, base):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    response = invite(as_office, base)
    assert response.status_code == 422
    plain(response)
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0
