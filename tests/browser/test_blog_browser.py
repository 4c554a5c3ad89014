"""A reader finds a synthesis on the blog, reads it and leaves a comment; the planning office approves it
and it appears under the post - in a real browser, with axe-core on every page."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import _sample_with_details

pytestmark = pytest.mark.browser

TITLE = "Sintesi dei contenuti emersi nel gruppo Modello organizzativo"
SEED = f"""
from app import create_app
from app.extensions import db
from app.models import District, utcnow
from posts.models import Post, PostKind, PostStatus, PostTag
app = create_app()
with app.app_context():
    district = db.session.scalar(db.select(District))
    area = district.current_plan.areas[2]
    post = Post(district_id=district.id, title={TITLE!r}, slug="sintesi-modello-organizzativo",
                kind=PostKind.SYNTHESIS, status=PostStatus.PUBLISHED, published_at=utcnow(), area=area,
                comments_enabled=True, summary="Che cosa è emerso nel gruppo di lavoro.",
                body="## Da dove partiamo\\n\\nIl piano chiedeva **corresponsabilità**.\\n\\n"
                     "## Le parole chiave emerse\\n\\n| Parola | Quante volte |\\n|---|---|\\n"
                     "| sinergia | 4 |\\n| condivisione | 3 |\\n")
    post.tags.append(PostTag(district_id=district.id, name="Sintesi", slug="sintesi", area=area))
    db.session.add(post)
    db.session.commit()
"""


@pytest.fixture(scope="module")
def server(serve):
    return serve("blog", _sample_with_details(), seed=SEED)


def test_a_reader_comments_on_a_synthesis_and_the_office_approves_it(page, visit, assert_accessible, login):
    visit("/")
    page.locator("header .nav-link", has_text="Blog").click()
    assert page.url.endswith("/blog")
    assert_accessible(page, "blog")
    page.locator("main h2 a", has_text=TITLE).click()
    assert re.search(r"/blog/[a-z0-9-]+/sintesi-modello-organizzativo$", page.url)
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator('meta[property="og:type"]').get_attribute("content") == "article"
    assert page.locator("main table td", has_text="sinergia").count() == 1
    assert_accessible(page, "post")

    form = page.locator("form.pdz-comment-form")
    form.locator("input[name=name]").fill("Maria Rossi")
    form.locator("input[name=email]").fill("maria.rossi@example.org")
    form.locator("textarea[name=body]").fill("Una sintesi chiara: grazie.")
    form.locator("label[for=consent]").click()   # Bootstrap Italia draws the box on the label
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator(".alert-success").count() == 1
    assert "Una sintesi chiara" not in page.locator("main").inner_text()     # waits for the office
    assert_accessible(page, "post after commenting")

    post_url = page.url.split("#")[0]
    login()
    queue = re.sub(r"/blog/([a-z0-9-]+)/.*", r"/gestione/\1/blog/commenti", post_url)
    visit(queue)
    item = page.locator("main article", has_text="Una sintesi chiara")
    assert "maria.rossi@example.org" in item.inner_text()
    item.locator("button", has_text="Approva").click()
    page.wait_for_load_state("load")
    assert page.locator("main article", has_text="Una sintesi chiara").count() == 0
    assert_accessible(page, "moderation queue")

    visit(post_url)
    comments = page.locator("#commenti")
    assert "Una sintesi chiara: grazie." in comments.inner_text()
    assert "maria.rossi@example.org" not in page.content()


def test_the_feed_and_the_printable_page(page, visit, context):
    response = context.request.get("/feed.atom")
    assert response.status == 200 and TITLE in response.text()
    visit("/blog/tag/sintesi")
    page.locator("main h2 a", has_text=TITLE).click()
    page.locator("main a", has_text="Pagina stampabile").click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == TITLE
    page.emulate_media(media="print")
    assert not page.locator("header.it-header-wrapper").is_visible()
