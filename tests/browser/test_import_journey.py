"""The planning office imports the sample plan through the UI: a broken file is refused with every problem
listed and nothing written, then the real sample file gives the plan with its 3 areas and 17 actions.
It runs against a server of its own, so the other journeys' data stays as they expect it."""
import json
import re
from pathlib import Path

import pytest

import app

SAMPLE = Path(app.__file__).parent / "sample" / "crema-2012-2014.json"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(serve):
    """A server whose district (the sample's) holds only a small plan, so the sample can be imported into it
    through the UI without touching the data the other journeys read."""
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    small = {"title": "Piano di prova 2024-2026", "start_year": 2024, "end_year": 2026,
             "theses": ["Una tesi di prova"],
             "areas": [{"name": "Area di prova", "actions": [{"title": "Azione di prova"}]}]}
    return serve("import", {"district": sample["district"], "plan": small})


def _upload(page, file):
    page.set_input_files("main input[type=file][name=file]", file)
    with page.expect_navigation() as navigation:
        page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    return navigation.value.status


def test_the_planning_office_imports_the_sample_plan_through_the_ui(page, login, visit, assert_accessible,
                                                                    server):
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    login()
    page.wait_for_url(re.compile(rf"/gestione/{server.district_slug}/$"))
    page.locator(f"main a[href='/gestione/{server.district_slug}/importa']").first.click()
    page.wait_for_url(re.compile(r"/importa$"))
    assert_accessible(page, "import page")

    broken = json.loads(SAMPLE.read_text(encoding="utf-8"))
    broken["plan"]["areas"][0]["actions"][0]["title"] = ""
    broken["plan"]["areas"][1]["actions"][0]["planned_start"] = "non è una data"
    status = _upload(page, {"name": "piano-sbagliato.json", "mimeType": "application/json",
                            "buffer": json.dumps(broken).encode()})
    assert status == 422
    problems = page.locator("main section[aria-labelledby=import-heading] table tbody tr")
    assert problems.count() == 2, problems.all_inner_texts()
    assert "areas[0].actions[0]" in problems.nth(0).inner_text()
    assert_accessible(page, "import refused, problems listed")
    visit("/")
    assert page.locator("main a", has_text=sample["plan"]["title"]).count() == 0   # nothing was written

    page.goto(f"/gestione/{server.district_slug}/importa")
    assert _upload(page, str(SAMPLE)) == 200
    assert re.search(rf"/gestione/{server.district_slug}/piani/\d+", page.url), page.url
    plan_id = re.search(r"/piani/(\d+)", page.url).group(1)
    assert page.locator("main [role=status], main .alert-success").count() >= 1
    assert page.locator("main th a[href$='/modifica']").count() == 17
    assert_accessible(page, "the imported plan in the office")

    visit(f"/piani/{plan_id}")
    assert page.locator("h1").inner_text() == sample["plan"]["title"]
    assert page.locator("main h3 a").all_inner_texts() == [area["name"] for area in sample["plan"]["areas"]]
    assert page.locator("main ul a[href^='/azioni/']").count() == 17
