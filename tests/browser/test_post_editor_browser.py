"""The planning office edits a generated synthesis in a real browser: sections and charts as blocks, the preview
follows the typing, the formatting toolbar and its shortcuts, the text autosaves and survives a reload, a chart
moves and goes, a section is regenerated after its comparison - axe-core on every page."""
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
from posts import sections, services
app = create_app()
with app.app_context():
    plan = db.session.scalar(db.select(District)).current_plan
    focus = load_demo_focus(plan)
    office = db.session.scalar(db.select(User).filter_by(email={OFFICE_EMAIL!r}))
    post = services.create_synthesis(focus, author=office)
    # A chart of its own in the keywords section, whatever the sample's figures say.
    post.charts = dict(post.charts or {{}}, sample=dict(
        title="Parole più citate", figure=dict(data=[dict(type="bar", x=["rete"], y=[2])], layout=dict()),
        table=dict(caption="Parole più citate", headers=["Parola", "Volte"], rows=[["rete", "2"]])))
    keywords = sections.extract(post.body, "keywords")
    post.body = sections.replace(post.body, "keywords", keywords + "\\n\\n[[chart:sample]]")
    post.generated_sections = dict(post.generated_sections, keywords=sections.extract(post.body, "keywords"))
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
    # Sections are blocks with their title, charts blocks with their preview: no markers, no chart codes.
    form_text = page.locator("#post-form").inner_text()
    assert "<!--" not in form_text and "[[chart:" not in form_text
    assert page.locator("#body input[name$='-title']").count() == 11
    body = page.locator("#body .pdz-block-section textarea").first

    # Type a paragraph at the end of the first section: the preview shows it, rendered, without a reload.
    typed = "Un paragrafo **scritto a mano** dall'Ufficio di Piano."
    body.fill(body.input_value() + "\n\n" + typed)
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
    body = page.locator("#body .pdz-block-section textarea").first
    assert typed in body.input_value()

    # An image goes where the cursor was, and the preview shows it with its description.
    body.click()
    body.press("Control+Home")
    page.locator("#image").set_input_files({"name": "sala.png", "mimeType": "image/png", "buffer": _png()})
    page.locator("#alt").fill("La sala dell'incontro")
    page.locator("#image-form button[type=submit]").click()
    preview.locator("img[alt=\"La sala dell'incontro\"]").wait_for()
    assert body.input_value().startswith("![La sala dell'incontro](/blog/immagini/")
    page.locator("button[name=action][value=save]").click()       # waits for a running autosave
    page.wait_for_load_state("load")
    body = page.locator("#body .pdz-block-section textarea").first
    assert body.input_value().startswith("![La sala dell'incontro](/blog/")
    assert page.locator(".alert-success").count() == 1

    # Regenerate the keywords section: the comparison first, then the hand-written paragraph survives.
    page.locator("#sections-panel a[href$='/sezioni/keywords']").click()
    page.wait_for_load_state("load")
    assert_accessible(page, "regenerate keywords")
    assert page.locator("#edited-warning").count() == 0
    page.locator("a", has_text=re.compile("Torna all'articolo|Back to the post")).click()
    assert typed in page.locator("#body .pdz-block-section textarea").first.input_value()


def test_the_toolbar_formats_and_a_chart_block_moves_and_goes(page, visit, login, assert_accessible, server):
    from playwright.sync_api import expect
    login()
    visit(f"/gestione/{server.district_slug}/blog/articoli/{server.post_id}/")
    preview = page.locator("#post-preview")
    area = page.locator("#body textarea").last              # the text at the end, after the sections
    area.fill("prima seconda")

    # The Bold button wraps the selection; so does Ctrl+B; Ctrl+K makes a link with its address selected.
    area.evaluate("a => a.setSelectionRange(0, 5)")
    toolbar = page.locator(".pdz-md-toolbar").last
    toolbar.get_by_role("button", name=re.compile("^(Grassetto|Bold)$")).click()
    assert area.input_value() == "**prima** seconda"
    preview.locator("strong", has_text="prima").wait_for()
    area.evaluate("a => a.setSelectionRange(10, 17)")
    area.press("Control+b")
    assert area.input_value() == "**prima** **seconda**"
    preview.locator("strong", has_text="seconda").wait_for()
    area.evaluate("a => a.setSelectionRange(a.value.length, a.value.length)")
    area.press("Control+k")
    area.type("https://example.org")
    assert area.input_value().endswith("](https://example.org)")
    preview.locator("a[href='https://example.org']").wait_for()
    for name in ("Corsivo|Italic", "Elenco puntato|Bulleted list", "Inserisci un collegamento|Insert a link",
                 "Titolo|Heading"):
        expect(toolbar.get_by_role("button", name=re.compile(f"^({name})$"))).to_have_count(1)
    assert_accessible(page, "editor with the toolbar")

    # A chart block moves up past the block above it, and is removed with its button.
    status = page.locator("#autosave-status")
    expect(status).to_have_text(re.compile(r"(Salvato alle|Saved at) \d\d:\d\d"), timeout=15_000)
    charts = page.locator("#body .pdz-block-chart")
    count = charts.count()
    assert count >= 1
    first = charts.first
    before = page.locator("#body [data-block]:not([hidden])").evaluate_all(
        "blocks => blocks.map(b => b.dataset.block)")
    number = first.get_attribute("data-block")
    first.locator("button[value^='up:']").click()
    after = page.locator("#body [data-block]:not([hidden])").evaluate_all(
        "blocks => blocks.map(b => b.dataset.block)")
    assert after.index(number) == before.index(number) - 1
    assert page.locator("input[name=blocks]").input_value().split(",").index(number) >= 0
    with page.expect_response(lambda r: r.url.endswith("/salva"), timeout=15_000) as saved:
        page.locator(f"#body [data-block='{number}'] button[value^='remove:']").click()
        expect(charts).to_have_count(count - 1)
    assert saved.value.json()["ok"]
    page.evaluate("localStorage.clear()")
    page.reload()
    expect(page.locator("#body .pdz-block-chart")).to_have_count(count - 1)
    assert "**prima** **seconda**" in page.locator("#body textarea").last.input_value() or \
        "**prima** **seconda**" in "\n".join(a.input_value() for a in page.locator("#body textarea").all())


def test_preview_without_javascript(browser, server):
    context = browser.new_context(base_url=server.url, java_script_enabled=False, locale="it-IT")
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("input[name=email]", OFFICE_EMAIL)
        page.fill("input[name=password]", server.password)
        page.locator("main form button[type=submit]").click()
        page.goto(f"/gestione/{server.district_slug}/blog/articoli/{server.post_id}/")
        page.locator("#body textarea").last.fill("## Solo anteprima\n\nTesto *senza* JavaScript.")
        page.locator("button[name=action][value=preview]").click()
        assert page.locator("#post-preview h2").last.inner_text() == "Solo anteprima"
        assert page.locator("#post-preview em").last.inner_text() == "senza"
    finally:
        context.close()
