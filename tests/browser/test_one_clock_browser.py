"""One clock, in a real browser: the moment a post went public reads the same on the public post, in the office's
editor and in the audit log - Rome time, even on a computer set to another time zone."""
from __future__ import annotations

import pytest

from tests.browser.conftest import _sample_with_details

pytestmark = pytest.mark.browser

# 22:30 UTC on 15 July is already 16 July in Rome (00:30, summer time): a day apart if any page forgets to convert.
SEED = """
from datetime import datetime
from app import create_app
from app.extensions import db
from app.models import District
from posts.models import Post, PostKind, PostStatus
app = create_app()
with app.app_context():
    district = db.session.scalar(db.select(District))
    moment = datetime(2026, 7, 15, 22, 30)
    post = Post(district_id=district.id, title="Sintesi di mezzanotte", slug="sintesi-di-mezzanotte",
                kind=PostKind.SYNTHESIS, status=PostStatus.PUBLISHED, published_at=moment, generated_at=moment,
                body="## Da dove partiamo\\n\\nTesto.")
    db.session.add(post)
    db.session.commit()
    print(post.id, post.slug, district.slug)
"""
ROME_DAY = """iso => new Intl.DateTimeFormat("it-IT", {timeZone: "Europe/Rome", day: "2-digit", month: "2-digit",
                                                      year: "numeric"}).format(new Date(iso))"""
ROME_HOUR = """iso => new Intl.DateTimeFormat("it-IT", {timeZone: "Europe/Rome", hour: "2-digit", minute: "2-digit",
                                                       hourCycle: "h23"}).format(new Date(iso))"""


@pytest.fixture(scope="module")
def server(serve):
    return serve("clock", _sample_with_details(), seed=SEED)


@pytest.fixture
def context(browser, server):
    """A computer in New York: what the pages say must not depend on its clock."""
    context = browser.new_context(base_url=server.url, locale="it-IT", timezone_id="America/New_York",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


def test_the_moment_a_post_went_public_reads_the_same_on_every_page(page, visit, login, server):
    post_id, slug, district = server.seed_output.split()[-3:]
    visit(f"/blog/{district}/{slug}")
    published = page.locator("main time[datetime$='Z']").first
    moment = published.get_attribute("datetime")
    day, hour = page.evaluate(ROME_DAY, moment), page.evaluate(ROME_HOUR, moment)
    assert (day, hour) == ("16/07/2026", "00:30")
    assert published.inner_text() == "16 luglio 2026"

    login()
    visit(f"/gestione/{district}/blog/articoli/{post_id}/")
    editor = page.locator("main").inner_text()
    assert editor.count(f"{day}, {hour}") >= 2     # "Generato il ..." and "Pubblicato ... dal ..."

    visit(f"/gestione/{district}/registro?entity=Post")
    created = page.locator("main tr[data-operation=create]").first
    assert f"{day}, {hour}" in created.text_content()    # the values the post was created with
