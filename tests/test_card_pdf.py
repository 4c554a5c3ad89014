"""A card as a PDF file, rendered on the server from the print view, with the print view's permissions."""
from __future__ import annotations

import io

import pypdf
import pytest

from app.extensions import db
from app.models import Role
from cards_helpers import open_campaign
from evaluations.pdf import _static_path
from tests.conftest import login


@pytest.fixture
def campaign(plan, referent):
    return open_campaign(plan)


def pdf_url(district, card):
    return f"/gestione/{district.slug}/schede/{card.id}/scheda.pdf"


def pdf_text(payload: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(payload)).pages)


def test_the_referent_downloads_a_pdf_of_the_card(as_referent, campaign, district, plan):
    card = next(c for c in campaign.cards if c.action_id == plan.actions[0].id)
    card.activities = "Sportello **aperto** tre giorni a settimana ![x](http://example.invalid/tracker.png)"
    card.carry_forward = "Portare nel nuovo Piano il tavolo mensile"   # the last section: every page is there
    db.session.commit()
    response = as_referent.get(pdf_url(district, card))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    text = " ".join(pdf_text(response.data).split())
    assert card.action.code in text
    assert " ".join(card.action.title.split()[:3]) in text
    assert "Sportello aperto tre giorni" in text
    assert "Portare nel nuovo Piano il tavolo mensile" in text


def test_the_pdf_keeps_the_print_views_permissions(app, make_user, campaign, district, plan, as_office):
    other = next(c for c in campaign.cards if c.action_id != plan.actions[0].id)
    assert as_office.get(pdf_url(district, other)).status_code == 200
    assert app.test_client().get(pdf_url(district, other)).status_code == 302    # anonymous: to login
    stranger = login(app.test_client(), make_user("altro@example.org", Role.REFERENT, district))
    assert stranger.get(pdf_url(district, other)).status_code == 404          # not one of their cards


def test_the_renderer_reads_only_the_apps_static_files(app, tmp_path):
    static, base = app.static_folder, "http://localhost/static/"
    assert _static_path(base + "css/print.css", base, static).endswith("print.css")
    assert _static_path(f"file://{static}/css/print.css", base, static).endswith("print.css")
    for url in ("http://example.invalid/x.png", base + "../app/config.py", base + "css/missing.css",
                "file:///etc/passwd", f"file://{static}/../__init__.py", "http://localhost/gestione/"):
        assert _static_path(url, base, static) is None, url
