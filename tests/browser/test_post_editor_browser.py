"""The planning office edits a generated synthesis in a real browser: the preview follows the typing, the text
autosaves and survives a reload, a section is regenerated after its comparison - axe-core on every page."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import OFFICE_EMAIL, _sample_with_details

pytestmark = pytest.mark.browser

SEED = f"""
from app import create_app
from app.extensions import db
from app.account_models import User
from app.models import District
from focus_groups.demo import load_demo_focus
from posts import services
app = create_app()
with app.app_context():
    plan = db.session.scalar(db.select(District)).current_plan
    focus = load_demo_focus(plan)
    office = db.session.scalar(db.select(User).filter_by(email={OFFICE_EMAIL!r}))
    post = services.create_synthesis(focus, author=office)
    db.session.commit()
    print(post.id)
"""


def _png() -> bytes:
    import io
    from PIL import Image
    data = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 114, 178)).save(data, "PNG")
    return data.getvalue()


@pytest.fixture(scope="module")
def server(serve):
    server = serve("editor", _sample_with_details(), seed=SEED)
    server.post_id = int(server.seed_output.split()[-1])
    return server


def test_live_preview_and_autosave_of_a_synthesis(page, visit, login, assert_accessible, server):
    from playwright.sync_api import expect
    login()
    base = f"/gestione/{server.district_slug}/blog"
    visit(f"{base}/articoli/")
    visit(f"{base}/sintesi")
    editor = f"{base}/articoli/{server.post_id}/"
    visit(editor)
    preview = page.locator("#post-preview")
    assert preview.locator("h2").count() == 11
    body = page.locator("textarea[name=body]")

    # Type a paragraph at the end of the first section: the preview shows it, rendered, without a reload.
    text = body.input_value()
    marker = "<!-- /section:intro -->"
    typed = "Un paragrafo **scritto a mano** dall'Ufficio di Piano."
    body.fill(text.replace(marker, typed + "\n\n" + marker, 1))
    body.press("End")
    # (Playwright's locators wait without evaluating strings, which the Content-Security-Policy forbids.)
    preview.locator("strong", has_text="scritto a mano").wait_for()
    assert "**" not in preview.inner_text()

    # Autosave: the status says saved, and a reload brings the text back from the server.
    status = page.locator("#autosave-status")
    expect(status).to_have_text(re.compile(r"(Salvato alle|Saved at) \d\d:\d\d"), timeout=15_000)
    assert_accessible(page, "editor after typing")
    page.evaluate("localStorage.clear()")
    page.reload()
    assert typed in page.locator("textarea[name=body]").input_value()

    # An image goes where the cursor was, and the preview shows it with its description.
    body = page.locator("textarea[name=body]")
    body.click()
    body.press("Control+Home")
    page.locator("#image").set_input_files({"name": "sala.png", "mimeType": "image/png", "buffer": _png()})
    page.locator("#alt").fill("La sala dell'incontro")
    page.locator("#image-form button[type=submit]").click()
    preview.locator("img[alt=\"La sala dell'incontro\"]").wait_for()
    assert body.input_value().startswith("![La sala dell'incontro](/blog/immagini/")
    page.locator("button[name=action][value=save]").click()       # waits for a running autosave
    page.wait_for_load_state("load")
    assert page.locator("textarea[name=body]").input_value().startswith("![La sala dell'incontro](/blog/")
    assert page.locator(".alert-success").count() == 1

    # Regenerate the keywords section: the comparison first, then the hand-written paragraph survives.
    page.locator("#sections-panel a[href$='/sezioni/keywords']").click()
    page.wait_for_load_state("load")
    assert_accessible(page, "regenerate keywords")
    assert page.locator("#edited-warning").count() == 0
    page.locator("a", has_text=re.compile("Torna all'articolo|Back to the post")).click()
    assert typed in page.locator("textarea[name=body]").input_value()


def test_preview_without_javascript(browser, server):
    context = browser.new_context(base_url=server.url, java_script_enabled=False, locale="it-IT")
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("input[name=email]", OFFICE_EMAIL)
        page.fill("input[name=password]", server.password)
        page.locator("main form button[type=submit]").click()
        page.goto(f"/gestione/{server.district_slug}/blog/articoli/{server.post_id}/")
        page.fill("textarea[name=body]", "## Solo anteprima\n\nTesto *senza* JavaScript.")
        page.locator("button[name=action][value=preview]").click()
        assert page.locator("#post-preview h2").inner_text() == "Solo anteprima"
        assert page.locator("#post-preview em").inner_text() == "senza"
    finally:
        context.close()
