"""The planning office records its funding and reads the plan draft's approval page: a programme refused
without a name with what was typed kept, then added; a bid; the chapter that says what data it lacks; the
approval form; axe-core on each page."""
import re

import pytest

from app.plans import sample_data, slugify
from tests.browser.journey import submit

pytestmark = pytest.mark.browser
DEMO_OFFICE, DEMO_PASSWORD = "ufficio@demo.pdz", "demo"


@pytest.fixture(scope="module")
def server(serve):
    return serve("funding", None, pdz=[["demo", "--no-serve"]])


def test_the_office_records_funding_and_reads_what_the_document_lacks(page, login, visit, assert_accessible):
    slug = slugify(sample_data()["district"]["name"])
    login(DEMO_OFFICE, DEMO_PASSWORD)
    visit(f"/gestione/{slug}/")
    page.locator("main a", has_text="Fondi e bandi").first.click()
    page.wait_for_url(re.compile(r"/fondi/$"))
    assert page.locator("main", has_text="Wel(l)FARE legami").count() == 1      # the demo's bid
    assert_accessible(page, "funding")

    page.locator("main a", has_text="Aggiungi un programma").click()
    page.wait_for_url(re.compile(r"/programmi/nuovo$"))
    page.fill("input[name=year]", "2015")
    page.fill("input[name=amount]", "120.000,00")
    save = page.locator("main form.pdz-form button.btn-primary[type=submit]")
    assert submit(page, save) == 422
    assert page.input_value("input[name=amount]") == "120.000,00"
    assert_accessible(page, "programme refused")
    page.fill("input[name=name]", "FNPS 2015")
    assert submit(page, save) == 200
    assert page.locator("main", has_text="FNPS 2015").count() >= 1

    visit(f"/gestione/{slug}/fondi/bandi/nuovo")
    page.fill("input[name=title]", "Autori del cambiamento")
    page.fill("input[name=call]", "Fondazione della Comunità Bergamasca, bando 2/2013")
    page.select_option("select[name=outcome]", "granted")
    page.fill("input[name=amount_granted]", "14.000,00")
    assert submit(page, page.locator("main form.pdz-form button.btn-primary[type=submit]")) == 200
    assert page.locator("main td", has_text="14.000,00").count() == 1

    visit(f"/gestione/{slug}/bozze/1/")
    page.locator("main a", has_text="Monitoraggio").first.click()
    page.wait_for_url(re.compile(r"/capitoli/\d+$"))
    assert_accessible(page, "chapter with its notes")
    visit(f"/gestione/{slug}/bozze/1/approva")
