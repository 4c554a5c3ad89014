"""The planning office keeps its district's territory: the demo's 48 comuni and mayors' assembly, a comune
refused for a wrong ISTAT code with what was typed kept, then added; a seat in the assembly; axe-core on each
page."""
import re

import pytest

from app.plans import sample_data, slugify
from tests.browser.journey import submit

pytestmark = pytest.mark.browser
DEMO_OFFICE, DEMO_PASSWORD = "ufficio@demo.pdz", "demo"


@pytest.fixture(scope="module")
def server(serve):
    """The demo: its district holds the 48 comuni, the managing body and the mayors' assembly."""
    return serve("territory", None, pdz=[["demo", "--no-serve"]])


def test_the_office_keeps_the_territory_and_the_assembly(page, login, visit, assert_accessible):
    slug = slugify(sample_data()["district"]["name"])
    login(DEMO_OFFICE, DEMO_PASSWORD)
    visit(f"/gestione/{slug}/")
    page.locator("main a", has_text="Territorio e governance").first.click()
    page.wait_for_url(re.compile(r"/territorio/$"))
    assert page.locator("section[aria-labelledby=municipalities] tbody tr").count() == 48
    assert page.locator("main", has_text="Comunità Sociale Cremasca").count() == 1
    assert_accessible(page, "territory")

    page.locator("main a", has_text="Aggiungi un comune").click()
    page.wait_for_url(re.compile(r"/comuni/nuovo$"))
    page.fill("input[name=istat_code]", "016999")
    page.fill("input[name=population]", "23316")
    page.fill("input[name=population_year]", "2023")
    form = page.locator("main form.pdz-form")
    assert submit(page, form.locator("button.btn-primary[type=submit]")) == 422
    assert page.get_attribute("input[name=istat_code]", "aria-invalid") == "true"
    assert page.input_value("input[name=population]") == "23316"
    assert_accessible(page, "comune refused")
    page.fill("input[name=istat_code]", "016091")
    assert submit(page, form.locator("button.btn-primary[type=submit]")) == 200
    assert page.locator("main th", has_text="Dalmine").count() == 1

    page.locator("main a", has_text="Assemblea dei Sindaci").first.click()
    page.wait_for_url(re.compile(r"/organismi/\d+/$"))
    assert page.locator("section[aria-labelledby=members] tbody tr").count() == 48
    page.fill("input[name=name]", "Assessore delegato di Dalmine")
    page.select_option("select[name=municipality_id]", label="Dalmine")
    assert submit(page, page.locator("section[aria-labelledby=new-member] button[type=submit]")) == 200
    assert page.locator("main th", has_text="Assessore delegato di Dalmine").count() == 1
    assert_accessible(page, "mayors' assembly")

    visit(f"/gestione/{slug}/territorio/importa")
    assert_accessible(page, "territory import")


def test_each_district_tells_its_story_and_its_office_keeps_its_figures(page, login, visit, assert_accessible):
    visit("/")
    page.locator("main a", has_text="Ambito territoriale di Dalmine").click()
    page.wait_for_url(re.compile(r"/ambiti/dalmine/$"))
    story = page.locator("section[aria-labelledby=district-story]")
    assert "137.000" in story.inner_text() and "Autori del cambiamento" in story.inner_text()
    assert page.locator("main", has_text="Cremasco").count() == 0
    assert_accessible(page, "another district's story")

    login("ufficio@dalmine.demo.pdz", DEMO_PASSWORD)
    visit("/gestione/dalmine/territorio/")
    assert page.locator("section[aria-labelledby=figures] tbody tr").count() == 7
    page.locator("main a", has_text="Aggiungi un dato").click()
    page.wait_for_url(re.compile(r"/cifre/nuova$"))
    page.fill("input[name=label]", "famiglie accolte")
    page.fill("input[name=value]", "-4")
    form = page.locator("main form.pdz-form")
    assert submit(page, form.locator("button.btn-primary[type=submit]")) == 422
    assert page.input_value("input[name=label]") == "famiglie accolte"
    assert_accessible(page, "figure refused")
    page.fill("input[name=value]", "40")
    assert submit(page, form.locator("button.btn-primary[type=submit]")) == 200
    assert page.locator("section[aria-labelledby=figures] tbody tr").count() == 8
    crema = page.goto(f"/gestione/{slugify(sample_data()['district']['name'])}/territorio/")
    assert crema.status == 403                                         # another district's office stays out
