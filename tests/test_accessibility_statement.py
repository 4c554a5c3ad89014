"""The accessibility statement (AgID's model) and the legal notes, linked from every footer; the form that reports an
accessibility problem to whoever answers for the page (a district's planning office, else the administrators),
the list of reports for them, and the reports' personal data in the GDPR tooling."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from app import mail, privacy
from app.accessibility import page_path
from app.accessibility_models import AccessibilityFeedback
from app.extensions import db
from app.models import District, Role
from tests.conftest import login

REPORT = {"page": "/enti", "description": "Il filtro per tipo non si usa da tastiera.", "name": "Ada Rossi",
          "email": "ada.rossi@example.org"}


def statement_url(district=None) -> str:
    return f"/ambiti/{district.slug}/accessibilita" if district else "/accessibilita"


def form_url(district=None) -> str:
    return statement_url(district) + "/segnala"


def footer_links(response) -> dict[str, str]:
    footer = BeautifulSoup(response.get_data(as_text=True), "html.parser").find("footer")
    return {a["href"].split("?")[0].rstrip("/").rsplit("/", 1)[-1]: a["href"] for a in footer.find_all("a")}


def reports() -> list[AccessibilityFeedback]:
    return list(db.session.scalars(db.select(AccessibilityFeedback).order_by(AccessibilityFeedback.id)))


@pytest.fixture
def other_district(app):
    other = District(name="Ambito di Lodi", slug="lodi")
    db.session.add(other)
    db.session.commit()
    return other


# ---- the pages ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["it", "en"])
def test_the_statement_says_the_state_the_limits_the_dates_and_where_to_report(client, district, language):
    client.set_cookie("lang", language, domain="pdz.test")
    response = client.get(statement_url(district))
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.find("html")["lang"] == language
    assert district.name in page.find("main").get_text()
    sections = {h2.get("id") for h2 in page.find_all("h2")}
    assert {"stato", "contenuti-non-accessibili", "redazione", "feedback", "procedura"} <= sections
    assert len(page.find(id="redazione").find_next("p").find_all("time")) == 2      # written, last reviewed
    hrefs = [a["href"] for a in page.find("main").find_all("a")]
    assert "https://form.agid.gov.it/" in hrefs
    assert any(h.startswith(form_url(district)) for h in hrefs)


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_installation_has_its_own_statement_and_legal_notes(client, plan, language):
    client.set_cookie("lang", language, domain="pdz.test")
    for url in ("/accessibilita", "/note-legali", "/accessibilita/segnala"):
        response = client.get(url)
        assert response.status_code == 200, url
        main = BeautifulSoup(response.get_data(as_text=True), "html.parser").find("main")
        assert plan.district.name not in main.get_text()


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_legal_notes_name_the_licences_the_source_code_and_the_district(client, district, language):
    client.set_cookie("lang", language, domain="pdz.test")
    response = client.get(f"/ambiti/{district.slug}/note-legali")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "AGPL-3.0-or-later" in text and "CC BY 4.0" in text and f"© {district.name}" in text
    assert 'href="https://github.com/pdz-partecipato/pdz-partecipato"' in text


def test_footers_link_the_districts_statement_notes_and_privacy_on_its_pages(client, plan, district, office):
    ours = f"/ambiti/{district.slug}"
    for url, prefix in ((ours + "/", ours), (f"/piani/{plan.id}", ours), (ours + "/note-legali", ours),
                        ("/enti", ""), ("/accessibilita", "")):
        links = footer_links(client.get(url))
        assert links["privacy"] == "/privacy", url
        assert links["accessibilita"] == prefix + "/accessibilita", url
        assert links["note-legali"] == prefix + "/note-legali", url
    login(client, office)
    links = footer_links(client.get(f"/gestione/{district.slug}/"))
    assert links["accessibilita"] == ours + "/accessibilita" and links["note-legali"] == ours + "/note-legali"


def test_the_statements_link_to_the_form_carries_the_page_the_visitor_came_from(client, district):
    response = client.get(statement_url(district), headers={"Referer": "http://pdz.test/enti?tipo=comune"})
    form = client.get(re.search(r'href="([^"]*/segnala[^"]*)"', response.get_data(as_text=True))[1]
                      .replace("&amp;", "&"))
    field = BeautifulSoup(form.get_data(as_text=True), "html.parser").find(id="page")
    assert field["value"] == "/enti?tipo=comune"


def test_only_addresses_of_this_site_become_the_page():
    root = "http://pdz.test/"
    assert page_path("http://pdz.test/enti", root) == "/enti"
    assert page_path("/aree/3?x=1", root) == "/aree/3?x=1"
    assert page_path("https://altro.example/enti", root) == page_path("//altro.example", root) == ""
    assert page_path("javascript:alert(1)", root) == page_path("enti", root) == ""


# ---- the form -------------------------------------------------------------------------------------------

def test_a_report_is_kept_and_mailed_to_the_districts_office_with_a_link_from_the_public_address(
        app, client, district, office, other_district, make_user):
    make_user("ufficio@lodi.example.org", Role.PLANNING_OFFICE, other_district)
    app.config["PDZ_BASE_URL"] = "https://pdz.example.org"
    response = client.post(form_url(district), data=REPORT, headers={"Host": "pdz.test"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/ambiti/{district.slug}/accessibilita/grazie")
    [report] = reports()
    assert (report.district_id, report.page, report.email, report.name) == (district.id, "/enti", REPORT["email"],
                                                                            "Ada Rossi")
    [message] = mail.outbox()
    assert message.to == office.email and message.district == district.slug
    assert f"https://pdz.example.org/gestione/{district.slug}/accessibilita" in message.body
    assert "https://pdz.example.org/enti" in message.body and REPORT["description"] in message.body
    assert "pdz.test" not in message.body


def test_a_report_about_the_installation_reaches_the_administrators(client, plan, office, make_user):
    admin = make_user("admin@example.org", admin=True)
    assert client.post(form_url(), data={**REPORT, "name": "", "email": ""}).status_code == 302
    [report] = reports()
    assert report.district_id is None and report.email is None
    assert [m.to for m in mail.outbox()] == [admin.email]


def test_the_form_says_what_is_missing_and_keeps_what_was_typed(client, district):
    response = client.post(form_url(district), data={"page": "https://altrove.example/x", "description": "",
                                                      "name": "Ada", "email": "non-un-indirizzo"})
    assert response.status_code == 422
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert {e["id"] for e in page.select(".invalid-feedback")} == {"page-error", "description-error", "email-error"}
    assert page.find(id="name")["value"] == "Ada" and page.find(id="email")["value"] == "non-un-indirizzo"
    assert page.find(id="page")["aria-invalid"] == "true"
    assert reports() == [] and mail.outbox() == []


def test_a_bot_filling_the_hidden_field_is_thanked_and_nothing_is_kept(client, district):
    assert client.post(form_url(district), data={**REPORT, "website": "http://spam"}).status_code == 302
    assert reports() == [] and mail.outbox() == []


def test_reports_are_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, ACCESSIBILITY_FEEDBACK_RATE_LIMIT="2 per minute")
    with app.app_context():
        client = app.test_client()
        codes = [client.post(form_url(), data={**REPORT, "description": f"Problema {n}"}).status_code
                 for n in range(3)]
        assert codes == [302, 302, 429]
        assert client.get(form_url()).status_code == 200        # reading the form is not limited


# ---- the reports, for whoever answers them ---------------------------------------------------------------

def test_the_office_reads_its_districts_reports_and_marks_them_handled(client, district, office, other_district):
    client.post(form_url(district), data=REPORT)
    client.post(form_url(other_district), data={**REPORT, "description": "Problema a Lodi"})
    login(client, office)
    listing = client.get(f"/gestione/{district.slug}/accessibilita").get_data(as_text=True)
    assert REPORT["description"] in listing and "Problema a Lodi" not in listing
    management = client.get(f"/gestione/{district.slug}/").get_data(as_text=True)
    assert f"/gestione/{district.slug}/accessibilita" in management          # a section of the district's page
    ours = reports()[0]
    response = client.post(f"/gestione/{district.slug}/accessibilita/{ours.id}/gestita")
    assert response.status_code == 302
    db.session.refresh(ours)
    assert ours.handled_at is not None and ours.handled_by_id == office.id


def test_anonymous_visitors_and_referents_cannot_see_the_reports(client, district, referent):
    assert client.get(f"/gestione/{district.slug}/accessibilita").headers["Location"].startswith("/login")
    login(client, referent)
    assert client.get(f"/gestione/{district.slug}/accessibilita").status_code == 403
    assert client.get("/gestione/accessibilita").status_code == 403


def test_another_districts_office_cannot_see_or_handle_the_reports(client, district, other_district, make_user):
    client.post(form_url(district), data=REPORT)
    report = reports()[0]
    login(client, make_user("ufficio@lodi.example.org", Role.PLANNING_OFFICE, other_district))
    assert client.get(f"/gestione/{district.slug}/accessibilita").status_code == 403
    assert client.post(f"/gestione/lodi/accessibilita/{report.id}/gestita").status_code == 404
    assert client.get("/gestione/accessibilita").status_code == 403
    db.session.refresh(report)
    assert report.handled_at is None


def test_the_administrator_reads_every_report(client, district, make_user):
    client.post(form_url(district), data=REPORT)
    client.post(form_url(), data={**REPORT, "description": "Problema dell'installazione"})
    login(client, make_user("admin@example.org", admin=True))
    listing = client.get("/gestione/accessibilita").get_data(as_text=True)
    assert REPORT["description"] in listing and "Problema dell&#39;installazione" in listing
    installation = reports()[1]
    assert client.post(f"/gestione/accessibilita/{installation.id}/gestita").status_code == 302
    db.session.refresh(installation)
    assert installation.handled_at is not None


# ---- personal data --------------------------------------------------------------------------------------

def test_a_reports_name_and_address_are_exported_and_erased_with_the_person(client, district, other_district):
    client.post(form_url(district), data={**REPORT, "description": "Sono Ada Rossi: il menu non si apre."})
    client.post(form_url(other_district), data=REPORT)
    exported = privacy.export_person(REPORT["email"])["accessibility_feedback"]
    assert [r["page"] for r in exported] == ["/enti", "/enti"] and exported[0]["name"] == "Ada Rossi"
    assert len(privacy.export_person(REPORT["email"], district.id)["accessibility_feedback"]) == 1
    assert privacy.erase_person(REPORT["email"], district.id)["accessibility_feedback"] == 1
    db.session.commit()
    ours, theirs = reports()
    assert (ours.name, ours.email) == (None, None) and "Ada Rossi" not in ours.description
    assert ours.description.endswith("il menu non si apre.")          # the report stays, for the site
    assert theirs.email == REPORT["email"]                            # another district's, outside the scope
